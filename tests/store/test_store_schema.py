"""Schema versions: migrating the naive single-file layout, refusing a newer store."""

from __future__ import annotations

import json

import pytest
from tinydb import TinyDB

from helpdesk_tui.store import SCHEMA_VERSION, Store, StoreCorruptError, StoreSchemaError
from store_helpers import member, run_worker, snapshot

CRASH_EXIT = 77


def _schema_1_store(root, with_meta=False):
    """What a naive first version wrote: plain TinyDB, one file, no meta.json."""
    root.mkdir()
    db = TinyDB(root / "helpdesk.json")
    db.table("members").insert_multiple(
        [
            member("tanaka@example.co.jp", mobile="090-1234-5678", recovery_mobile="09012345678"),
            member("suzuki@example.co.jp", status="suspended-admin"),
            {**member("sato@example.co.jp"), "phone_e164": "+81300000000"},
        ]
        + [member(f"user{i}@example.co.jp") for i in range(300)]
    )
    db.table("devices").insert_multiple(
        [
            {"member_id": "tanaka@example.co.jp", "device_id": "dev-1", "model": "iPhone 15"},
            {"member_id": "suzuki@example.co.jp", "device_id": "dev-2", "model": "Pixel 8"},
        ]
    )
    db.table("sessions").insert_multiple(
        [
            {"member_id": "tanaka@example.co.jp", "session_id": f"s{i}", "started_at": "2026-10-01T09:00:00+09:00",
             "environment": "iOS 18 app", "country": "JP", "ip": "203.0.113.5", "connected": i == 2}
            for i in range(3)
        ]
        + [{"member_id": f"user{i}@example.co.jp", "session_id": "x", "connected": False} for i in range(300)]
    )
    db.table("tenant").insert({"name": "テスト株式会社", "plan": "paid"})
    db.table("operators").insert({"username": "alice", "role": "admin", "display_name": "Alice"})
    db.close()
    if with_meta:
        (root / "meta.json").write_text(json.dumps({"schema": 1}))
    return (root / "helpdesk.json").read_bytes()


def _assert_migrated(store: Store, root, original: bytes):
    assert store.schema_version == SCHEMA_VERSION
    assert json.loads((root / "meta.json").read_text())["schema"] == SCHEMA_VERSION
    assert not (root / "helpdesk.json").exists()
    assert (root / "helpdesk.json.v1-backup").read_bytes() == original
    assert store.member_count() == 303
    tanaka = store.get_member("tanaka@example.co.jp")
    assert tanaka["mobile_e164"] == "+819012345678" and tanaka["phone_e164"] is None
    assert store.get_member("sato@example.co.jp")["phone_e164"] == "+81300000000"  # kept as stored
    assert store.get_member("suzuki@example.co.jp")["status"] == "suspended-admin"
    assert [d["device_id"] for d in store.devices_for("tanaka@example.co.jp")] == ["dev-1"]
    assert len(list(store.iter_devices())) == 2
    events = store.access_events_for("tanaka@example.co.jp")
    assert [(e["event"], e["session_id"], e["connected"]) for e in events] == [
        ("session", "s0", False), ("session", "s1", False), ("session", "s2", True)]
    assert store.log_count("access") == 303
    assert store.get_tenant() == {"name": "テスト株式会社", "plan": "paid"}
    assert store.get_operator("alice")["role"] == "admin"
    assert store.verify() == []


@pytest.mark.parametrize("with_meta", [False, True], ids=["no-meta", "meta-says-1"])
def test_a_schema_1_store_is_migrated_on_open(tmp_path, with_meta):
    root = tmp_path / "store"
    original = _schema_1_store(root, with_meta)
    store = Store.open(root)
    _assert_migrated(store, root, original)
    # and it is a normal store afterwards
    with store.transaction() as tx:
        tx.members.put(member("new@example.co.jp"))
    assert Store.open(root).member_count() == 304


@pytest.mark.parametrize("stage", ["migration-written", "migration-backed-up"])
def test_a_crash_mid_migration_reruns_it_cleanly(tmp_path, stage):
    root = tmp_path / "store"
    original = _schema_1_store(root)
    result = run_worker("migrate-crash", root, stage)
    assert result.returncode == CRASH_EXIT, result.stderr
    assert not (root / "meta.json").exists()  # written last: the store still reads as schema 1
    _assert_migrated(Store.open(root), root, original)  # nothing doubled by the rerun


def test_a_damaged_schema_1_file_is_not_migrated(tmp_path):
    root = tmp_path / "store"
    _schema_1_store(root)
    (root / "helpdesk.json").write_bytes((root / "helpdesk.json").read_bytes()[:100])
    before = snapshot(root)
    with pytest.raises(StoreCorruptError) as err:
        Store.open(root)
    assert err.value.path == root / "helpdesk.json"
    after = snapshot(root)
    after.pop(".lock")  # the migration took the store lock; nothing else changed
    assert after == before


def test_a_newer_schema_is_refused_and_nothing_is_touched(store, store_path):
    with store.transaction() as tx:
        tx.members.put(member("a"))
    meta = json.loads((store_path / "meta.json").read_text())
    (store_path / "meta.json").write_text(json.dumps({**meta, "schema": SCHEMA_VERSION + 1}))
    before = snapshot(store_path)
    with pytest.raises(StoreSchemaError, match=f"schema {SCHEMA_VERSION + 1}") as err:
        Store.open(store_path)
    assert str(store_path) in str(err.value) and "newer" in str(err.value)
    # a console that opened the store before the upgrade refuses to write too
    with pytest.raises(StoreSchemaError):
        with store.transaction() as tx:
            tx.members.put(member("b"))
    assert snapshot(store_path) == before
