"""Fixtures for the mail-migration tests (seed 002)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from mail_helpers import NOW, make_store

from helpdesk_tui import clock


@pytest.fixture
def now():
    """The clock pinned at NOW; ``now.move(days=…)`` moves it."""

    class Clock:
        def __init__(self) -> None:
            self.at = NOW
            clock.pin(self.at)

        def move(self, **delta) -> None:
            self.at = self.at + timedelta(**delta)
            clock.pin(self.at)

    yield Clock()
    clock.pin(None)


@pytest.fixture
def store(tmp_path, now):
    return make_store(tmp_path / "store")
