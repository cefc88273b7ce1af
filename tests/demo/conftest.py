"""Fixtures for the demo-tenant generator tests."""

from __future__ import annotations

import pytest

from helpdesk_tui import clock
from helpdesk_tui.demo import generate

NOW = clock.parse_iso("2026-11-20T10:00:00+09:00")

_CACHE: dict[tuple, dict] = {}


def cached(members: int, seed: int = 1, trial: str = "near-end") -> dict:
    """generate() once per argument set for the whole session; do not modify the result."""
    key = (members, seed, trial)
    if key not in _CACHE:
        _CACHE[key] = generate(members, seed, NOW, trial=trial)
    return _CACHE[key]


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def demo_doc():
    """``demo_doc(members, seed=1, trial="near-end")`` → a shared, read-only document."""
    return cached


@pytest.fixture
def members_by_id():
    def index(doc: dict) -> dict[str, dict]:
        return {m["id"]: m for m in doc["members"]}

    return index
