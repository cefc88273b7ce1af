"""Schema version (meta.json) and migrations.

Schema 1 is the naive first layout: one TinyDB file ``helpdesk.json`` with tables
``members``, ``devices``, ``sessions``, ``tenant`` and ``operators``, and no meta.json (or
meta.json saying schema 1). Schema 2 is the sharded layout of tables.py + applog.py.

Migrations run under the store lock. 1 -> 2 writes the new layout from the old file, renames
it to ``helpdesk.json.v1-backup`` and writes meta.json last: until then the store still
reads as schema 1, so a crash anywhere makes the next opener rerun the migration from
scratch (it first clears what the interrupted run wrote).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from . import journal
from .applog import DEFAULT_SEGMENT_BYTES, plan_appends
from .errors import StoreCorruptError, StoreSchemaError
from .files import Perms, atomic_write, fsync_dir, read_under
from .storage import check_shape, dumps
from .tables import DEVICES, MEMBERS, OPERATORS, SHARD_HASH, TENANT, KeyedFile, Layout, TableSpec

SCHEMA_VERSION = 2
FORMAT = "helpdesk-tui-store"
META_NAME = "meta.json"
V1_FILE = "helpdesk.json"
V1_BACKUP = "helpdesk.json.v1-backup"


def new_meta(shards: int, segment_bytes: int = DEFAULT_SEGMENT_BYTES, *, training: bool = False) -> dict:
    meta = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "shards": shards,
        "shard_hash": SHARD_HASH,
        "segment_bytes": segment_bytes,
    }
    if training:  # decided at creation only: HELPDESK_NOW may set this store's clock
        meta["training"] = True
    return meta


def read_meta(root: Path) -> dict | None:
    """meta.json, checked; None when absent."""
    path = root / META_NAME
    try:
        raw = read_under(path, 0)
    except FileNotFoundError:
        return None
    try:
        meta = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreCorruptError(path, f"not valid JSON ({exc}); the file is truncated or damaged") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("schema"), int) or isinstance(meta["schema"], bool):
        raise StoreCorruptError(path, "no integer 'schema' version in it")
    if meta["schema"] == SCHEMA_VERSION:  # older metas are migrated, newer ones refused
        for field in ("shards", "segment_bytes"):
            if not isinstance(meta.get(field), int) or meta[field] < 1:
                raise StoreCorruptError(path, f"{field!r} must be a positive integer")
        if meta.get("shard_hash") != SHARD_HASH:
            raise StoreCorruptError(path, f"unknown shard hash {meta.get('shard_hash')!r}")
    return meta


def write_meta(root: Path, meta: dict, perms: Perms) -> None:
    atomic_write(root / META_NAME, json.dumps(meta, indent=2).encode() + b"\n", perms)


def schema_of(root: Path) -> int | None:
    """The store's schema version; None when the directory holds no store."""
    meta = read_meta(root)
    if meta is not None:
        return meta["schema"]
    if (root / V1_FILE).exists() or (root / V1_BACKUP).exists():
        return 1
    return None


def refuse_newer(root: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise StoreSchemaError(
            f"the store at {root} has schema {version}, written by a newer helpdesk-tui; "
            f"this version understands schema {SCHEMA_VERSION} at most. Upgrade helpdesk-tui; "
            f"the store was not changed."
        )


def migrate(root: Path, version: int, perms: Perms, hook: journal.Hook | None = None) -> dict:
    """Bring the store to SCHEMA_VERSION; return the new meta. Call under the store lock."""
    refuse_newer(root, version)
    if version == 1:
        return _migrate_1_to_2(root, perms, hook or (lambda stage: None))
    raise StoreSchemaError(f"the store at {root} has schema {version}, which no migration handles")


_V1_TABLES: dict[str, TableSpec | None] = {
    "members": MEMBERS,
    "devices": DEVICES,
    "tenant": TENANT,
    "operators": OPERATORS,
    "sessions": None,  # -> the "access" log
}


def _migrate_1_to_2(root: Path, perms: Perms, hook: journal.Hook) -> dict:
    source = root / V1_FILE if (root / V1_FILE).exists() else root / V1_BACKUP
    data = _read_v1(source) if source.exists() else {}
    meta = new_meta(shards=256)
    layout = Layout(root, meta["shards"])

    # Whatever the new layout holds now was written by an interrupted run of this migration.
    for directory in (layout.table_dir(MEMBERS), layout.table_dir(DEVICES), root / "logs"):
        shutil.rmtree(directory, ignore_errors=True)
    for name in (TENANT.file, OPERATORS.file, journal.JOURNAL_NAME):
        try:
            os.unlink(root / name)
        except FileNotFoundError:
            pass

    ops: list[journal.Op] = []
    for spec in (MEMBERS, DEVICES, TENANT, OPERATORS):
        docs = _docs(data, spec.table)
        if spec is MEMBERS:
            docs = [_with_e164(doc) for doc in docs]
        ops += _table_ops(layout, spec, docs)
    sessions = _docs(data, "sessions")
    by_partition: dict[int, list[bytes]] = {}
    for session in sessions:
        event = {**session, "event": "session"}
        by_partition.setdefault(layout.shard(session["member_id"]), []).append(dumps(event) + b"\n")
    for partition, lines in sorted(by_partition.items()):
        ops += plan_appends(root, "access", partition, lines, meta["segment_bytes"], layout.width)
    journal.apply(root, ops, perms)
    hook("migration-written")

    if source.name == V1_FILE:
        os.replace(source, root / V1_BACKUP)
        fsync_dir(root)
    hook("migration-backed-up")
    write_meta(root, meta, perms)
    return meta


def _read_v1(path: Path) -> dict:
    try:
        data = json.loads(path.read_bytes() or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreCorruptError(
            path, f"the schema-1 store file is not valid JSON ({exc}); it was not migrated"
        ) from None
    if not isinstance(data, dict):
        raise StoreCorruptError(path, "the schema-1 store file is not a JSON object of TinyDB tables")
    for table, spec in _V1_TABLES.items():
        check_shape(path, data, table, spec.key_fields if spec else ("member_id",))
    return data


def _docs(data: dict, table: str) -> list[dict]:
    docs = data.get(table, {})
    return [docs[doc_id] for doc_id in sorted(docs, key=int)]


def _with_e164(member: dict) -> dict:
    """Schema-1 members may predate the derived E.164 fields; add the missing ones."""
    missing = [f for f in ("phone", "mobile", "recovery_mobile") if f"{f}_e164" not in member]
    if missing:
        from ..phone import e164  # phonenumbers is heavy: load it only when needed

        member = dict(member)
        for field in missing:
            value = member.get(field)
            member[f"{field}_e164"] = e164(value) if isinstance(value, str) else None
    return member


def _table_ops(layout: Layout, spec: TableSpec, docs: list[dict]) -> list[journal.Op]:
    groups: dict[Path, dict[Any, dict]] = {}
    for doc in docs:
        path = layout.file_for(spec, doc[spec.shard_field] if spec.shard_field else None)
        groups.setdefault(path, {})[spec.key(doc)] = doc
    ops: list[journal.Op] = []
    for path, records in sorted(groups.items()):
        table = KeyedFile(path, spec)
        table.put_many(records)
        ops.append(journal.Replace(layout.rel(path), table.storage.serialize()))
    return ops
