"""The store API as the console uses it: create/open, records, transactions, the lock."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from helpdesk_tui.store import (
    Store,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
)
from store_helpers import member, spawn


def test_create_then_open_reads_back_every_kind_of_record(store, store_path):
    with store.transaction() as tx:
        tx.tenant.set({"name": "株式会社テスト", "plan": "trial"})
        tx.operators.put({"username": "bob", "role": "agent", "display_name": "Bob"})
        tx.operators.put({"username": "alice", "role": "admin", "display_name": "Alice"})
        tx.members.put(member("tanaka@example.co.jp", last_access={"country": "JP"}))
        tx.devices.put({"member_id": "tanaka@example.co.jp", "device_id": "d1", "model": "iPhone 15"})
        tx.devices.put({"member_id": "tanaka@example.co.jp", "device_id": "d2", "model": "Pixel"})
        tx.append("access", {"event": "session", "member_id": "tanaka@example.co.jp", "session_id": "s1"},
                  key="tanaka@example.co.jp")
        tx.append("access", {"event": "disconnect", "member_id": "tanaka@example.co.jp", "session_id": "s1"},
                  key="tanaka@example.co.jp")
        tx.append("audit", {"action": "suspend", "note": "改行\nと\"引用\""})

    reopened = Store.open(store_path)
    assert reopened.schema_version == 2 and reopened.path == store_path
    assert reopened.get_tenant() == {"name": "株式会社テスト", "plan": "trial"}
    assert [o["username"] for o in reopened.list_operators()] == ["alice", "bob"]
    assert reopened.get_operator("bob")["role"] == "agent"
    assert reopened.get_operator("nobody") is None
    assert reopened.get_member("tanaka@example.co.jp")["last_access"] == {"country": "JP"}
    assert reopened.get_member("nobody@example.co.jp") is None
    assert reopened.member_count() == 1
    assert sorted(d["device_id"] for d in reopened.devices_for("tanaka@example.co.jp")) == ["d1", "d2"]
    assert len(list(reopened.iter_devices())) == 2
    assert [e["event"] for e in reopened.access_events_for("tanaka@example.co.jp")] == ["session", "disconnect"]
    assert reopened.access_events_for("someone-else") == []
    assert list(reopened.iter_log("audit")) == [{"action": "suspend", "note": "改行\nと\"引用\""}]
    assert reopened.log_count("audit") == 1 and reopened.log_count("access") == 2
    assert reopened.verify() == []


def test_put_replaces_the_whole_record_and_delete_removes_it(store):
    with store.transaction() as tx:
        tx.members.put(member("a", department="営業部"))
    with store.transaction() as tx:
        tx.members.put({"id": "a", "status": "away"})
        assert tx.members.get("a") == {"id": "a", "status": "away"}  # a transaction sees its own writes
    assert store.get_member("a") == {"id": "a", "status": "away"}
    with store.transaction() as tx:
        assert tx.members.delete("a") is True
        assert tx.members.delete("a") is False
        assert tx.devices.delete("a", "nothing") is False
    assert store.get_member("a") is None and store.member_count() == 0


def test_put_many_inserts_updates_and_keeps_the_last_duplicate(store):
    with store.transaction() as tx:
        assert tx.members.put_many(member(f"m{i}", n=i) for i in range(3000)) == 3000
    with store.transaction() as tx:
        # half updates, half new, and one id twice in the same batch
        batch = [member(f"m{i}", n=-i) for i in range(1500, 4500)] + [member("m0", n=99)]
        tx.members.put_many(batch)
        tx.devices.put_many({"member_id": f"m{i}", "device_id": "d"} for i in range(100))
    members = {m["id"]: m["n"] for m in store.iter_members()}
    assert len(members) == 4500 and store.member_count() == 4500
    assert members["m0"] == 99 and members["m1"] == 1 and members["m1500"] == -1500 and members["m4499"] == -4499
    assert len(list(store.iter_devices())) == 100
    assert store.verify() == []


def test_records_are_copies_callers_cannot_change_the_store_behind_its_back(store):
    record = member("a", last_access={"country": "JP"})
    with store.transaction() as tx:
        tx.members.put(record)
        record["last_access"]["country"] = "XX"  # after put: must not leak into the commit
        tx.members.get("a")["last_access"]["country"] = "YY"
    assert store.get_member("a")["last_access"] == {"country": "JP"}


def test_a_failing_transaction_changes_nothing(store, store_path):
    with store.transaction() as tx:
        tx.members.put(member("a"))
    before = sorted(p.name for p in store_path.rglob("*"))
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.members.put(member("a", n=5))
            tx.members.put(member("b"))
            tx.append("audit", {"x": 1})
            raise RuntimeError("operator cancelled")
    assert store.get_member("a")["n"] == 0 and store.get_member("b") is None
    assert store.log_count("audit") == 0
    assert sorted(p.name for p in store_path.rglob("*")) == before


def test_bad_records_and_log_entries_are_refused_at_the_call(store):
    with store.transaction() as tx:
        with pytest.raises(ValueError, match="'id'"):
            tx.members.put({"name": "no id"})
        with pytest.raises(ValueError, match="'device_id'"):
            tx.devices.put({"member_id": "a"})
        with pytest.raises(StoreError, match="not storable as JSON"):
            tx.members.put({"id": "a", "when": object()})
        with pytest.raises(StoreError, match="not storable as JSON"):
            tx.members.put({"id": "a", "x": float("nan")})
        with pytest.raises(ValueError, match="unknown log"):
            tx.append("audti", {"x": 1})
        with pytest.raises(ValueError, match="key=member_id"):
            tx.append("access", {"event": "session"})
        with pytest.raises(ValueError, match="single partition"):
            tx.append("audit", {"x": 1}, key="a")
    assert store.member_count() == 0 and store.log_count("audit") == 0


def test_transaction_objects_die_with_their_transaction(store):
    with store.transaction() as tx:
        pass
    with pytest.raises(StoreError, match="ended"):
        tx.members.get("a")


def test_nested_transaction_in_one_thread_is_an_error_not_a_deadlock(store):
    with store.transaction():
        with pytest.raises(StoreError, match="already open"):
            with store.transaction(timeout=1):
                pass


def test_last_entry_reads_the_audit_tail_including_pending_appends(store):
    with store.transaction() as tx:
        assert tx.last_entry("audit") is None
        tx.append("audit", {"n": 1})
        assert tx.last_entry("audit") == {"n": 1}
    with store.transaction() as tx:
        assert tx.last_entry("audit") == {"n": 1}
        with pytest.raises(ValueError):
            tx.last_entry("access")


def test_create_refuses_a_non_empty_directory_and_open_a_missing_or_empty_one(tmp_path):
    with pytest.raises(StoreNotFoundError, match="does not exist") as missing:
        Store.open(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(missing.value)
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreNotFoundError, match="empty") as empty:
        Store.open(tmp_path / "empty")
    assert str(tmp_path / "empty") in str(empty.value)

    other = tmp_path / "documents"
    other.mkdir()
    (other / "report.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not empty"):
        Store.create(other)
    with pytest.raises(StoreNotFoundError, match="meta.json"):
        Store.open(other)
    assert [p.name for p in other.iterdir()] == ["report.txt"]

    Store.create(tmp_path / "real")
    with pytest.raises(StoreError, match="not empty"):
        Store.create(tmp_path / "real")  # an existing store is not overwritten either


def test_a_busy_lock_gives_a_clear_error_and_kill_9_releases_it(store, store_path):
    holder = spawn("hold", store_path)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="another operator is writing") as err:
            with store.transaction(timeout=0.2):
                pass
        assert str(store_path) in str(err.value)
        os.kill(holder.pid, signal.SIGKILL)  # the kernel drops a dead holder's flock
        holder.wait(timeout=30)
        with store.transaction(timeout=30) as tx:
            tx.members.put(member("after"))
    finally:
        holder.kill()
        holder.wait()
    assert store.get_member("after") is not None


def test_member_shard_stamps_name_exactly_the_rewritten_shards(store, store_path):
    with store.transaction() as tx:
        tx.members.put_many(member(f"m{i}") for i in range(50))
    before = store.member_shard_stamps()
    other = Store.open(store_path)  # another operator's console
    with other.transaction() as tx:
        tx.append("audit", {"n": 1})  # logs don't touch member shards
    assert store.member_shard_stamps() == before
    with other.transaction() as tx:
        tx.members.put(member("m7", status="away"))
    after = store.member_shard_stamps()
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {store.shard_of("m7")}
    again = [m for m in store.iter_members(shards=changed)]
    assert {m["id"] for m in again} == {f"m{i}" for i in range(50)
                                         if store.shard_of(f"m{i}") in changed}
    assert next(m for m in again if m["id"] == "m7")["status"] == "away"


def test_threads_of_one_console_take_turns(store, store_path):
    with store.transaction() as tx:
        tx.members.put(member("shared"))
    second = Store.open(store_path)  # a second Store object on the same directory

    def work(s: Store) -> None:
        for _ in range(25):
            with s.transaction(timeout=60) as tx:
                record = tx.members.get("shared")
                record["n"] += 1
                tx.members.put(record)

    threads = [threading.Thread(target=work, args=(s,)) for s in (store, second, store, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.get_member("shared")["n"] == 100
