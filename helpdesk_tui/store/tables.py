"""Where each table lives, and the tables as a transaction sees them.

Layout of a store directory (schema 2)::

    meta.json              schema version, shard count, log segment size
    .lock                  the store-wide write lock (flock)
    journal.redo           redo journal, present only while a commit is in flight
    tenant.json            TinyDB file, table "tenant" (one document)
    operators.json         TinyDB file, table "operators"
    members/NNN.json       TinyDB file per shard, table "members"
    devices/NNN.json       TinyDB file per shard, table "devices" (sharded by member_id)
    tickets/NNN.json       TinyDB file per shard, table "tickets" (sharded by ticket id)
    counters.json          TinyDB file, table "counters" (sequence numbers: ticket ids)
    logs/<name>/PPP-SSSSSS.jsonl   append-only log segments (see applog.py)

A write rewrites only the shard files it touched, so its cost depends on the shard size
(members / shards), not on the whole tenant. A missing shard file is an empty shard.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable

from .storage import buffered_table, clone

DEFAULT_SHARDS = 256
SHARD_HASH = "sha256-u64-mod"  # recorded in meta.json; changing it would need a migration


def shard_of(key: str, shards: int) -> int:
    """Stable across processes, platforms and Python versions (unlike hash())."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


@dataclass(frozen=True)
class TableSpec:
    table: str  # TinyDB table name inside the file
    key_fields: tuple[str, ...]  # string fields every document must have; they form its key
    shard_field: str | None = None  # sharded tables: which field picks the shard
    file: str | None = None  # unsharded tables: the file name

    def key(self, doc: dict) -> Hashable:
        if len(self.key_fields) == 1:
            return doc[self.key_fields[0]]
        return tuple(doc[field] for field in self.key_fields)


MEMBERS = TableSpec("members", ("id",), shard_field="id")
# A device is identified by (member_id, device_id): it lives in its member's shard.
DEVICES = TableSpec("devices", ("member_id", "device_id"), shard_field="member_id")
TENANT = TableSpec("tenant", (), file="tenant.json")
OPERATORS = TableSpec("operators", ("username",), file="operators.json")
# Tickets are sharded like members so that an action's commit rewrites one small file.
TICKETS = TableSpec("tickets", ("id",), shard_field="id")
COUNTERS = TableSpec("counters", ("name",), file="counters.json")

_SHARD_FILE = re.compile(r"^(\d+)\.json$")


class Layout:
    """Paths of one store directory, given its shard count."""

    def __init__(self, root: Path, shards: int):
        self.root = root
        self.shards = shards
        self.width = len(str(shards - 1))
        self._paths: dict[tuple[str, int], Path] = {}  # put_many asks 100k times

    def shard(self, key: str) -> int:
        return shard_of(key, self.shards)

    def table_dir(self, spec: TableSpec) -> Path:
        return self.root / spec.table

    def shard_file(self, spec: TableSpec, shard: int) -> Path:
        path = self._paths.get((spec.table, shard))
        if path is None:
            path = self._paths[spec.table, shard] = self.root / spec.table / f"{shard:0{self.width}d}.json"
        return path

    def file_for(self, spec: TableSpec, shard_key: str | None = None) -> Path:
        if spec.file is not None:
            return self.root / spec.file
        return self.shard_file(spec, self.shard(shard_key))

    def shard_files(self, spec: TableSpec) -> list[Path]:
        """Existing shard files in shard order (names that are not shards are skipped)."""
        directory = self.table_dir(spec)
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            return []
        found = sorted((int(m.group(1)), n) for n in names if (m := _SHARD_FILE.match(n)))
        return [directory / name for _, name in found]

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


class KeyedFile:
    """One TinyDB file inside a transaction, with a key -> doc_id map built once at load,
    so a put is a dict lookup rather than a TinyDB query scan."""

    def __init__(self, path: Path, spec: TableSpec):
        self.spec = spec
        self.table, self.storage = buffered_table(path, spec.table, spec.key_fields)
        docs = self.storage.data.get(spec.table, {})
        self.ids: dict[Hashable, int] = {spec.key(doc): int(doc_id) for doc_id, doc in docs.items()}

    def get(self, key: Hashable) -> dict | None:
        doc_id = self.ids.get(key)
        if doc_id is None:
            return None
        return clone(self.table.get(doc_id=doc_id), "record")

    def where(self, predicate: Callable[[dict], bool]) -> list[dict]:
        return [clone(doc, "record") for doc in self.table if predicate(doc)]

    def put_many(self, records: dict[Hashable, dict]) -> None:
        """Insert or replace whole records (already cloned), keyed as ``records``' keys."""
        replacing = {key: rec for key, rec in records.items() if key in self.ids}
        inserting = [rec for key, rec in records.items() if key not in self.ids]
        if replacing:
            key = self.spec.key

            def replace(doc: dict) -> None:
                new = replacing[key(doc)]
                doc.clear()
                doc.update(new)

            self.table.update(replace, doc_ids=[self.ids[k] for k in replacing])
        if inserting:
            for rec, doc_id in zip(inserting, self.table.insert_multiple(inserting)):
                self.ids[self.spec.key(rec)] = doc_id

    def delete(self, key: Hashable) -> bool:
        doc_id = self.ids.pop(key, None)
        if doc_id is None:
            return False
        self.table.remove(doc_ids=[doc_id])
        return True


def check_record(spec: TableSpec, record: Any, what: str) -> dict:
    """Clone a record for storing; its key fields must be non-empty strings."""
    if not isinstance(record, dict):
        raise TypeError(f"{what} must be a dict, not {type(record).__name__}")
    for field in spec.key_fields:
        value = record.get(field)
        if not isinstance(value, str) or not value:
            raise ValueError(f"{what} needs a non-empty string {field!r} (got {value!r})")
    return clone(record, what)


class _TxTable:
    """Common plumbing: ``open_file(path, spec)`` is the transaction's loader."""

    spec: TableSpec

    def __init__(self, layout: Layout, open_file: Callable[[Path, TableSpec], KeyedFile]):
        self._layout = layout
        self._open = open_file

    def _file(self, shard_key: str | None = None) -> KeyedFile:
        return self._open(self._layout.file_for(self.spec, shard_key), self.spec)

    def _put_grouped(self, records: Iterable[Any], what: str) -> int:
        by_file: dict[Path, dict[Hashable, dict]] = {}
        count = 0
        for record in records:
            rec = check_record(self.spec, record, what)
            shard_key = rec[self.spec.shard_field] if self.spec.shard_field else None
            path = self._layout.file_for(self.spec, shard_key)
            by_file.setdefault(path, {})[self.spec.key(rec)] = rec  # last one wins
            count += 1
        for path, recs in by_file.items():
            self._open(path, self.spec).put_many(recs)
        return count


class MembersTx(_TxTable):
    spec = MEMBERS

    def get(self, member_id: str) -> dict | None:
        return self._file(member_id).get(member_id)

    def put(self, record: dict) -> None:
        self._put_grouped([record], "member")

    def put_many(self, records: Iterable[dict]) -> int:
        return self._put_grouped(records, "member")

    def delete(self, member_id: str) -> bool:
        """Remove the member record (its devices and access events stay)."""
        return self._file(member_id).delete(member_id)


class DevicesTx(_TxTable):
    spec = DEVICES

    def for_member(self, member_id: str) -> list[dict]:
        return self._file(member_id).where(lambda doc: doc["member_id"] == member_id)

    def put(self, record: dict) -> None:
        self._put_grouped([record], "device")

    def put_many(self, records: Iterable[dict]) -> int:
        return self._put_grouped(records, "device")

    def delete(self, member_id: str, device_id: str) -> bool:
        return self._file(member_id).delete((member_id, device_id))


class TenantTx(_TxTable):
    spec = TENANT
    _KEY = ()  # TENANT has no key fields: its one document's key is the empty tuple

    def get(self) -> dict | None:
        return self._file().get(self._KEY)

    def set(self, record: dict) -> None:
        rec = check_record(self.spec, record, "tenant")
        file = self._file()
        for key in list(file.ids):
            if key != self._KEY:
                file.delete(key)
        file.put_many({self._KEY: rec})


class OperatorsTx(_TxTable):
    spec = OPERATORS

    def get(self, username: str) -> dict | None:
        return self._file().get(username)

    def put(self, record: dict) -> None:
        self._put_grouped([record], "operator")

    def delete(self, username: str) -> bool:
        return self._file().delete(username)

    def all(self) -> list[dict]:
        return sorted(self._file().where(lambda doc: True), key=lambda doc: doc["username"])


class TicketsTx(_TxTable):
    spec = TICKETS

    def get(self, ticket_id: str) -> dict | None:
        return self._file(ticket_id).get(ticket_id)

    def put(self, record: dict) -> None:
        self._put_grouped([record], "ticket")


class CountersTx(_TxTable):
    spec = COUNTERS

    def next(self, name: str) -> int:
        """The next number of sequence ``name`` (1, 2, 3… never reused): taken under the
        store lock, so two operators never get the same ticket number."""
        file = self._file()
        current = file.get(name)
        value = (current["value"] if current else 0) + 1
        file.put_many({name: {"name": name, "value": value}})
        return value

    def get_doc(self, name: str) -> dict | None:
        """Document ``name`` of the counters table without its ``name`` key (None if
        absent): small state that must change in the same commit as a write, such as
        the audit chain head ``{"seq", "hash"}``. Keep names apart from ``next``'s."""
        doc = self._file().get(name)
        if doc is None:
            return None
        doc.pop("name", None)
        return doc

    def put_doc(self, name: str, doc: dict) -> None:
        """Replace document ``name`` with ``doc`` (JSON values; its ``name`` key is set)."""
        if not isinstance(doc, dict):
            raise TypeError(f"counters document must be a dict, not {type(doc).__name__}")
        rec = check_record(self.spec, {**doc, "name": name}, f"counters document {name!r}")
        self._file().put_many({name: rec})
