"""Fixtures of the delivery tests: a real SMTP server on loopback standing in for the
relay, a demo store with notifications queued by real actions, the ``[smtp]`` settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.delivery.relay_support import Relay
from tests.demo_store import make_demo_store, member_id
from tests.loopback import no_proxy_for_loopback  # noqa: F401  (autouse fixture)


@pytest.fixture
def relay():
    server = Relay().start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path, relay) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {relay.port}\nsecurity = "none"\n'
                    f'from = "Helpdesk <helpdesk@sample.co.jp>"\ntimeout = 5\n', encoding="utf-8")
    return path


@pytest.fixture
def queued(tmp_path):
    """A store with an English-speaking member whose password the helpdesk reset: the
    notifications are queued. Returns (store, member id, the temporary password)."""
    from helpdesk_tui.actions import run_action
    from helpdesk_tui.operators import require_operator
    from helpdesk_tui.tickets import open_ticket, record_verification

    store = make_demo_store(tmp_path / "store", members=30, role="admin")
    operator = require_operator(store)
    target = member_id("edge-active")
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(target), "lang": "en", "recovery_email": "taro.private@example.net"})
    ticket = open_ticket(store, operator, target, "password-forgotten")["id"]
    record_verification(store, operator, ticket, "in-person-id")
    result = run_action(store, operator, "force-password-change", target, ticket=ticket)
    assert result.temp_password and result.notifications >= 2
    return store, target, result.temp_password


