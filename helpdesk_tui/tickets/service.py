"""Ticket operations: each one a single store transaction that updates the ticket and
appends its timeline entry (and, for what matters to security, an audit entry), so the
ticket, its timeline and the audit never disagree.

Bad input raises TicketInputError and changes nothing; an unknown ticket or member
raises TicketNotFound. Every operator role may open, triage, note and close tickets
(GLOSSARY: an agent may view, intake and triage).
"""

from __future__ import annotations

from typing import Any, Iterable

from helpdesk_tui import audit, clock
from helpdesk_tui.glossary import CHANNELS, SYMPTOMS, VERIFICATION_METHODS
from helpdesk_tui.phone import analyse
from helpdesk_tui.tickets.model import (
    ACTIVE_STATUSES,
    NOTE_MAX,
    PRIORITIES,
    TICKET_STATUSES,
    TicketView,
    normalise_ticket_id,
    ticket_id,
)


class TicketError(Exception):
    pass


class TicketInputError(TicketError):
    """The request is malformed or not allowed in the ticket's state; nothing changed."""


class TicketNotFound(TicketError):
    pass


def _choice(value: str, allowed: Iterable[str], what: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise TicketInputError(f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}")
    return value


def _note(text: str | None, *, required: bool = False, what: str = "note") -> str | None:
    if text is None or not text.strip():
        if required:
            raise TicketInputError(f"a {what} is required and cannot be empty")
        return None
    if len(text) > NOTE_MAX:
        raise TicketInputError(f"the {what} is {len(text)} characters long; the limit is {NOTE_MAX}")
    bad = next((c for c in text if 0xD800 <= ord(c) <= 0xDFFF), None)
    if bad is not None:  # an argv byte that was not UTF-8 arrives as a lone surrogate
        shown = f"byte 0x{ord(bad) - 0xDC00:02X}" if 0xDC80 <= ord(bad) <= 0xDCFF else f"U+{ord(bad):04X}"
        raise TicketInputError(f"the {what} is not valid UTF-8 text ({shown}); nothing was saved. "
                               "Check the terminal's encoding and type it again")
    return text.strip()


def _user(operator: dict | str) -> str:
    return operator if isinstance(operator, str) else operator["username"]


def _entry(ticket: str, by: str, kind: str, **fields: Any) -> dict:
    return {"ticket_id": ticket, "at": clock.iso(clock.now()), "by": by, "kind": kind,
            **{k: v for k, v in fields.items() if v is not None}}


def open_ticket(
    store, operator: dict | str, member_id: str, symptom: str, *,
    channel: str = "phone", note: str | None = None, priority: str = "normal",
) -> dict:
    """Open a ticket for ``member_id``; returns the ticket record."""
    _choice(symptom, SYMPTOMS, "symptom")
    _choice(channel, CHANNELS, "channel")
    _choice(priority, PRIORITIES, "priority")
    text = _note(note)
    by = _user(operator)
    now = clock.iso(clock.now())
    with store.transaction() as tx:
        if tx.members.get(member_id) is None:
            raise TicketNotFound(f"no member {member_id!r}")
        number = tx.counters.next("ticket")
        ticket = {
            "id": ticket_id(number), "number": number, "member_id": member_id,
            "channel": channel, "symptom": symptom, "priority": priority, "status": "open",
            "assignee": by, "created_at": now, "created_by": by, "updated_at": now,
            "status_changed_at": now, "verifications": [],
            "triage": {"answers": {}, "held": [], "conclusion": None, "cause": None},
            "resolution": None, "closed_at": None,
        }
        tx.tickets.put(ticket)
        tx.append("timeline", _entry(ticket["id"], by, "created", symptom=symptom,
                                     channel=channel, priority=priority), key=ticket["id"])
        if text:
            tx.append("timeline", _entry(ticket["id"], by, "note", text=text), key=ticket["id"])
        audit.record(tx, operator=by, action="ticket-open", ticket=ticket["id"], member=member_id,
                     symptom=symptom, channel=channel)
    return ticket


def get_ticket(store, ticket: str) -> TicketView:
    record = store.get_ticket(normalise_ticket_id(ticket))
    if record is None:
        raise TicketNotFound(f"no ticket {ticket!r}")
    return TicketView(record, store.timeline_for(record["id"]), store.get_member(record["member_id"]))


def list_tickets(
    store, *, statuses: Iterable[str] | None = None, member_id: str | None = None,
    symptom: str | None = None, assignee: str | None = None,
) -> list[dict]:
    """Tickets matching every filter given in the queue's order: the most urgent first,
    then within a priority the caller who has waited longest."""
    wanted = set(statuses) if statuses is not None else None
    for status in wanted or ():
        _choice(status, TICKET_STATUSES, "ticket status")
    if symptom is not None:
        _choice(symptom, SYMPTOMS, "symptom")
    found = [
        t for t in store.iter_tickets()
        if (wanted is None or t["status"] in wanted)
        and (member_id is None or t["member_id"] == member_id)
        and (symptom is None or t["symptom"] == symptom)
        and (assignee is None or t.get("assignee") == assignee)
    ]
    return sorted(found, key=queue_order)


def queue_order(ticket: dict) -> tuple:
    """Sort key: priority (urgent … low), then the oldest ticket first."""
    rank = PRIORITIES.index(ticket.get("priority")) if ticket.get("priority") in PRIORITIES else 1
    return (-rank, ticket["created_at"], ticket["number"])


def open_tickets_for(store, member_id: str, *, excluding: str | None = None) -> list[dict]:
    """The member's open and pending tickets (intake shows them before a new one)."""
    return [t for t in list_tickets(store, statuses=ACTIVE_STATUSES, member_id=member_id)
            if t["id"] != excluding]


def _update(store, operator, ticket: str, change, *, audit_action: str | None = None) -> dict:
    """Run ``change(tx, record, by) -> list of timeline entries`` on a fresh copy."""
    by = _user(operator)
    tid = normalise_ticket_id(ticket)
    with store.transaction() as tx:
        record = tx.tickets.get(tid)
        if record is None:
            raise TicketNotFound(f"no ticket {ticket!r}")
        entries = change(tx, record, by)
        record["updated_at"] = clock.iso(clock.now())
        tx.tickets.put(record)
        for entry in entries:
            tx.append("timeline", entry, key=tid)
        if audit_action:
            audit.record(tx, operator=by, action=audit_action, ticket=tid, member=record["member_id"],
                         **{k: v for k, v in entries[-1].items() if k in ("method", "contact", "to")})
    return record


def _refuse_closed(record: dict) -> None:
    if record["status"] == "closed":
        raise TicketInputError(f"ticket {record['id']} is closed; reopen it (with a note) or open a new ticket")


def add_note(store, operator, ticket: str, text: str) -> dict:
    body = _note(text, required=True)

    def change(tx, record, by):
        _refuse_closed(record)
        return [_entry(record["id"], by, "note", text=body)]

    return _update(store, operator, ticket, change)


def record_verification(store, operator, ticket: str, method: str, *, note: str | None = None) -> dict:
    """Record how the caller's identity was verified. For a callback or an e-mailed code
    the contact used is the one on file — never one the caller gives — and is recorded."""
    _choice(method, VERIFICATION_METHODS, "verification method")
    body = _note(note)

    def change(tx, record, by):
        _refuse_closed(record)
        member = tx.members.get(record["member_id"]) or {}
        contact = registered_contact(member, method)
        if method in ("callback-registered-phone", "code-to-registered-email") and contact is None:
            kind = "phone number" if method == "callback-registered-phone" else "e-mail address"
            raise TicketInputError(
                f"{method} needs a registered {kind} on file for {record['member_id']}, and there is none; "
                "use in-person-id or manager-confirmed"
            )
        if method == "code-to-registered-email":  # only after the e-mailed code was typed back
            from helpdesk_tui.tickets.email_code import consume_verified_code

            consume_verified_code(tx, record["id"])
        entry = {"method": method, "by": by, "at": clock.iso(clock.now()), "contact": contact, "note": body}
        record.setdefault("verifications", []).append({k: v for k, v in entry.items() if v is not None})
        return [_entry(record["id"], by, "verification", method=method, contact=contact, text=body)]

    return _update(store, operator, ticket, change, audit_action="ticket-verify")


def registered_contact(member: dict, method: str) -> str | None:
    """The contact on file that ``method`` uses: a number that can take a call (recovery
    mobile, then mobile, then office phone) or the registered personal e-mail."""
    if method == "callback-registered-phone":
        for field in ("recovery_mobile", "mobile", "phone"):
            raw = member.get(field)
            if raw:
                info = analyse(raw)
                return info.e164 if info and info.e164 else raw
        return None
    if method == "code-to-registered-email":
        return member.get("recovery_email") or None
    return None


def set_status(store, operator, ticket: str, status: str, *, note: str | None = None) -> dict:
    _choice(status, TICKET_STATUSES, "ticket status")
    if status == "closed":
        return close_ticket(store, operator, ticket, note or "")
    body = _note(note)

    def change(tx, record, by):
        _refuse_closed(record)
        if record["status"] == status:
            raise TicketInputError(f"ticket {record['id']} is already {status}")
        old, record["status"] = record["status"], status
        record["status_changed_at"] = clock.iso(clock.now())
        return [_entry(record["id"], by, "status", **{"from": old, "to": status}, text=body)]

    return _update(store, operator, ticket, change)


def close_ticket(store, operator, ticket: str, note: str) -> dict:
    body = _note(note, required=True, what="resolution note")

    def change(tx, record, by):
        _refuse_closed(record)
        now = clock.iso(clock.now())
        old = record["status"]
        record.update(status="closed", resolution=body, closed_at=now, status_changed_at=now)
        return [_entry(record["id"], by, "status", **{"from": old, "to": "closed"}, text=body)]

    return _update(store, operator, ticket, change, audit_action="ticket-close")


def reopen_ticket(store, operator, ticket: str, note: str) -> dict:
    """Reopen a closed ticket (closed by mistake, or the problem came back): a note says
    why; the resolution stays on the timeline, the record is open again. Audited."""
    body = _note(note, required=True, what="reopening note")

    def change(tx, record, by):
        if record["status"] != "closed":
            raise TicketInputError(f"ticket {record['id']} is {record['status']}, not closed; nothing to reopen")
        now = clock.iso(clock.now())
        record.update(status="open", resolution=None, closed_at=None, status_changed_at=now)
        return [_entry(record["id"], by, "status", **{"from": "closed", "to": "open"}, text=body)]

    return _update(store, operator, ticket, change, audit_action="ticket-reopen")


def assign(store, operator, ticket: str, username: str) -> dict:
    def change(tx, record, by):
        _refuse_closed(record)
        if tx.operators.get(username) is None:
            raise TicketInputError(f"{username!r} is not an operator of this store")
        record["assignee"] = username
        return [_entry(record["id"], by, "assigned", to=username)]

    return _update(store, operator, ticket, change)


def save_triage(
    store, operator, ticket: str, *, answers: dict, held: list, conclusion: dict | None,
    entries: list[dict],
) -> dict:
    """Store the triage state and append what happened (answers, back, conclusion).

    ``entries`` are timeline entries without ticket/at/by (``{"kind": "answer", …}``)."""

    def change(tx, record, by):
        _refuse_closed(record)
        record["triage"] = {
            "answers": dict(answers), "held": sorted(held),
            "conclusion": conclusion["node"] if conclusion else None,
            "cause": conclusion["cause"] if conclusion else None,
        }
        return [_entry(record["id"], by, **entry) for entry in entries]

    return _update(store, operator, ticket, change)


def record_guidance(store, operator, ticket: str, *, text: str, lang: str, node: str | None,
                    copied: bool) -> dict:
    """Save the guidance given to the member on the ticket (and whether it was copied)."""
    body = _note(text, required=True, what="guidance text")

    def change(tx, record, by):
        _refuse_closed(record)
        return [_entry(record["id"], by, "guidance", text=body, lang=lang, node=node, copied=copied)]

    return _update(store, operator, ticket, change)
