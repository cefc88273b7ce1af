"""Fixtures for the import / export tests (GLOSSARY "Import format")."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from helpdesk_tui.importexport import import_document
from helpdesk_tui.store import Store
from tests.fingerprint import store_fingerprint

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


_VALID = _load("valid.json")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def valid_doc() -> dict:
    """A complete document in canonical export order (a fresh copy per test)."""
    return copy.deepcopy(_VALID)


@pytest.fixture
def minimal_doc() -> dict:
    return _load("minimal.json")


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.create(tmp_path / "store")


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> Store:
    """A store holding valid.json; tests must leave it as it is."""
    store = Store.create(tmp_path_factory.mktemp("loaded") / "store")
    import_document(store, copy.deepcopy(_VALID))
    return store


def digest(store: Store) -> str:
    """Hash of every file of the store (except the lock file)."""
    return store_fingerprint(store.path)


@pytest.fixture
def store_digest():
    return digest
