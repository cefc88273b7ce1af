"""Fixtures: a real demo store (tests/demo_store.py) with the operator's role chosen per
test, and helpers to open a verified ticket."""

from __future__ import annotations

import pytest

from tests.demo_store import NOW, make_demo_store, member_id  # noqa: F401
from tests.moving_clock import pinned_at


@pytest.fixture
def now():
    yield from pinned_at(NOW)


@pytest.fixture
def make_store(tmp_path, now):
    """``make_store(role)`` -> (store, operator record)."""
    from helpdesk_tui.operators import require_operator

    def make(role: str = "supervisor", members: int = 60):
        store = make_demo_store(tmp_path / f"store-{role}", members=members, role=role)
        return store, require_operator(store)

    return make


def verified_ticket(store, operator, member: str, method: str = "in-person-id",
                    symptom: str = "cannot-login") -> str:
    from helpdesk_tui.tickets import open_ticket, record_verification

    ticket = open_ticket(store, operator, member, symptom)["id"]
    record_verification(store, operator, ticket, method)
    return ticket


def audit_entries(store) -> list[dict]:
    return list(store.iter_log("audit"))
