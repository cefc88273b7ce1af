"""Fixtures for the mail-migration tests (seed 002)."""

from __future__ import annotations

import pytest
from mail_helpers import NOW, make_store

from tests.moving_clock import pinned_at


@pytest.fixture
def now():
    """The clock pinned at NOW; ``now.move(days=…)`` moves it."""
    yield from pinned_at(NOW)


@pytest.fixture
def store(tmp_path, now):
    return make_store(tmp_path / "store")
