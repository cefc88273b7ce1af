"""Seed 003 「ログイン情報の変更を要請する」: one request to many members at once.

Every member named must exist and be able to change a password (not deleted, not
pending); an administrator's account among them needs the top administrator; and, being
wide, the request runs only when the operator has typed back how many members it
reaches. Either every member gets the request (flag, talk notification, audit entry
each) or, on any refusal, none does and the refusal is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_tui import audit, clock
from helpdesk_tui.actions import gate
from helpdesk_tui.actions.catalog import SPECS
from helpdesk_tui.actions.errors import ActionError, ActionInputError, ActionNotFound, ActionRefused
from helpdesk_tui.actions.notify import queue_notifications
from helpdesk_tui.actions.run import _on_ticket

ACTION = "request-login-info-change"
# ours: a request wider than this is a tenant-wide campaign, not a helpdesk action.
MAX_MEMBERS = 5000


@dataclass
class BulkPlan:
    """Who a bulk request would reach, and who it cannot (the console's preview)."""

    members: list[str]
    missing: list[str]
    unusable: list[str]  # deleted or pending
    admins: list[str]
    already: list[str]  # a change is already requested (they are asked again)

    @property
    def count(self) -> int:
        return len(self.members)


def plan_bulk(store, member_ids: list[str]) -> BulkPlan:
    """Read-only: sort the ids a caller pasted into what a request would do with each."""
    seen, members, missing, unusable, admins, already = set(), [], [], [], [], []
    for raw in member_ids:
        member_id = raw.strip()
        if not member_id or member_id in seen:
            continue
        seen.add(member_id)
        member = store.get_member(member_id)
        if member is None:
            missing.append(member_id)
            continue
        if member.get("status") in ("deleted", "pending"):
            unusable.append(member_id)
            continue
        members.append(member_id)
        if gate.is_admin_account(member):
            admins.append(member_id)
        if member.get("password_change_requested"):
            already.append(member_id)
    return BulkPlan(members, missing, unusable, admins, already)


def request_login_info_change(store, operator: dict, member_ids: list[str], *, confirm: str | None,
                              ticket: str | None = None, timeout: float | None = 30.0) -> BulkPlan:
    spec = SPECS[ACTION]
    username = operator["username"]
    ids = list(dict.fromkeys(m.strip() for m in member_ids if m.strip()))
    refused: ActionError | None = None
    with store.transaction(timeout) as tx:
        now = clock.now()
        record = None
        try:
            gate.check_role(spec, operator, None)
            if not ids:
                raise ActionInputError("no-members")
            if len(ids) > MAX_MEMBERS:
                raise ActionInputError("too-many-members", count=len(ids), limit=MAX_MEMBERS)
            members = [tx.members.get(m) for m in ids]
            missing = [m for m, rec in zip(ids, members) if rec is None]
            if missing:
                raise ActionNotFound("members-not-found", members=missing[:20], count=len(missing))
            unusable = [m["id"] for m in members if m.get("status") in ("deleted", "pending")]
            if unusable:
                raise ActionRefused("members-unusable", members=unusable[:20], count=len(unusable))
            admins = [m["id"] for m in members if gate.is_admin_account(m)]
            if admins and operator.get("role") != "admin":
                raise ActionRefused("admin-accounts-in-bulk", members=admins[:20], count=len(admins))
            if ticket is not None:
                record = gate.open_ticket_for(tx, ticket, None)
            if confirm is None:
                raise ActionRefused("needs-count-typed-back", count=len(ids))
            if confirm.strip() != str(len(ids)):
                raise ActionInputError("count-mismatch", typed=confirm, count=len(ids))
            tenant = tx.tenant.get()
            for member in members:
                member = dict(member, password_change_requested=True)
                tx.members.put(member)
                sent = queue_notifications(tx, member, tenant, ACTION, ticket=record["id"] if record else None)
                audit.record(tx, operator=username, action=ACTION, outcome="done", member=member["id"],
                             ticket=record["id"] if record else None, notifications=sent, bulk=len(ids))
            _on_ticket(tx, record, username, ACTION, "done", {"count": len(ids)}, now)
        except ActionError as problem:
            refused = problem
            details = problem.audit_details()
            details.pop("action", None)  # the entry's own field (a role refusal names it too)
            details.pop("ticket", None)
            audit.record(tx, operator=username, action=ACTION, outcome="refused", ticket=ticket,
                         **{"count": len(ids), **details})
    if refused is not None:
        raise refused
    return plan_bulk(store, ids)
