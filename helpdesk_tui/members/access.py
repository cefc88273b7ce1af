"""Seed 003 「アクセス履歴」: the last 90 days of a member's access environments.

The store keeps access history as an append-only log: ``session`` events as sessions
start, ``disconnect`` events when an operator cuts one off. Folding them gives the
current picture without ever editing a past entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from helpdesk_tui.clock import parse_iso

# Times a reader computes with (the import accepts only these years, in UTC): a stored
# placeholder such as 9999-12-31T23:59:59-23:59 cannot even be converted to UTC, and
# adding a restore window to it overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_time(value: object) -> datetime | None:
    """A stored ISO time, or None when absent, unreadable or outside FIRST_YEAR–LAST_YEAR
    (treated as unknown: older stores may hold such values)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = parse_iso(value)
        utc_year = moment.astimezone(timezone.utc).year
    except (ValueError, OverflowError):
        return None
    return moment if FIRST_YEAR <= utc_year <= LAST_YEAR else None
from helpdesk_tui.glossary import ACCESS_HISTORY_DAYS


@dataclass(frozen=True)
class SessionRow:
    session_id: str
    started_at: datetime
    environment: str
    country: str
    ip: str
    connected: bool
    disconnected_at: datetime | None = None

    def to_json(self) -> dict:
        return {
            "session_id": self.session_id,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "environment": self.environment,
            "country": self.country,
            "ip": self.ip,
            "connected": self.connected,
            "disconnected_at": (
                self.disconnected_at.isoformat(timespec="seconds") if self.disconnected_at else None
            ),
        }


def fold_sessions(
    events: Iterable[dict], now: datetime, days: int = ACCESS_HISTORY_DAYS
) -> list[SessionRow]:
    """Sessions started within ``days`` of ``now``, newest first, with disconnects applied."""
    sessions: dict[str, dict] = {}
    disconnected: dict[str, datetime] = {}
    for event in events:
        kind = event.get("event", "session")
        if kind == "session":
            sessions[event["session_id"]] = event
        elif kind == "disconnect":
            disconnected[event["session_id"]] = parse_time(event.get("at"))
    cutoff = now - timedelta(days=days)
    rows = []
    for session_id, event in sessions.items():
        started = parse_time(event.get("started_at"))
        if started is None or started < cutoff:
            continue
        cut = disconnected.get(session_id)
        rows.append(
            SessionRow(
                session_id=session_id,
                started_at=started,
                environment=event.get("environment", ""),
                country=event.get("country", ""),
                ip=event.get("ip", ""),
                connected=bool(event.get("connected")) and session_id not in disconnected,
                disconnected_at=cut,
            )
        )
    rows.sort(key=lambda row: row.started_at, reverse=True)
    return rows
