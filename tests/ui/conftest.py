"""Fixtures for the console's Pilot and snapshot tests.

One demo tenant (engineer B's generator, imported with ``import_document``) is built per
session with the clock pinned, so every screenshot is the same on every run. Tests that
change a store work on their own copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpdesk_tui import clock
from helpdesk_tui.operators import current_os_user

from ui_helpers import NOW, THEME

MEMBERS = 60
SEED = 1
OPERATOR = {"username": current_os_user(), "role": "agent", "display_name": "テスト 担当"}


@pytest.fixture(scope="session", autouse=True)
def operator_in_tokyo():
    """The operator's machine runs in the demo tenant's zone (Asia/Tokyo), so screens and
    snapshots are the same on a UTC CI host and a Tokyo laptop; tests of another host
    zone set TZ themselves (test_tenant_time_zone.py)."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="module", autouse=True)
def pinned_clock():
    """The console's clock reads NOW for every test here (and only here)."""
    clock.pin(NOW)
    yield NOW
    clock.pin(None)


def build_store(path: Path, *, operator: bool = True) -> dict:
    """A demo store at ``path``; returns the import document."""
    from helpdesk_tui.demo import generate
    from helpdesk_tui.importexport import import_document
    from helpdesk_tui.store import Store

    doc = generate(MEMBERS, SEED, NOW)
    if operator:
        doc["operators"] = [*doc.get("operators", []), dict(OPERATOR)]
    store = Store.create(path)
    import_document(store, doc)
    return doc


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> tuple[Path, dict]:
    """(store path, import document) of the shared read-only demo store."""
    path = tmp_path_factory.mktemp("demo") / "store"
    clock.pin(NOW)
    try:
        doc = build_store(path)
    finally:
        clock.pin(None)
    return path, doc


@pytest.fixture(scope="session")
def store_path(demo) -> Path:
    return demo[0]


@pytest.fixture(scope="session")
def members(demo) -> dict[str, dict]:
    """Import-document member records by id."""
    return {record["id"]: record for record in demo[1]["members"]}


@pytest.fixture
def store_copy(store_path, tmp_path) -> Path:
    """A private copy of the demo store, for tests that change or damage it."""
    target = tmp_path / "store"
    shutil.copytree(store_path, target)
    return target


@pytest.fixture
def make_app(store_path):
    """``make_app(lang="ja", path=None, **kw)`` → a HelpdeskApp on the demo store."""
    from helpdesk_tui.app import HelpdeskApp

    def make(lang: str = "en", path: Path | None = None, **kwargs) -> HelpdeskApp:
        kwargs.setdefault("theme", THEME)
        app = HelpdeskApp(path or store_path, lang, **kwargs)
        app.animation_level = "none"  # tab underline and scroll animations only cost time
        return app

    return make

