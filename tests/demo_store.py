"""A real demo store on disk for domain tests (tickets, triage): the demo generator's
edge-case members, imported the way ``helpdesk-tui demo`` does, with the clock pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk_tui import clock
from helpdesk_tui.operators import current_os_user

NOW = clock.parse_iso("2026-11-20T10:00:00+09:00")


def make_demo_store(path: Path, *, members: int = 50, trial: str = "near-end", role: str = "agent",
                    tenant: dict | None = None):
    """A store at ``path`` whose current OS user is an operator with ``role``; ``tenant``
    entries override the demo tenant's."""
    from helpdesk_tui.demo import generate
    from helpdesk_tui.importexport import import_document
    from helpdesk_tui.store import Store

    doc = generate(members, 1, NOW, trial=trial)
    doc["operators"] = [{"username": current_os_user(), "role": role, "display_name": "テスト 担当"},
                        {"username": "second-op", "role": "supervisor", "display_name": "Second"}]
    store = Store.create(path, training=True)  # CLI tests pin HELPDESK_NOW
    import_document(store, doc)
    if tenant:
        with store.transaction() as tx:
            tx.tenant.set({**tx.tenant.get(), **tenant})
    return store


def member_id(local: str) -> str:
    return f"{local}@sample.co.jp"


@pytest.fixture(autouse=True)
def pinned_clock():
    """Domain tests on the demo store read NOW (tickets, triage)."""
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
