"""Shared fixtures for the store tests: real directories, real child processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk_tui.store import Store


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path) -> Store:
    return Store.create(store_path)


from tests.accounts import accounts, installed_tool, open_tmp, throwaway_user  # noqa: E402,F401  (pytest fixtures)
