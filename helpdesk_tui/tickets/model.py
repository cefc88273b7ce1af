"""Ticket records and timeline entries (stored as plain JSON; ids from the glossary).

A ticket record (table "tickets", key ``id``)::

    {"id": "T-000042", "number": 42, "member_id": "…", "channel": "phone",
     "symptom": "cannot-login", "priority": "normal", "status": "open",
     "assignee": "alice", "created_at": "…", "created_by": "alice",
     "updated_at": "…", "status_changed_at": "…",
     "verifications": [{"method": "callback-registered-phone", "by": "alice", "at": "…",
                        "contact": "+819012345678", "note": "…"}],
     "triage": {"answers": {"node": "choice"}, "held": ["node"], "conclusion": null,
                "cause": null},
     "resolution": null, "closed_at": null}

Timeline (log "timeline", partitioned by ticket id): one entry per thing that happened,
``{"ticket_id", "at", "by", "kind", …}``; entries are appended, never edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from helpdesk_tui.clock import parse_iso

TICKET_STATUSES = ("open", "pending", "resolved", "closed")
ACTIVE_STATUSES = ("open", "pending")  # the queue shows these
PRIORITIES = ("low", "normal", "high", "urgent")

# Timeline entry kinds.
TIMELINE_KINDS = (
    "created",  # symptom, channel, priority
    "note",  # text
    "verification",  # method, contact
    "answer",  # a triage step: node, choice, auto, evidence, overridden, store_answer
    "back",  # the operator stepped back from node
    "conclusion",  # cause, node, actions
    "guidance",  # the text given to the member, lang, copied
    "status",  # from, to, note
    "assigned",  # to
    "action",  # an action on the member (actions issue)
    "message",  # a message sent to the member
)

NOTE_MAX = 4000
TICKET_PREFIX = "T-"


def format_waited(seconds: float, t) -> str:
    """``12m``, ``3h05m``, ``2d4h`` (in the catalogue's words): short enough for a queue
    column."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return t("ticket.waited.m", m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return t("ticket.waited.hm", h=hours, m=f"{minutes:02d}")
    days, hours = divmod(hours, 24)
    return t("ticket.waited.dh", d=days, h=hours)


def ticket_id(number: int) -> str:
    return f"{TICKET_PREFIX}{number:06d}"


def normalise_ticket_id(text: str) -> str:
    """``42``, ``T-42``, ``t-000042`` → ``T-000042``; other text unchanged."""
    raw = text.strip()
    digits = raw[len(TICKET_PREFIX):] if raw.upper().startswith(TICKET_PREFIX) else raw
    return ticket_id(int(digits)) if digits.isdigit() else raw


@dataclass(frozen=True)
class TicketView:
    """A ticket with its timeline, as the console and ``ticket show`` present it."""

    ticket: dict
    timeline: list[dict] = field(default_factory=list)
    member: dict | None = None

    @property
    def id(self) -> str:
        return self.ticket["id"]

    @property
    def status(self) -> str:
        return self.ticket["status"]

    @property
    def verified(self) -> bool:
        return bool(self.ticket.get("verifications"))

    def waited(self, now: datetime) -> float:
        """Seconds since the ticket was opened (the queue's "waiting" column)."""
        return max(0.0, (now - parse_iso(self.ticket["created_at"])).total_seconds())

    def to_json(self) -> dict:
        return {**self.ticket, "timeline": self.timeline}
