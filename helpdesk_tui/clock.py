"""The one place the console asks for the current time.

Everything that says "3 days ago", "deleted 8 days ago" or "trial ends in 2 days" goes
through :func:`now`, so the demo tenant, tests and snapshots can pin the clock.

``HELPDESK_NOW`` moves the clock of a whole process, so whoever sets it decides what
"within 60 minutes" and "10 per 10 minutes" mean: it is honoured only once a training
store (marked at creation: ``demo``, ``import --training``) has accepted it
(:func:`accept_env`); opening any other store with it set is refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

_pinned: datetime | None = None
_env_accepted: datetime | None = None  # HELPDESK_NOW, once a training store accepted it
ENV = "HELPDESK_NOW"


class ClockRefused(ValueError):
    """HELPDESK_NOW set for a store that is not a training store, or malformed."""


def now() -> datetime:
    """Aware current time; pinned by :func:`pin`, or by ``HELPDESK_NOW`` (ISO 8601) once
    a training store accepted it."""
    if _pinned is not None:
        return _pinned
    if _env_accepted is not None:
        return _env_accepted
    return datetime.now(timezone.utc).astimezone()


def accept_env(training: bool, where: object) -> None:
    """A store at ``where`` is being opened or created: honour ``HELPDESK_NOW`` if it is
    a training store, refuse it (ClockRefused, a message for the operator) otherwise."""
    global _env_accepted
    value = os.environ.get(ENV)
    if not value:
        return
    if not training:
        raise ClockRefused(
            f"{ENV} is set, but the store at {where} is not a training store: its clock is the "
            f"system's (verification windows and rate limits depend on it). Unset {ENV}; only "
            f"stores made by `helpdesk-tui demo` or `import --training` accept it.")
    try:
        _env_accepted = parse_iso(value)
    except ValueError:
        raise ClockRefused(
            f"{ENV}={value!r} is not an ISO 8601 time with a UTC offset "
            f"(for example 2026-11-20T10:00:00+09:00)") from None


def pin(moment: datetime | None) -> None:
    """Pin (or with ``None`` unpin) the clock for this process."""
    global _pinned
    _pinned = moment


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 time with offset; a naive time is refused."""
    moment = datetime.fromisoformat(value)  # ValueError for text that is no time
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
