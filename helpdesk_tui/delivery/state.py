"""Per-message delivery state: the ``delivery`` log, folded.

The outbox (``actions/notify.py``) is append-only and never edited; each step of a
message's delivery is one more entry in the ``delivery`` log (single partition)::

    {"message": ID, "state": S, "at": ISO, "attempt": N, "why": TEXT|None, "next_at": ISO|None,
     "channel": C, "member_id": M, "ticket": T|None}

``S`` is one of :data:`STATES`: ``sending`` (an attempt started: if the worker dies now,
the next run sends it again — at least once), ``sent``, ``retrying`` (a temporary failure;
``next_at`` says when), ``failed`` (permanent, ``why``), ``no-channel`` (nothing to send
it through: no SMS gateway, no ``[smtp]`` table, no ``bot_id``). A message's state is its
last entry; a message without any is ``queued``.

``message_id(entry)`` is the idempotency key: the entry's ``id`` (new entries), else a
hash of the entry (entries written before ids existed), stable across runs. No Textual.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

QUEUED, SENDING, SENT, RETRYING, FAILED, NO_CHANNEL = ("queued", "sending", "sent", "retrying", "failed",
                                                       "no-channel")
STATES = (QUEUED, SENDING, SENT, RETRYING, FAILED, NO_CHANNEL)
FINAL = (SENT, FAILED, NO_CHANNEL)


def message_id(entry: dict) -> str:
    if entry.get("id"):
        return str(entry["id"])
    canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "h" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Message:
    """An outbox entry and where its delivery stands."""

    entry: dict
    state: str = QUEUED
    attempt: int = 0
    why: str | None = None
    at: str | None = None
    next_at: str | None = None

    @property
    def id(self) -> str:
        return message_id(self.entry)

    def to_json(self) -> dict:
        return {"id": self.id, "channel": self.entry.get("channel"), "to": self.entry.get("to"),
                "action": self.entry.get("action"), "ticket": self.entry.get("ticket"),
                "queued_at": self.entry.get("at"), "state": self.state, "attempt": self.attempt,
                "why": self.why, "state_at": self.at, "next_at": self.next_at}


def latest_states(store) -> dict[str, dict]:
    """Message id -> its last delivery-log entry."""
    latest: dict[str, dict] = {}
    for entry in store.iter_log("delivery"):
        latest[entry["message"]] = entry
    return latest


def messages(store, *, member_id: str | None = None, ticket: str | None = None) -> list[Message]:
    """Every outbox message (of a member / a ticket), oldest first, with its state."""
    states = latest_states(store)
    found = []
    for entry in store.iter_log("outbox"):
        if member_id is not None and entry.get("member_id") != member_id:
            continue
        if ticket is not None and entry.get("ticket") != ticket:
            continue
        found.append(_with_state(entry, states.get(message_id(entry))))
    return found


def _with_state(entry: dict, last: dict | None) -> Message:
    if last is None:
        return Message(entry)
    return Message(entry, last["state"], last.get("attempt", 0), last.get("why"), last.get("at"),
                   last.get("next_at"))


def pending(store) -> Iterator[Message]:
    """Messages not in a final state (queued, sending — an interrupted attempt — retrying)."""
    for message in messages(store):
        if message.state not in FINAL:
            yield message


def record(tx, message: Message, state: str, *, at: str, attempt: int, why: str | None = None,
           next_at: str | None = None) -> None:
    entry = message.entry
    tx.append("delivery", {"message": message.id, "state": state, "at": at, "attempt": attempt,
                           "why": why, "next_at": next_at, "channel": entry.get("channel"),
                           "member_id": entry.get("member_id"), "ticket": entry.get("ticket")})


def describe_delivery(entry: dict, labels) -> str:
    """A notification's delivery state in words (ticket timeline, member view): the
    channel, the address, the state, why; an SMS nobody could send is to be read out."""
    t = labels.t
    text = t("delivery.timeline", channel=t(f"delivery.channel.{entry.get('channel')}"),
             to=str(entry.get("to") or ""), state=t(f"delivery.state.{entry.get('state')}"))
    if entry.get("why"):
        text += f" — {entry['why']}"
    if entry.get("channel") == "sms" and entry.get("state") in (NO_CHANNEL, FAILED):
        text += " " + t("delivery.read-out")
    return text
