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

``backend`` (:mod:`helpdesk_tui.directory`; None = the store itself, TinyDB) decides how
the change is made once the gate has passed. With a live directory the member is first
read from it (one ``GET /users/{userId}``, written to the mirror) so the gate decides from
the truth; when the API cannot be reached, or no longer has the member, the action is
refused plainly (``gate.check_live``), never decided from the mirror. "local": the
effect's change is written, as always. "api": the effect's own checks still run on the
copy, then the API call is made INSIDE the transaction (so with a live tenant the store
lock is held for the call's duration and writes are serialised behind it), and the mirror
takes the member as the API now has it (a write whose reply was lost is settled by
re-reading the user: directory/api_actions.py); an API failure writes only its audit and timeline entries (outcome "failed", or
"unknown" when the write may have been applied) and :class:`ActionFailed` is raised after
the commit. "guided": the API has no such operation; nothing changes, no password is
drawn, the result (outcome "guided") carries seed 003's admin-screen steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpdesk_tui import audit, clock
from helpdesk_tui.actions import gate, submission as submissions
from helpdesk_tui.actions.catalog import MEMBERS, TENANT, ActionSpec, spec as spec_of
from helpdesk_tui.actions.effects import EFFECTS
from helpdesk_tui.actions.errors import (
    ActionError,
    ActionFailed,
    ActionInputError,
    ActionNotFound,
    ActionRefused,
)
from helpdesk_tui.actions.notify import contacts_of, queue_notifications
from helpdesk_tui.actions.passwords import hash_password, policy_of, temporary_password
from helpdesk_tui.directory import API, GUIDED, TinyDbBackend
from helpdesk_tui.directory.backends import PREFLIGHT_MAX_AGE
from helpdesk_tui.directory.guided import SEED as GUIDED_SEED
from helpdesk_tui.operators.admin import fresh as fresh_operator


@dataclass
class ActionResult:
    action: str
    member_id: str
    ticket: str | None
    details: dict
    notifications: int
    temp_password: str | None = field(default=None, repr=False)  # shown once, never stored
    outcome: str = "done"  # or "guided": nothing was done, details["steps"] say how (admin screen)

    @property
    def guided(self) -> bool:
        return self.outcome == "guided"

    def to_json(self, *, include_secret: bool = False) -> dict:
        out = {"action": self.action, "member": self.member_id, "ticket": self.ticket,
               "outcome": self.outcome, "details": self.details, "notifications": self.notifications}
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
        self._events: list[dict] = []  # access-log events, appended once the change is sure

    def disconnect(self, session_id: str) -> None:
        self._events.append({"event": "disconnect", "member_id": self.member["id"],
                             "session_id": session_id, "at": clock.iso(self.now),
                             "by": self.operator["username"], "reason": self.spec.id})

    def write_events(self) -> None:
        for event in self._events:
            self.tx.append("access", event, key=event["member_id"])

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
               timeout: float | None = 10.0, backend=None, submission: str | None = None) -> ActionResult:
    """Run ``action`` on one member; ActionError (already audited) when refused,
    ActionFailed when the live directory did not do it. ``submission``: the caller's
    one-run key (an action pane's); a key that already ran is refused (.submission)."""
    spec = spec_of(action)
    if spec.target in (MEMBERS, TENANT):
        raise ActionInputError("not-a-member-action", action=action)
    params = {"device": device, "session": session, "confirm": confirm, "mobile": mobile,
              "email": email, "new_id": new_id}
    backend = backend or TinyDbBackend()
    mode = backend.mode(spec.id)
    live = backend.read_member(store, member_id) if backend.is_live else None  # one GET, to the mirror
    secret = hashed = None
    if spec.sets_password and mode != GUIDED:
        secret = temporary_password(policy_of(store.get_tenant()))
        hashed = hash_password(secret)
    return _transaction(store, operator, spec, member_id, ticket, params, secret, hashed, timeout,
                        backend, mode, live, submission)


def _transaction(store, operator, spec, member_id, ticket, params, secret, hashed, timeout,
                 backend, mode, live=None, submission=None) -> ActionResult:
    username = operator["username"]
    refused: ActionError | None = None
    result = None
    with store.transaction(timeout) as tx:
        now = clock.now()
        ticket_record = None
        try:
            operator = _as_stored_now(tx, operator)  # demoted or removed: refused at once
            member = tx.members.get(member_id)
            gate.check_live(live, member_id)
            if member is None:
                raise ActionNotFound("no-member", member=member_id)
            gate.check_role(spec, operator, member)
            ticket_record = gate.open_ticket_for(tx, ticket, member_id)
            submissions.check_unused(tx, submission, operator, spec.id)
            gate.check_verification(spec, member, ticket_record, now)
            gate.take_rate_slot(tx, spec, operator, now)
            ticket_id = ticket_record["id"] if ticket_record else None
            if mode == GUIDED:
                result = _guided(tx, backend, spec, operator, member, params, ticket_record, now)
            else:
                tenant = tx.tenant.get()
                ctx = _Context(store, tx, spec, operator, member, tenant, now, params, False, hashed)
                details = _effect(ctx, backend)
                record = ctx.member
                if mode == API:
                    applied = backend.apply(spec.id, ctx.member, params)  # ActionFailed: nothing written
                    record = applied.member or ctx.member
                    details["directory"] = backend.name
                    if applied.settled:
                        details["settled_by_reread"] = True
                ctx.write_events()
                tx.members.put(record)
                sent = queue_notifications(tx, record, tenant, spec.id, ticket=ticket_id,
                                           extra_contacts=ctx.extra_contacts)
                _on_ticket(tx, ticket_record, username, spec.id, "done", details, now)
                audit.record(tx, operator=username, action=spec.id, outcome="done", member=member_id,
                             ticket=ticket_id, **details, notifications=sent)
                result = ActionResult(spec.id, member_id, ticket_id, details, sent, secret)
            submissions.mark_used(tx, submission, operator, spec.id, now)  # ran: the key is spent
        except ActionFailed as failure:  # the API call: on record, never as done
            refused = failure
            submissions.mark_used(tx, submission, operator, spec.id, now)  # it may have applied
            _on_ticket(tx, ticket_record, username, spec.id, failure.outcome,
                       {"reason": failure.code, "error": failure.params.get("error")}, now)
            audit.record(tx, operator=username, action=spec.id, outcome=failure.outcome, member=member_id,
                         ticket=ticket_record["id"] if ticket_record else ticket,
                         **_refusal_details(failure))
        except ActionError as problem:
            refused = problem
            _on_ticket(tx, ticket_record, username, spec.id, "refused", {"reason": problem.code}, now)
            audit.record(tx, operator=username, action=spec.id, outcome="refused", member=member_id,
                         ticket=ticket_record["id"] if ticket_record else ticket,
                         **_refusal_details(problem))
    if refused is not None:
        raise refused
    return result


def _as_stored_now(tx, operator: dict) -> dict:
    """The operator's record as the store has it inside this transaction: a role changed
    (or an operator removed) since the console opened takes effect at the next step."""
    current = fresh_operator(tx, operator["username"])
    if current is None:
        raise ActionRefused("operator-removed", name=operator["username"])
    return current


def _effect(ctx: _Context, backend) -> dict:
    """The action's rules and change on the copy, bar a refusal the backend waives."""
    try:
        return EFFECTS[ctx.spec.id](ctx)
    except ActionRefused as problem:
        if not backend.waives(ctx.spec.id, problem.code):
            raise
        return {}


def _guided(tx, backend, spec, operator, member, params, ticket_record, now) -> ActionResult:
    """Nothing is changed: the admin-screen steps, recorded as "guided" (not done)."""
    applied = backend.apply(spec.id, member, params)
    ticket_id = ticket_record["id"] if ticket_record else None
    cited = {"seed": GUIDED_SEED, "headings": list(applied.headings)}
    _on_ticket(tx, ticket_record, operator["username"], spec.id, "guided", dict(cited), now)
    audit.record(tx, operator=operator["username"], action=spec.id, outcome="guided",
                 member=member["id"], ticket=ticket_id, directory=backend.name, **cited)
    details = {"guided": True, **cited, "steps": list(applied.steps)}
    return ActionResult(spec.id, member["id"], ticket_id, details, 0, None, outcome="guided")


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
              device: str | None = None, session: str | None = None, backend=None) -> Preflight:
    """Would ``action`` run now? Same checks as :func:`run_action` bar the typed-back
    confirmation, the new values still to be entered and the rate slot; writes nothing
    but the mirror (a live tenant's member is read once: ``GET /users/{userId}``)."""
    spec = spec_of(action)
    backend = backend or TinyDbBackend()
    params = {"device": device, "session": session, "confirm": None, "mobile": None,
              "email": None, "new_id": None}
    live = (backend.read_member(store, member_id, max_age=PREFLIGHT_MAX_AGE)  # shared by a menu's preflights
            if backend.is_live else None)
    outcome: dict[str, Any] = {"problem": None, "verification": None}
    try:
        with store.transaction() as tx:
            now = clock.now()
            try:
                operator = _as_stored_now(tx, operator)
                member = tx.members.get(member_id)
                gate.check_live(live, member_id)
                if member is None:
                    raise ActionNotFound("no-member", member=member_id)
                gate.check_role(spec, operator, member)
                record = gate.open_ticket_for(tx, ticket, member_id)
                outcome["verification"] = gate.check_verification(spec, member, record, now)
                if spec.id in EFFECTS and backend.mode(spec.id) != GUIDED:
                    ctx = _Context(store, tx, spec, operator, member, tx.tenant.get(), now, params, True, None)
                    _effect(ctx, backend)
            except ActionError as problem:
                outcome["problem"] = problem
            raise _DryRun  # leave the store exactly as it was
    except _DryRun:
        pass
    return Preflight(spec, outcome["problem"], outcome["verification"])
