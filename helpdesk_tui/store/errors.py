"""Store errors. Every message names the store path or file, so the console can show it."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class StoreError(Exception):
    """Anything the store refuses or cannot do."""


class StoreNotFoundError(StoreError):
    """Store.open on a missing or empty directory, or one that holds no store."""


class StoreLockedError(StoreError):
    """The store-wide write lock was not free within the timeout."""


class StoreSchemaError(StoreError):
    """The store was written by a newer helpdesk-tui; nothing was touched."""


class StoreCorruptError(StoreError):
    """A store file cannot be parsed or has the wrong shape. It is never overwritten."""

    def __init__(self, path: str | Path, detail: str):
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")


class StoreProblem(NamedTuple):
    """One problem file found by Store.verify()."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
