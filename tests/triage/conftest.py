from __future__ import annotations

import pytest

from helpdesk_tui import clock
from tests.demo_store import NOW, make_demo_store


@pytest.fixture(autouse=True)
def pinned_clock():
    clock.pin(NOW)
    yield NOW
    clock.pin(None)


@pytest.fixture
def store(tmp_path):
    return make_demo_store(tmp_path / "store")


@pytest.fixture
def operator(store):
    from helpdesk_tui.operators import require_operator

    return require_operator(store)
