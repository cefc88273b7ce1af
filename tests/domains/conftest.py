"""Fixtures for the domain-ownership tests (seed 000)."""

from __future__ import annotations

import pytest
from domain_helpers import NOW, DnsResponder, make_store

from helpdesk_tui import clock


@pytest.fixture
def now():
    """The clock pinned at NOW; ``now.move(hours=…)`` moves it."""

    class Clock:
        def __init__(self) -> None:
            self.at = NOW
            clock.pin(self.at)

        def move(self, **delta) -> None:
            from datetime import timedelta

            self.at = self.at + timedelta(**delta)
            clock.pin(self.at)

    yield Clock()
    clock.pin(None)


@pytest.fixture
def store(tmp_path, now):
    return make_store(tmp_path / "store")


@pytest.fixture
def dns_server():
    server = DnsResponder()
    yield server
    server.close()
