"""TinyDB storages for the store's table files (one TinyDB file per table or shard).

TinyDB's own JSONStorage keeps a file handle, writes in place (a crash tears the file) and,
with CachingMiddleware, serves stale data to other processes. These storages instead:

- ``DiskReadStorage``: parses the file fresh on every ``read()``; refuses ``write()``.
  Used for the lock-free reads outside transactions.
- ``BufferedStorage``: loads the file once, when a transaction (holding the store lock)
  first needs it, then serves and buffers TinyDB's reads and writes in memory until the
  transaction commits them through the journal. Nothing reaches disk before commit.

Tables are opened with ``cache_size=0`` and a new Table per transaction, so TinyDB's query
cache and its cached next document id never outlive the lock that made them true.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .errors import StoreCorruptError, StoreError
from .files import read_under


def dumps(data: Any) -> bytes:
    """The store's one JSON encoding: compact, ASCII (non-ASCII as \\u escapes: faster to
    encode than UTF-8 and immune to locale settings), no NaN (other tools must parse it)."""
    return json.dumps(data, separators=(",", ":"), allow_nan=False).encode("ascii")


def clone(record: Any, what: str) -> Any:
    """A deep copy that is known to be storable JSON, so a caller mutating its dict later
    cannot reach the transaction's buffer, and a bad value fails at put(), not at commit.
    (Three times faster than a JSON round trip, which matters for put_many.)"""
    try:
        return _copy(record)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{what} is not storable as JSON: {exc}") from None


def _copy(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict or isinstance(value, dict):
        copied = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"key {key!r} is not a string")
            copied[key] = _copy(item)
        return copied
    if kind is list or kind is tuple:
        return [_copy(item) for item in value]
    if kind is float:
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a JSON number")
        return value
    if isinstance(value, (str, int)):  # str/int enums and the like
        return value
    raise TypeError(f"a {kind.__name__} is not a JSON value")


def load_table_file(path: Path, table: str, key_fields: tuple[str, ...]) -> dict | None:
    """Parse one TinyDB file and check its shape; None when the file does not exist."""
    try:
        raw = read_under(path, 1 if path.parent.name == table else 0)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise StoreError(f"{path}: permission denied (is the store shared with your group?)") from None
    if not raw:
        raise StoreCorruptError(path, "the file is empty (a truncated write?)")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise StoreCorruptError(path, f"not UTF-8 text (byte {exc.start}); the file is damaged") from None
    except json.JSONDecodeError as exc:
        raise StoreCorruptError(
            path,
            f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            f"the file is truncated or damaged",
        ) from None
    check_shape(path, data, table, key_fields)
    return data


def check_shape(path: Path, data: Any, table: str, key_fields: tuple[str, ...]) -> None:
    if not isinstance(data, dict):
        raise StoreCorruptError(path, "expected a JSON object of TinyDB tables")
    docs = data.get(table, {})
    if not isinstance(docs, dict):
        raise StoreCorruptError(path, f"table {table!r} is not a JSON object of documents")
    for doc_id, doc in docs.items():
        if not doc_id.isdigit():
            raise StoreCorruptError(path, f"table {table!r} has a non-numeric document id {doc_id!r}")
        if not isinstance(doc, dict):
            raise StoreCorruptError(path, f"document {doc_id} of table {table!r} is not a JSON object")
        for field in key_fields:
            if not isinstance(doc.get(field), str):
                raise StoreCorruptError(path, f"document {doc_id} of table {table!r} has no string {field!r}")


class DiskReadStorage(Storage):
    def __init__(self, path: Path, table: str, key_fields: tuple[str, ...]):
        self.path, self.table, self.key_fields = path, table, key_fields

    def read(self) -> dict | None:
        return load_table_file(self.path, self.table, self.key_fields)

    def write(self, data: dict) -> None:
        raise StoreError(f"{self.path}: writes go through store.transaction()")


class BufferedStorage(Storage):
    def __init__(self, path: Path, table: str, key_fields: tuple[str, ...]):
        self.path, self.table = path, table
        self.data = load_table_file(path, table, key_fields) or {table: {}}
        self.dirty = False

    def read(self) -> dict:
        return self.data

    def write(self, data: dict) -> None:
        self.data = data
        self.dirty = True

    def serialize(self) -> bytes:
        return dumps(self.data)


def read_table(path: Path, table: str, key_fields: tuple[str, ...]) -> Table:
    """A TinyDB table that reads ``path`` fresh from disk on every operation."""
    return TinyDB(path, table, key_fields, storage=DiskReadStorage).table(table, cache_size=0)


def buffered_table(path: Path, table: str, key_fields: tuple[str, ...]) -> tuple[Table, BufferedStorage]:
    db = TinyDB(path, table, key_fields, storage=BufferedStorage)
    return db.table(table, cache_size=0), db.storage
