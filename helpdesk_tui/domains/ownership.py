"""Adding, verifying and deleting the tenant's domains (seed 000 STEP.3 and (参考)).

Flow (seed 000 STEP.3 管理者画面で新しいドメインを追加し、所有権を証明): the admin adds a
domain (status ``pending``), publishes the MX record shown by :func:`publish_record` at
the DNS provider, and asks for a check; :func:`verify_domain` records what DNS answered.
Because the vendor's status "can take up to 24 h" to change, a record not seen within 24 h
of adding the domain leaves it ``pending`` and says until when to retry; only after that
window does a miss mark it ``failed`` (a later successful check still verifies it).

The DNS lookup is passed in (``lookup(ascii_name) -> iterable of MX values``), so the
console, the command line and tests can each supply their own; it runs outside the store
lock, and the verdict is written only if the domain still has the token that was checked.

Role: every change here is the top administrator's (operator role ``admin``). Listing and
showing an already issued record are open to every operator. Malformed input (a name that
is not a domain) raises before anything is attempted and is not audited; every refusal
and every change is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.domains.errors import DomainNotFound, DomainRefused, LookupFailed
from helpdesk_tui.domains.model import (
    OWNED_STATUSES,
    PROVIDED_SUFFIX,
    STATUS_WINDOW,
    DomainView,
    PublishRecord,
    find_entry,
    new_token,
    parse_time,
    require_entry,
    switch_locked_until,
    verification_record,
    view,
    views,
)
from helpdesk_tui.domains.names import DomainName, parse_domain_name
from helpdesk_tui.domains.txn import audit_refusal, audited_change, require_admin

Lookup = Callable[[str], Iterable[str]]
NO_VERDICT = ("resolver-timeout", "resolver-error")


@dataclass(frozen=True)
class VerifyResult:
    """What a verification check found and what it did to the domain's status.

    ``outcome``: ``verified`` (record seen, status now verified), ``already-verified``
    (nothing checked: ownership was proven before), ``not-yet`` (not seen, still inside
    the 24 h window: stays pending until ``retry_until``), ``failed`` (not seen after the
    window), ``no-verdict`` (the lookup timed out or errored: nothing changed).
    ``finding`` is a glossary DNS finding id (``verified``, ``mx-missing``,
    ``mx-wrong-host``, ``nxdomain``, ``resolver-timeout``, ``resolver-error``)."""

    domain: DomainView
    outcome: str
    finding: str | None
    expected: PublishRecord | None
    seen: tuple[str, ...]
    detail: str
    retry_until: datetime | None

    def to_json(self) -> dict:
        return {
            "domain": self.domain.to_json(),
            "outcome": self.outcome,
            "finding": self.finding,
            "expected": self.expected.to_json() if self.expected else None,
            "seen": list(self.seen),
            "detail": self.detail,
            "retry_until": clock.iso(self.retry_until) if self.retry_until else None,
        }


@dataclass(frozen=True)
class DeleteResult:
    name: str
    unicode: str
    provided: bool
    irreversible: bool  # seed 000: a deleted provided domain can never be used again

    def to_json(self) -> dict:
        return {"name": self.name, "unicode": self.unicode, "provided": self.provided,
                "irreversible": self.irreversible}


def list_domains(store: Any, now: datetime | None = None) -> list[DomainView]:
    """The tenant's domains (primary first); [] when the store has no tenant."""
    return views(store.get_tenant(), now or clock.now())


def get_domain(store: Any, name: str, now: datetime | None = None) -> DomainView:
    """One domain by any spelling of its name; DomainNotFound if the tenant lacks it."""
    domain = parse_domain_name(name)
    tenant = store.get_tenant()
    if tenant is None:
        raise DomainNotFound("no-tenant")
    return view(tenant, _entry(tenant, domain), now or clock.now())


def add_domain(store: Any, operator: dict, name: str) -> DomainView:
    """Add ``name`` as a pending domain with a fresh verification token."""
    domain = parse_domain_name(name)
    now = clock.now()

    def body(tenant: dict):
        require_admin(operator, DomainRefused, "domain add")
        if find_entry(tenant, domain.ascii) is not None:
            raise DomainRefused("already-added", domain=domain.display())
        if domain.is_within(PROVIDED_SUFFIX):
            raise DomainRefused("provided-suffix", domain=domain.display(), suffix=PROVIDED_SUFFIX)
        entry = {"name": domain.ascii, "status": "pending", "provided": False,
                 "token": new_token(), "added_at": clock.iso(now)}
        tenant["domains"] = [*(tenant.get("domains") or []), entry]
        return tenant, view(tenant, entry, now), {}

    return audited_change(store, operator, "domain-add", {"domain": domain.ascii}, body)


def publish_record(store: Any, operator: dict, name: str) -> PublishRecord:
    """The exact record to publish for ``name``.

    A domain added here already has its token; one that came from an import without a
    token gets one now (an audited change, admin only; its ``added_at`` starts the 24 h
    window if it had none). A domain whose ownership is already proven and that has no
    token needs no record: refused with ``already-verified``."""
    domain = parse_domain_name(name)
    tenant = store.get_tenant()
    found = find_entry(tenant, domain.ascii) if tenant else None
    if found is not None and found[1].get("token"):
        return verification_record(domain.ascii, found[1]["token"])
    now = clock.now()

    def body(tenant: dict):
        require_admin(operator, DomainRefused, "domain record")
        entry = _entry(tenant, domain)
        if entry.get("token"):
            return None, verification_record(domain.ascii, entry["token"]), {}
        if entry.get("status") in OWNED_STATUSES:
            raise DomainRefused("already-verified", domain=domain.display())
        entry["token"] = new_token()
        if not entry.get("added_at"):
            entry["added_at"] = clock.iso(now)
        return tenant, verification_record(domain.ascii, entry["token"]), {}

    return audited_change(store, operator, "domain-token", {"domain": domain.ascii}, body)


def verify_domain(store: Any, operator: dict, name: str, lookup: Lookup) -> VerifyResult:
    """Check that the verification record is published, and record the verdict."""
    domain = parse_domain_name(name)
    details = {"domain": domain.ascii}
    tenant = store.get_tenant()
    try:
        require_admin(operator, DomainRefused, "domain verify")
        if tenant is None:
            raise DomainNotFound("no-tenant")
        entry = _entry(tenant, domain)
        current = view(tenant, entry, clock.now())
        if current.status in OWNED_STATUSES:
            return VerifyResult(current, "already-verified", None, current.record, (), "", None)
        token = entry.get("token")
        if not token:
            raise DomainRefused("no-token", domain=domain.display())
    except (DomainNotFound, DomainRefused) as problem:
        audit_refusal(store, operator, "domain-verify", details, problem)
        raise
    expected = verification_record(domain.ascii, token)
    try:
        seen = tuple(_mx_host(v) for v in lookup(domain.ascii))
        failure = None
    except LookupFailed as problem:
        seen, failure = (), problem

    def body(tenant: dict):
        now = clock.now()
        entry = _entry(tenant, domain)
        if entry.get("token") != token:
            raise DomainRefused("changed-meanwhile", domain=domain.display())
        if entry.get("status") in OWNED_STATUSES:  # verified meanwhile: never downgrade
            return None, VerifyResult(view(tenant, entry, now), "already-verified", None,
                                      expected, seen, "", None), {"result": "already-verified"}
        if failure is not None and failure.finding in NO_VERDICT:
            result = VerifyResult(view(tenant, entry, now), "no-verdict", failure.finding,
                                  expected, seen, failure.detail, None)
            return None, result, {"result": "no-verdict", "finding": failure.finding}
        entry["checked_at"] = clock.iso(now)
        retry_until = None
        if failure is None and expected.host in seen:
            outcome = finding = "verified"
            entry["status"], entry["verified_at"] = "verified", clock.iso(now)
        else:
            finding = failure.finding if failure else ("mx-wrong-host" if seen else "mx-missing")
            added = parse_time(entry.get("added_at"))
            if entry.get("status") == "pending" and added and now < added + STATUS_WINDOW:
                outcome, retry_until = "not-yet", added + STATUS_WINDOW
            else:
                outcome, entry["status"] = "failed", "failed"
        result = VerifyResult(view(tenant, entry, now), outcome, finding, expected, seen,
                              failure.detail if failure else "", retry_until)
        return tenant, result, {"result": outcome, "finding": finding, "seen": list(seen)}

    return audited_change(store, operator, "domain-verify", details, body)


def delete_domain(store: Any, operator: dict, name: str, *, confirm: str) -> DeleteResult:
    """Delete a domain that is not the primary; ``confirm`` must repeat its name exactly.

    Seed 000 (参考) 元ドメインの削除について: the provided ``*.by-works.com`` domain can be
    deleted and then never used again (irreversible). Deleting any other non-primary
    domain is our own addition (a typo, a domain given up); it can be added again. The
    former primary cannot be deleted while the 24 h lock of the switch is on."""
    domain = parse_domain_name(name)

    def body(tenant: dict):
        require_admin(operator, DomainRefused, "domain delete")
        index, entry = require_entry(tenant, domain)
        current = view(tenant, entry, clock.now())
        if current.primary:
            raise DomainRefused("delete-primary", domain=current.display())
        until = switch_locked_until(tenant, clock.now())
        if current.previous_primary and until is not None:
            raise DomainRefused("locked", domain=current.display(), until=until)
        if confirm not in (current.name, current.unicode):
            raise DomainRefused("confirm-mismatch", domain=current.name, typed=confirm)
        del tenant["domains"][index]
        result = DeleteResult(current.name, current.unicode, current.provided, current.provided)
        return tenant, result, {"provided": current.provided}

    return audited_change(store, operator, "domain-delete", {"domain": domain.ascii}, body)


def _entry(tenant: dict, domain: DomainName) -> dict:
    return require_entry(tenant, domain)[1]


def _mx_host(value: str) -> str:
    """``"10 Host.Example."`` or ``"host.example"`` → ``"host.example"``."""
    parts = str(value).split()
    return parts[-1].rstrip(".").lower() if parts else ""
