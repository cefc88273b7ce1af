"""Running an action: the gate, the effect, and its record, in one store transaction.

``run_action`` checks, in order: the action and member exist, the operator's role (and
the administrator-account rule), the ticket, the identity verification for restorative
actions, the per-operator rate limit, then the member's state and the request itself
(:mod:`.effects`). If all pass, one transaction writes the member (and device or session
events), a timeline entry on the ticket, the notifications to the member (outbox) and the
audit entry. If anything refuses, the same transaction records only the refusal (audit,
and the ticket's timeline when there is an open ticket) and the error is raised after it
commits, so a refusal is on record and nothing else changed.

A temporary password is drawn and hashed before the transaction (scrypt is slow on
purpose; the store lock is not held for it); the clear text only ever travels in the
returned :class:`ActionResult`, which the caller shows once.

``preflight`` runs the same checks without writing anything or taking a rate slot: the
console uses it to say what is missing before the operator confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpdesk_tui import audit, clock
from helpdesk_tui.actions import gate
from helpdesk_tui.actions.catalog import MEMBERS, TENANT, ActionSpec, spec as spec_of
from helpdesk_tui.actions.effects import EFFECTS
from helpdesk_tui.actions.errors import ActionError, ActionInputError, ActionNotFound, ActionRefused
from helpdesk_tui.actions.notify import contacts_of, queue_notifications
from helpdesk_tui.actions.passwords import hash_password, policy_of, temporary_password


@dataclass
class ActionResult:
    action: str
    member_id: str
    ticket: str | None
    details: dict
    notifications: int
    temp_password: str | None = field(default=None, repr=False)  # shown once, never stored

    def to_json(self, *, include_secret: bool = False) -> dict:
        out = {"action": self.action, "member": self.member_id, "ticket": self.ticket,
               "outcome": "done", "details": self.details, "notifications": self.notifications}
        if include_secret and self.temp_password is not None:
            out["temporary_password"] = self.temp_password
        return out


@dataclass
class Preflight:
    spec: ActionSpec
    problem: ActionError | None
    verification: dict | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


class _Context:
    """What an effect sees: the transaction, a copy of the member, the request."""

    def __init__(self, store, tx, spec: ActionSpec, operator: dict, member: dict, tenant: dict | None,
                 now: datetime, params: dict, dry_run: bool, password_hash: str | None) -> None:
        self.store, self.tx, self.spec, self.operator = store, tx, spec, operator
        self.member, self.tenant, self.now, self.params = dict(member), tenant, now, params
        self.before = member
        self.dry_run, self.password_hash = dry_run, password_hash
        self.extra_contacts: list[tuple[str, str]] = []

    def disconnect(self, session_id: str) -> None:
        self.tx.append("access", {"event": "disconnect", "member_id": self.member["id"],
                                  "session_id": session_id, "at": clock.iso(self.now),
                                  "by": self.operator["username"], "reason": self.spec.id},
                       key=self.member["id"])

    def require_typed_back(self, expected: str) -> None:
        if self.dry_run:
            return
        typed = self.params.get("confirm")
        if typed is None:
            raise ActionRefused("needs-typed-back", expected=expected)
        if typed.strip() != expected:
            raise ActionInputError("typed-back-mismatch", typed=typed, expected=expected)

    def notify_also_before_change(self) -> None:
        self.extra_contacts = contacts_of(self.before)


def run_action(store, operator: dict, action: str, member_id: str, *, ticket: str | None = None,
               device: str | None = None, session: str | None = None, confirm: str | None = None,
               mobile: str | None = None, email: str | None = None, new_id: str | None = None,
               timeout: float | None = 10.0) -> ActionResult:
    """Run ``action`` on one member; ActionError (already audited) when refused."""
    spec = spec_of(action)
    if spec.target in (MEMBERS, TENANT):
        raise ActionInputError("not-a-member-action", action=action)
    params = {"device": device, "session": session, "confirm": confirm, "mobile": mobile,
              "email": email, "new_id": new_id}
    secret = hashed = None
    if spec.sets_password:
        secret = temporary_password(policy_of(store.get_tenant()))
        hashed = hash_password(secret)
    return _transaction(store, operator, spec, member_id, ticket, params, secret, hashed, timeout)


def _transaction(store, operator, spec, member_id, ticket, params, secret, hashed, timeout) -> ActionResult:
    username = operator["username"]
    refused: ActionError | None = None
    result = None
    with store.transaction(timeout) as tx:
        now = clock.now()
        ticket_record = None
        try:
            member = tx.members.get(member_id)
            if member is None:
                raise ActionNotFound("no-member", member=member_id)
            gate.check_role(spec, operator, member)
            ticket_record = gate.open_ticket_for(tx, ticket, member_id)
            gate.check_verification(spec, member, ticket_record, now)
            gate.take_rate_slot(tx, spec, operator, now)
            tenant = tx.tenant.get()
            ctx = _Context(store, tx, spec, operator, member, tenant, now, params, False, hashed)
            details = EFFECTS[spec.id](ctx)
            tx.members.put(ctx.member)
            sent = queue_notifications(tx, ctx.member, tenant, spec.id,
                                       ticket=ticket_record["id"] if ticket_record else None,
                                       extra_contacts=ctx.extra_contacts)
            _on_ticket(tx, ticket_record, username, spec.id, "done", details, now)
            audit.record(tx, operator=username, action=spec.id, outcome="done", member=member_id,
                         ticket=ticket_record["id"] if ticket_record else None, **details,
                         notifications=sent)
            result = ActionResult(spec.id, member_id, ticket_record["id"] if ticket_record else None,
                                  details, sent, secret)
        except ActionError as problem:
            refused = problem
            _on_ticket(tx, ticket_record, username, spec.id, "refused", {"reason": problem.code}, now)
            audit.record(tx, operator=username, action=spec.id, outcome="refused", member=member_id,
                         ticket=ticket_record["id"] if ticket_record else ticket,
                         **_refusal_details(problem))
    if refused is not None:
        raise refused
    return result


def _refusal_details(problem: ActionError) -> dict:
    details = problem.audit_details()
    details.pop("member", None)  # recorded as the entry's own member field
    details.pop("ticket", None)
    details.pop("action", None)
    return details


def _on_ticket(tx, record: dict | None, by: str, action: str, outcome: str, details: dict,
               now: datetime) -> None:
    if record is None:
        return
    entry = {"ticket_id": record["id"], "at": clock.iso(now), "by": by, "kind": "action",
             "action": action, "outcome": outcome, **{k: v for k, v in details.items() if v is not None}}
    record = dict(record, updated_at=clock.iso(now))
    tx.tickets.put(record)
    tx.append("timeline", entry, key=record["id"])


class _DryRun(Exception):
    pass


def preflight(store, operator: dict, action: str, member_id: str, *, ticket: str | None = None,
              device: str | None = None, session: str | None = None) -> Preflight:
    """Would ``action`` run now? Same checks as :func:`run_action` bar the typed-back
    confirmation, the new values still to be entered and the rate slot; writes nothing."""
    spec = spec_of(action)
    params = {"device": device, "session": session, "confirm": None, "mobile": None,
              "email": None, "new_id": None}
    outcome: dict[str, Any] = {"problem": None, "verification": None}
    try:
        with store.transaction() as tx:
            now = clock.now()
            try:
                member = tx.members.get(member_id)
                if member is None:
                    raise ActionNotFound("no-member", member=member_id)
                gate.check_role(spec, operator, member)
                record = gate.open_ticket_for(tx, ticket, member_id)
                outcome["verification"] = gate.check_verification(spec, member, record, now)
                if spec.id in EFFECTS:
                    ctx = _Context(store, tx, spec, operator, member, tx.tenant.get(), now, params, True, None)
                    EFFECTS[spec.id](ctx)
            except ActionError as problem:
                outcome["problem"] = problem
            raise _DryRun  # leave the store exactly as it was
    except _DryRun:
        pass
    return Preflight(spec, outcome["problem"], outcome["verification"])
