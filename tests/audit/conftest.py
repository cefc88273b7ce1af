"""Fixtures: a real demo store with the clock pinned (tests/demo_store.py)."""

from tests.demo_store import operator, pinned_clock, store  # noqa: F401  (pytest fixtures)
