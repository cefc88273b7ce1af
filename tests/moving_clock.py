"""A pinned clock a test can move forward (``now.move(hours=25)``): the 24 h domain lock,
the vendor's 24 h verification window, the seed-002 parallel week."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterator

from helpdesk_tui import clock


class MovingClock:
    def __init__(self, start: datetime) -> None:
        self.at = start
        clock.pin(self.at)

    def move(self, **delta) -> None:
        self.at = self.at + timedelta(**delta)
        clock.pin(self.at)


def pinned_at(start: datetime) -> Iterator[MovingClock]:
    """Body of a ``now`` fixture: pinned at ``start`` for the test, unpinned after."""
    yield MovingClock(start)
    clock.pin(None)
