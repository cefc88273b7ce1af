"""Who may run an action on whom, and what must be on record first.

In order, each refusal naming exactly what is missing:

0. **Live directory** (LINE WORKS): the member was just read from the API
   (:func:`check_live`); an unreachable API or a member the directory no longer has
   refuses every action — nothing is decided from a stale mirror.
1. **Role** (GLOSSARY "Operator roles"): the action's ``min_role``; an administrator's
   account (``is_admin`` / ``is_top_admin``) is the top administrator's alone, whatever
   the action — the 2023 helpdesk attacks went after privileged accounts.
2. **Identity verification**, restorative actions only (GLOSSARY "Identity verification
   methods"): a verification of *this* member recorded on *this* open ticket within
   :data:`VERIFICATION_VALID`. For an administrator's account a callback or an e-mailed
   code is not enough: a photo ID seen in person or the manager's confirmation (our own
   addition: a SIM swap defeats a callback, and these accounts are what attackers want).
   Protective actions never wait.
3. **Rate limit** on restorative actions per operator (PRODUCT "Security model"): at most
   :data:`RATE_LIMIT` in :data:`RATE_WINDOW`; a burst is refused (and audited by the
   caller like every refusal). The recent times live in the store's counters table under
   ``restorative:<operator>``, updated in the action's own transaction, so concurrent
   processes of one operator share the limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.actions.catalog import ActionSpec
from helpdesk_tui.actions.errors import ActionInputError, ActionNotFound, ActionRefused
from helpdesk_tui.tickets.model import normalise_ticket_id

VERIFICATION_VALID = timedelta(minutes=60)
STRONG_METHODS = ("in-person-id", "manager-confirmed")
RATE_LIMIT = 10
RATE_WINDOW = timedelta(minutes=10)


def is_admin_account(member: dict) -> bool:
    return bool(member.get("is_admin") or member.get("is_top_admin"))


def check_live(live: Any, member_id: str) -> None:
    """Refuse when a live directory could not confirm the member's state just now
    (``live`` is a :class:`helpdesk_tui.directory.LiveRead`; None: TinyDB)."""
    if live is None:
        return
    if not live.live:
        raise ActionRefused("directory-unreachable", member=member_id, detail=live.problem or "-",
                            as_of=live.as_of or "-")
    if live.gone:
        raise ActionRefused("gone-from-directory", member=member_id)


def check_role(spec: ActionSpec, operator: dict, member: dict | None) -> None:
    role = operator.get("role")
    if not spec.allowed_for(role):
        raise ActionRefused("role", role=role or "-", needed=spec.min_role, action=spec.id)
    if member is not None and is_admin_account(member) and role != "admin":
        raise ActionRefused("admin-account", role=role or "-", member=member["id"], action=spec.id)


def open_ticket_for(tx: Any, ticket: str | None, member_id: str | None) -> dict | None:
    """The ticket record, checked: exists, not closed, about this member."""
    if ticket is None:
        return None
    tid = normalise_ticket_id(ticket)
    record = tx.tickets.get(tid)
    if record is None:
        raise ActionNotFound("no-ticket", ticket=ticket)
    if record["status"] == "closed":
        raise ActionRefused("ticket-closed", ticket=tid)
    if member_id is not None and record["member_id"] != member_id:
        raise ActionInputError("ticket-other-member", ticket=tid, ticket_member=record["member_id"],
                               member=member_id)
    return record


def check_verification(spec: ActionSpec, member: dict, ticket: dict | None, now: datetime) -> dict | None:
    """The verification that lets a restorative action run (None for the others)."""
    if not spec.restorative:
        return None
    if ticket is None:
        raise ActionRefused("needs-ticket", action=spec.id)
    strong = is_admin_account(member)
    accepted = STRONG_METHODS if strong else None
    newest = None
    for entry in reversed(ticket.get("verifications") or []):
        if accepted and entry.get("method") not in accepted:
            continue
        newest = entry
        break
    if newest is None:
        if strong and ticket.get("verifications"):
            raise ActionRefused("needs-strong-verification", ticket=ticket["id"], methods=list(STRONG_METHODS))
        raise ActionRefused("not-verified", ticket=ticket["id"], action=spec.id)
    at = clock.parse_iso(newest["at"])
    if at > now:  # dated ahead (a shifted clock, an edited ticket): it never counts
        raise ActionRefused("verification-future", ticket=ticket["id"], at=at)
    if now - at > VERIFICATION_VALID:
        raise ActionRefused("verification-stale", ticket=ticket["id"], at=at,
                            minutes=int(VERIFICATION_VALID.total_seconds() // 60))
    return newest


def take_rate_slot(tx: Any, spec: ActionSpec, operator: dict, now: datetime) -> None:
    """Count one restorative action for the operator, or refuse the burst."""
    if not spec.restorative:
        return
    name = f"restorative:{operator['username']}"
    doc = tx.counters.get_doc(name) or {}
    recent = [t for t in doc.get("times", []) if now - clock.parse_iso(t) < RATE_WINDOW]
    if len(recent) >= RATE_LIMIT:
        until = clock.parse_iso(min(recent)) + RATE_WINDOW
        raise ActionRefused("rate-limited", limit=RATE_LIMIT,
                            minutes=int(RATE_WINDOW.total_seconds() // 60), until=until)
    tx.counters.put_doc(name, {"times": [*recent, clock.iso(now)]})
