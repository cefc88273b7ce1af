"""Making a verified domain the tenant's primary domain (seed 000 STEP.4).

Seed 000 STEP.4 追加した新しいドメインを「プライマリドメイン」に変更, 【重要!ご注意ください】
lists what the switch does; :data:`SWITCH_WARNINGS` carries each item, cited, and
:func:`make_primary` refuses until the caller has acknowledged every one of them. The
other rules: only the top administrator (STEP.2: 本設定が実施できるのは、最高管理者のみ;
here operator role ``admin``), only a domain whose ownership is proven (status
``verified``, or ``in-use`` for a sub mail domain such as the former primary), and not
within 24 h of the previous switch (the old domain 「24時間は再変更できません」; a second
switch is refused with the time it unlocks).

The switch records ``primary_domain``, ``previous_primary_domain`` and
``primary_domain_changed_at`` on the tenant: triage reads the last two to recognise "my ID
changed" calls after a switch. Both the new and the former primary get status ``in-use``
(the former one lives on as a sub mail domain). Member IDs in the store are not rewritten
here: the store mirrors the vendor's tenant, which renames them; a later import brings
the new IDs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.domains.errors import DomainRefused
from helpdesk_tui.domains.model import (
    OWNED_STATUSES,
    SEED,
    SWITCH_LOCK,
    DomainView,
    find_entry,
    require_entry,
    switch_locked_until,
    view,
)
from helpdesk_tui.domains.names import canonical, parse_domain_name, unicode_form
from helpdesk_tui.domains.txn import audited_change, require_admin

HEADING = "STEP.4 追加した新しいドメインを「プライマリドメイン」に変更 【重要!ご注意ください】"


@dataclass(frozen=True)
class SwitchWarning:
    """One consequence of the switch that the administrator must acknowledge."""

    id: str
    seed: str = SEED
    heading: str = HEADING

    def text(self, lang: str, **params: object) -> str:
        from helpdesk_tui.i18n import catalogue

        return catalogue(lang).t(f"domains.warning.{self.id}", **params)

    def citation(self) -> str:
        return f"{self.seed} {self.heading}"


SWITCH_WARNINGS = (
    SwitchWarning("old-domain-becomes-sub-domain"),  # 元のドメインはサブメールドメインになり、24時間は再変更できません
    SwitchWarning("everyone-logged-out"),  # メンバー全員がログアウト…変更後のアカウントでのみログイン
    SwitchWarning("line-linked-temporary-id"),  # IDを登録せずにLINE連携 → 「仮ID@」
    SwitchWarning("custom-url-reset"),  # カスタムURLの情報がリセット
    SwitchWarning("tell-linked-services-first"),  # 連携サービスの担当者とご相談
    SwitchWarning("tell-members-first"),  # ボタンを押す前に、メンバーへ新ログイン情報を案内
)
WARNING_IDS = tuple(w.id for w in SWITCH_WARNINGS)


@dataclass(frozen=True)
class SwitchImpact:
    """Who the switch reaches, from the store's members (deleted members left out)."""

    members: int
    line_linked: int


@dataclass(frozen=True)
class SwitchResult:
    domain: DomainView  # the new primary
    previous: str | None  # ASCII name of the former primary
    changed_at: datetime
    locked_until: datetime  # no further switch before this

    def to_json(self) -> dict:
        return {
            "domain": self.domain.to_json(),
            "previous": self.previous,
            "changed_at": clock.iso(self.changed_at),
            "locked_until": clock.iso(self.locked_until),
        }


def switch_impact(store: Any) -> SwitchImpact:
    members = line = 0
    for member in store.iter_members():
        if member.get("status") == "deleted":
            continue
        members += 1
        line += bool(member.get("line_linked"))
    return SwitchImpact(members, line)


def warning_params(tenant: dict | None, new_domain: str, impact: SwitchImpact | None,
                   now: datetime) -> dict:
    """The values the warning texts mention, for ``new_domain`` (ASCII)."""
    old = (tenant or {}).get("primary_domain") or "-"
    return {
        "new": unicode_form(new_domain),
        "old": unicode_form(old),
        "until": (now + SWITCH_LOCK).isoformat(sep=" ", timespec="minutes"),
        "members": impact.members if impact else "?",
        "line_linked": impact.line_linked if impact else "?",
    }


def switch_warnings(lang: str, params: dict) -> list[tuple[SwitchWarning, str]]:
    """Every warning with its text in ``lang``, in the seed's order."""
    return [(w, w.text(lang, **params)) for w in SWITCH_WARNINGS]


def _check_switch(tenant: dict, operator: dict, domain, now: datetime) -> tuple[dict, DomainView]:
    """Every rule of the switch but the acknowledgement, in order: role, domain known,
    ownership proven, not already primary, the 24 h lock. Returns (entry, view)."""
    require_admin(operator, DomainRefused, "domain make-primary")
    entry = require_entry(tenant, domain)[1]
    current = view(tenant, entry, now)
    if current.primary:
        raise DomainRefused("already-primary", domain=current.display())
    if current.status not in OWNED_STATUSES:
        raise DomainRefused("not-verified", domain=current.display(), status=current.status)
    until = switch_locked_until(tenant, now)
    if until is not None:
        raise DomainRefused("switch-locked", changed_at=tenant["primary_domain_changed_at"],
                            until=until)
    return entry, current


def check_primary(store: Any, operator: dict, name: str) -> DomainView:
    """May ``operator`` make ``name`` primary now, once the warnings are acknowledged?

    The console asks this before it shows the warnings, so a refusal (role, state, the
    24 h lock) comes first. A refusal is audited like the switch's own; a "yes" changes
    nothing and leaves no entry (the switch itself is audited when it runs)."""
    domain = parse_domain_name(name)

    def body(tenant: dict):
        return None, _check_switch(tenant, operator, domain, clock.now())[1], {}

    return audited_change(store, operator, "domain-make-primary", {"domain": domain.ascii}, body,
                          audit_done=False)


def make_primary(store: Any, operator: dict, name: str, *,
                 acknowledged: Collection[str]) -> SwitchResult:
    """Make ``name`` the primary domain. Checks, in order: role, domain known, ownership
    proven, not already primary, the 24 h lock, every warning acknowledged."""
    domain = parse_domain_name(name)
    missing = [w for w in WARNING_IDS if w not in set(acknowledged)]

    def body(tenant: dict):
        now = clock.now()
        entry = _check_switch(tenant, operator, domain, now)[0]
        if missing:
            raise DomainRefused("warnings-not-acknowledged", missing=missing)
        previous = tenant.get("primary_domain")
        if previous:
            old = find_entry(tenant, canonical(previous))
            if old is not None:
                old[1]["status"] = "in-use"  # a sub mail domain from now on
        entry["status"] = "in-use"
        tenant["primary_domain"] = domain.ascii
        tenant["previous_primary_domain"] = previous
        tenant["primary_domain_changed_at"] = clock.iso(now)
        result = SwitchResult(view(tenant, entry, now), previous, now, now + SWITCH_LOCK)
        return tenant, result, {"previous": previous, "acknowledged": list(WARNING_IDS)}

    return audited_change(store, operator, "domain-make-primary", {"domain": domain.ascii}, body)
