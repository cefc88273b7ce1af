"""The tenant's domains as the console shows them, and the record the vendor asks for.

Storage is the import format's tenant object (GLOSSARY "Import format"): ``domains`` is a
list of ``{"name", "status", "provided"}`` plus the optional keys this package adds
(``token``, ``added_at``, ``verified_at``, ``checked_at``), and the tenant carries
``primary_domain``, ``previous_primary_domain`` and ``primary_domain_changed_at``.

States. The glossary's statuses are ``in-use | pending | verified | failed``; seed 000
names the flow pending → verified (所有権の確認) → primary (プライマリドメイン). There is
no "primary" status: the primary domain is the one named by the tenant's
``primary_domain``, and its status is ``in-use``. A former primary stays ``in-use`` (it
becomes a sub mail domain, seed 000 STEP.4), as does the provided ``*.by-works.com``
domain. ``state`` below folds the two into one word for display: ``primary`` for the
tenant's primary domain, else the status.

The ownership record. Seed 000 STEP.3: the vendor gives an MX record to publish
(「STEP2に記載されている『MXレコード』を…入力・設定」). Ours points at
``<token>.msv1.invalid``: a per-domain random token (``secrets``) under a reserved
``.invalid`` name (RFC 2606), which can never receive mail, and the glossary's DNS finding
``leftover-verification-mx`` recognises once it has served. Its preference is 100, the
lowest priority, so mail keeps flowing to the domain's existing servers while ownership
is being proven (our own choice; the seed does not give the value).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from helpdesk_tui import clock
from helpdesk_tui.domains.errors import DomainNotFound
from helpdesk_tui.domains.names import DomainName, canonical, unicode_form

SEED = "000_b509925ec010ac1e.txt"
PROVIDED_SUFFIX = "by-works.com"
VERIFICATION_MX_SUFFIX = "msv1.invalid"
VERIFICATION_MX_PREFERENCE = 100
VERIFICATION_TTL = 3600
TOKEN_BYTES = 10
# Seed 000 STEP.3: 「ドメインのステータスは変更されるまでに最大で24時間かかる場合があります。」
STATUS_WINDOW = timedelta(hours=24)
# Seed 000 STEP.4: 「元のドメインはサブメールドメインになり、24時間は再変更できません。」
SWITCH_LOCK = timedelta(hours=24)
# Statuses that prove ownership: a verified domain, or one already in use (a sub mail
# domain, e.g. the former primary), may become the primary domain.
OWNED_STATUSES = ("verified", "in-use")


def new_token() -> str:
    """A fresh verification token: 20 lower-case hex digits, a valid DNS label."""
    return secrets.token_hex(TOKEN_BYTES)


def parse_time(value) -> datetime | None:
    """A stored ISO time, or None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return clock.parse_iso(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class PublishRecord:
    """The DNS record that proves ownership of ``domain`` (seed 000 STEP.3)."""

    domain: str  # ASCII name, the record's owner
    unicode: str
    type: str
    preference: int
    value: str  # fully qualified, with the trailing dot
    ttl: int

    @property
    def host(self) -> str:
        """The MX host DNS must answer, without the trailing dot (what a check compares)."""
        return self.value.rstrip(".")

    def zone_line(self) -> str:
        """The record in zone-file syntax, exactly as it must appear."""
        return f"{self.domain}. {self.ttl} IN {self.type} {self.preference} {self.value}"

    def to_json(self) -> dict:
        return {
            "domain": self.domain,
            "unicode": self.unicode,
            "name": "@",
            "type": self.type,
            "preference": self.preference,
            "value": self.value,
            "ttl": self.ttl,
            "zone_line": self.zone_line(),
        }


def verification_record(domain: str, token: str) -> PublishRecord:
    """The MX record to publish for ``domain`` (ASCII) with its ``token``."""
    return PublishRecord(
        domain=domain,
        unicode=unicode_form(domain),
        type="MX",
        preference=VERIFICATION_MX_PREFERENCE,
        value=f"{token}.{VERIFICATION_MX_SUFFIX}.",
        ttl=VERIFICATION_TTL,
    )


@dataclass(frozen=True)
class DomainView:
    """One domain of the tenant, with everything a screen shows about it."""

    name: str  # ASCII (punycode) spelling, as stored
    unicode: str
    status: str  # glossary id: in-use | pending | verified | failed
    state: str  # "primary" for the tenant's primary domain, else ``status``
    provided: bool  # the vendor-provided *.by-works.com domain
    primary: bool
    previous_primary: bool
    token: str | None
    added_at: datetime | None
    verified_at: datetime | None
    checked_at: datetime | None
    settles_by: datetime | None  # pending: the vendor's status may take until then
    locked_until: datetime | None  # former primary inside the 24 h lock

    def display(self) -> str:
        return f"{self.unicode} ({self.name})" if self.unicode != self.name else self.name

    @property
    def record(self) -> PublishRecord | None:
        return verification_record(self.name, self.token) if self.token else None

    def to_json(self) -> dict:
        def iso(moment: datetime | None) -> str | None:
            return clock.iso(moment) if moment else None

        return {
            "name": self.name,
            "unicode": self.unicode,
            "status": self.status,
            "state": self.state,
            "provided": self.provided,
            "primary": self.primary,
            "previous_primary": self.previous_primary,
            "added_at": iso(self.added_at),
            "verified_at": iso(self.verified_at),
            "checked_at": iso(self.checked_at),
            "settles_by": iso(self.settles_by),
            "locked_until": iso(self.locked_until),
            "record": self.record.to_json() if self.token else None,
        }


def switch_locked_until(tenant: dict, now: datetime) -> datetime | None:
    """When the primary domain may be changed again, if the 24 h lock is still on."""
    changed = parse_time(tenant.get("primary_domain_changed_at"))
    if changed is None:
        return None
    until = changed + SWITCH_LOCK
    return until if now < until else None


def find_entry(tenant: dict, ascii_name: str) -> tuple[int, dict] | None:
    """(index, entry) of the domain spelled ``ascii_name`` in the tenant's list."""
    for index, entry in enumerate(tenant.get("domains") or ()):
        if isinstance(entry, dict) and canonical(str(entry.get("name", ""))) == ascii_name:
            return index, entry
    return None


def require_entry(tenant: dict, domain: DomainName) -> tuple[int, dict]:
    """Like :func:`find_entry`, but DomainNotFound (``unknown-domain``) when absent."""
    found = find_entry(tenant, domain.ascii)
    if found is None:
        raise DomainNotFound("unknown-domain", domain=domain.display())
    return found


def view(tenant: dict, entry: dict, now: datetime) -> DomainView:
    name = canonical(str(entry.get("name", "")))
    primary = canonical(tenant.get("primary_domain") or "") == name
    previous = canonical(tenant.get("previous_primary_domain") or "") == name
    status = entry.get("status") or "pending"
    added = parse_time(entry.get("added_at"))
    settles = added + STATUS_WINDOW if status == "pending" and added else None
    return DomainView(
        name=name,
        unicode=unicode_form(name),
        status=status,
        state="primary" if primary else status,
        provided=bool(entry.get("provided")),
        primary=primary,
        previous_primary=previous,
        token=entry.get("token") or None,
        added_at=added,
        verified_at=parse_time(entry.get("verified_at")),
        checked_at=parse_time(entry.get("checked_at")),
        settles_by=settles,
        locked_until=switch_locked_until(tenant, now) if previous else None,
    )


def views(tenant: dict | None, now: datetime) -> list[DomainView]:
    """Every domain of ``tenant``: the primary first, then by name."""
    if not tenant:
        return []
    found = [view(tenant, e, now) for e in tenant.get("domains") or () if isinstance(e, dict)]
    return sorted(found, key=lambda v: (not v.primary, v.name))
