"""The tenant store: TinyDB tables in sharded files, a store-wide lock, atomic multi-file
commits (redo journal) and append-only JSON-Lines logs. See docs/ARCHITECTURE.md."""

from .errors import (
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
    StoreProblem,
    StoreSchemaError,
)
from .journal import StorePendingError
from .schema import SCHEMA_VERSION
from .store import Store, take_notices
from .transaction import Transaction

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreNotFoundError",
    "StorePendingError",
    "StoreProblem",
    "StoreSchemaError",
    "Transaction",
    "take_notices",
]
