"""The delivery worker: sends what the outbox holds, at least once, and records each step.

``deliver_once(store, channels)`` takes every message not in a final state (queued,
retrying whose time has come, or ``sending`` — an attempt a dead worker never finished)
and, one at a time:

1. records ``sending`` (attempt n) in its own transaction — BEFORE the send, so a crash
   leaves a trace and the next run sends it again (at least once, same idempotency key);
2. sends it through its channel (outside any store lock: a slow relay never blocks an
   operator's action);
3. records ``sent``, ``retrying`` (``next_at`` after :data:`BACKOFF`), ``failed`` (a
   permanent problem, or :data:`MAX_ATTEMPTS` temporary ones) or ``no-channel``.

``run(…)`` loops ``deliver_once`` every ``interval`` seconds until stopped (SIGTERM /
SIGINT end it between two messages). One worker per store at a time (:func:`worker_lock`,
an flock the kernel releases when the worker dies): a timer run overlapping a service
never sends a message twice. No Textual here.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from dataclasses import dataclass, field
from datetime import timedelta

from helpdesk_tui import clock
from helpdesk_tui.delivery import state as st
from helpdesk_tui.delivery.channels import NoChannel, Permanent, Temporary

BACKOFF = (60, 300, 900, 3600, 3600, 3600, 3600)  # seconds before attempt 2, 3, …
MAX_ATTEMPTS = len(BACKOFF) + 1
LOCK_NAME = "delivery.lock"


class WorkerBusy(Exception):
    """Another delivery worker is running on this store."""


@contextmanager
def worker_lock(store_path):
    path = Path(store_path) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o660)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkerBusy(f"another delivery worker is running on {store_path} ({path} is locked)") from None
        yield
    finally:
        os.close(fd)


@dataclass
class Report:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    no_channel: int = 0
    waiting: int = 0  # retrying, not yet due
    details: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed,
                "no_channel": self.no_channel, "waiting": self.waiting, "messages": self.details}


def _due(message: st.Message, now) -> bool:
    return message.state != st.RETRYING or not message.next_at or clock.parse_iso(message.next_at) <= now


def deliver_once(store, channels: dict, *, stop: threading.Event | None = None) -> Report:
    report = Report()
    for message in list(st.pending(store)):
        if stop is not None and stop.is_set():
            break
        now = clock.now()
        if not _due(message, now):
            report.waiting += 1
            continue
        attempt = message.attempt + 1 if message.state != st.SENDING else message.attempt
        attempt = max(attempt, 1)
        with store.transaction() as tx:
            st.record(tx, message, st.SENDING, at=clock.iso(now), attempt=attempt)
        outcome, why, next_at = _send(channels, message, attempt, now)
        with store.transaction() as tx:
            at = clock.iso(clock.now())
            st.record(tx, message, outcome, at=at, attempt=attempt, why=why, next_at=next_at)
            _on_ticket(tx, message, outcome, at, why)
        setattr(report, outcome.replace("-", "_"), getattr(report, outcome.replace("-", "_")) + 1)
        report.details.append({"id": message.id, "channel": message.entry.get("channel"), "state": outcome,
                               "attempt": attempt, "why": why})
    return report


def _send(channels: dict, message: st.Message, attempt: int, now):
    channel = channels.get(message.entry.get("channel"))
    try:
        if channel is None:
            raise NoChannel(f"no such channel: {message.entry.get('channel')!r}")
        channel.send(message)
    except NoChannel as problem:
        return st.NO_CHANNEL, problem.why, None
    except Permanent as problem:
        return st.FAILED, problem.why, None
    except Temporary as problem:
        if attempt >= MAX_ATTEMPTS:
            return st.FAILED, f"{problem.why} (gave up after {attempt} attempts)", None
        wait = BACKOFF[min(attempt - 1, len(BACKOFF) - 1)]
        return st.RETRYING, problem.why, clock.iso(now + timedelta(seconds=wait))
    return st.SENT, None, None


def _on_ticket(tx, message: st.Message, outcome: str, at: str, why: str | None) -> None:
    """The ticket's timeline says what reached the member (widgets/timeline_view.py)."""
    entry = message.entry
    ticket = entry.get("ticket")
    if not ticket:
        return
    tx.append("timeline", {"ticket_id": ticket, "at": at, "by": "delivery", "kind": "delivery",
                           "message": message.id, "channel": entry.get("channel"), "to": entry.get("to"),
                           "state": outcome, "why": why}, key=ticket)


def run(store, channels: dict, *, interval: float, stop: threading.Event, on_report=None) -> None:
    while not stop.is_set():
        report = deliver_once(store, channels, stop=stop)
        if on_report is not None:
            on_report(report)
        stop.wait(interval)
