"""One audited tenant change: the check, the change and its audit entry commit together.

Every domain and migration operation reads the tenant under the store lock, decides, and
either writes the new tenant record or refuses. Both outcomes are audited in the same
transaction (PRODUCT "Security model"), so a refusal is on record even though nothing
else changed. The body never writes: it returns the new tenant record and this helper
stores it, so a body that refuses halfway can never leave a partial change behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helpdesk_tui.audit import record
from helpdesk_tui.domains.errors import DomainNotFound, LocalizedError

# body(tenant) -> (new tenant record or None for "unchanged", result, audit details)
Body = Callable[[dict], tuple[dict | None, Any, dict]]


def audited_change(store: Any, operator: dict, action: str, details: dict, body: Body,
                   *, timeout: float | None = 10.0, audit_done: bool = True) -> Any:
    """Run ``body`` on the tenant inside one transaction; audit "done" or "refused"
    (``audit_done=False``: a check that changes nothing audits only its refusals).

    A :class:`LocalizedError` raised by ``body`` is audited (reason = its code) and
    re-raised after the commit; any other exception aborts the transaction unrecorded."""
    refused: LocalizedError | None = None
    username = str(operator.get("username") or "?")
    with store.transaction(timeout) as tx:
        tenant = tx.tenant.get()
        try:
            if tenant is None:
                raise DomainNotFound("no-tenant")
            new_tenant, result, extra = body(tenant)
        except LocalizedError as problem:
            record(tx, operator=username, action=action, outcome="refused",
                   **{**problem.audit_details(), **details})
            refused = problem
        else:
            if new_tenant is not None:
                tx.tenant.set(new_tenant)
            if audit_done:
                record(tx, operator=username, action=action, outcome="done", **{**extra, **details})
    if refused is not None:
        raise refused
    return result


def require_admin(operator: dict, refused: type[LocalizedError], what: str) -> None:
    """Refuse unless the operator's role is ``admin`` (GLOSSARY "Operator roles": domain
    changes are the top administrator's). ``what`` names the operation in the message."""
    role = operator.get("role")
    if role != "admin":
        raise refused("not-admin", role=role or "-", what=what)


def audit_refusal(store: Any, operator: dict, action: str, details: dict,
                  problem: LocalizedError, *, timeout: float | None = 10.0) -> None:
    """Record a refusal decided before any change was attempted (e.g. before a DNS
    lookup, which must not run under the store lock)."""
    with store.transaction(timeout) as tx:
        record(tx, operator=str(operator.get("username") or "?"), action=action,
               outcome="refused", **{**problem.audit_details(), **details})
