"""Fixtures for the domain-ownership tests (seed 000)."""

from __future__ import annotations

import pytest
from domain_helpers import NOW, DnsResponder, make_store

from tests.moving_clock import pinned_at


@pytest.fixture
def now():
    """The clock pinned at NOW; ``now.move(hours=…)`` moves it."""
    yield from pinned_at(NOW)


@pytest.fixture
def store(tmp_path, now):
    return make_store(tmp_path / "store")


@pytest.fixture
def dns_server():
    server = DnsResponder()
    yield server
    server.close()
