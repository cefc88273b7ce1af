"""The one place the console asks for the current time.

Everything that says "3 days ago", "deleted 8 days ago" or "trial ends in 2 days" goes
through :func:`now`, so the demo tenant, tests and snapshots can pin the clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

_pinned: datetime | None = None


def now() -> datetime:
    """Aware current time; pinned by :func:`pin` or ``HELPDESK_NOW`` (ISO 8601)."""
    if _pinned is not None:
        return _pinned
    env = os.environ.get("HELPDESK_NOW")
    if env:
        return parse_iso(env)
    return datetime.now(timezone.utc).astimezone()


def pin(moment: datetime | None) -> None:
    """Pin (or with ``None`` unpin) the clock for this process."""
    global _pinned
    _pinned = moment


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 time with offset; a naive time is refused."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"time has no UTC offset: {value!r}")
    return moment


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@contextmanager
def pinned(moment: datetime) -> Iterator[None]:
    """Pin the clock to ``moment`` for a block, then put back what was there."""
    global _pinned
    before = _pinned
    _pinned = moment
    try:
        yield
    finally:
        _pinned = before
