"""A damaged file is named, never overwritten, and blocks only the writes that need it."""

from __future__ import annotations

import pytest

from helpdesk_tui.store import Store, StoreCorruptError, StoreProblem
from helpdesk_tui.store.tables import shard_of
from store_helpers import member, snapshot


@pytest.fixture
def filled(store):
    with store.transaction() as tx:
        tx.members.put_many(member(f"m{i}") for i in range(300))
        tx.append("audit", {"n": 0})
    return store


def _shard(store, member_id):
    return store.path / "members" / f"{shard_of(member_id, store.shards):03d}.json"


def _other_member(store, member_id):
    shard = shard_of(member_id, store.shards)
    return next(f"m{i}" for i in range(300) if shard_of(f"m{i}", store.shards) != shard)


def test_a_truncated_shard_is_named_untouched_refused_and_reported(filled):
    store = filled
    path = _shard(store, "m7")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a torn write by some other tool
    before = snapshot(store.path)

    with pytest.raises(StoreCorruptError) as err:
        store.get_member("m7")
    assert err.value.path == path and str(path) in str(err.value)
    assert "truncated" in str(err.value)
    with pytest.raises(StoreCorruptError, match=str(path)):
        list(store.iter_members())
    # a read-only console still gets every member of the healthy shards, and the name
    # of the damaged one
    damaged: list[StoreProblem] = []
    readable = {m["id"] for m in store.iter_members(problems=damaged)}
    assert [p.path for p in damaged] == [path]
    assert "m7" not in readable
    assert readable == {f"m{i}" for i in range(300)
                        if shard_of(f"m{i}", store.shards) != shard_of("m7", store.shards)}

    # a transaction that needs the file refuses before writing anything, its other
    # changes included
    with pytest.raises(StoreCorruptError, match=str(path)):
        with store.transaction() as tx:
            tx.append("audit", {"n": 1})
            tx.members.put(member(_other_member(store, "m7"), n=1))
            tx.members.put(member("m7", n=1))
    # even when the body swallows the error
    with pytest.raises(StoreCorruptError, match=str(path)):
        with store.transaction() as tx:
            tx.append("audit", {"n": 2})
            try:
                tx.members.get("m7")
            except StoreCorruptError:
                pass
    assert snapshot(store.path) == before
    assert store.log_count("audit") == 1

    # writes that do not need the damaged file still work
    other = _other_member(store, "m7")
    with store.transaction() as tx:
        tx.members.put(member(other, n=5))
    assert store.get_member(other)["n"] == 5
    assert path.read_bytes() == data[: len(data) // 2]

    problems = store.verify()
    assert [p.path for p in problems] == [path]
    assert isinstance(problems[0], StoreProblem) and "truncated" in problems[0].message


@pytest.mark.parametrize(
    "damage, words",
    [
        (b"", "empty"),
        (b"\x00" * 64, "not valid JSON"),
        (b'{"members": []}', "not a JSON object of documents"),
        (b'{"members": {"1": {"name": "no id"}}}', "no string 'id'"),
    ],
)
def test_every_kind_of_damage_gets_a_message_naming_the_file(filled, damage, words):
    path = _shard(filled, "m3")
    path.write_bytes(damage)
    with pytest.raises(StoreCorruptError, match=words) as err:
        filled.get_member("m3")
    assert err.value.path == path
    assert filled.verify() == [StoreProblem(path, err.value.detail)]
    assert path.read_bytes() == damage


def test_verify_lists_every_damaged_file(filled):
    store = filled
    shard = _shard(store, "m1")
    shard.write_bytes(b"{")
    [segment] = sorted((store.path / "logs" / "audit").iterdir())
    segment.write_bytes(b'{"n":0}\nnot json\n{"n":2}\n')
    (store.path / "tenant.json").write_bytes(b"[]")
    (store.path / "members" / "stray.json").write_bytes(b"{}")

    problems = {p.path: p.message for p in store.verify()}
    assert set(problems) == {shard, segment, store.path / "tenant.json", store.path / "members" / "stray.json"}
    assert "line 2" in problems[segment]
    with pytest.raises(StoreCorruptError, match="line 2"):
        list(store.iter_log("audit"))


def test_a_member_in_the_wrong_shard_is_reported(filled):
    store = filled
    source, target = _shard(store, "m1"), _shard(store, _other_member(store, "m1"))
    target_data = target.read_bytes()
    target.write_bytes(target_data[:-2] + b',"9999":{"id":"m1","n":0}}}')
    assert any(p.path == target and "another shard" in p.message for p in store.verify())
    assert source.exists()


def test_a_damaged_meta_file_stops_open_with_its_name(filled, store_path):
    (store_path / "meta.json").write_bytes(b'{"schema": 2, "shar')
    with pytest.raises(StoreCorruptError) as err:
        Store.open(store_path)
    assert err.value.path == store_path / "meta.json"


def test_a_damaged_journal_is_reported_and_blocks_writes_but_not_reads(filled, store_path):
    (store_path / "journal.redo").write_bytes(b"helpdesk-tui redo journal 1\n{\"ops\": [], \"sha256\": \"00\"}\n")
    store = Store.open(store_path)
    assert store.get_member("m1") is not None
    assert [p.path for p in store.verify()] == [store_path / "journal.redo"]
    before = snapshot(store_path)
    with pytest.raises(StoreCorruptError, match="journal"):
        with store.transaction() as tx:
            tx.members.put(member("m1", n=1))
    assert snapshot(store_path) == before


def test_verify_without_logs_checks_tables_only(filled):
    store = filled
    segment = next((store.path / "logs" / "audit").glob("*.jsonl"))
    segment.write_bytes(b'{"n": 0}\n{not json}\n{"n": 2}\n')
    assert [p.path for p in store.verify()] == [segment]
    assert store.verify(logs=False) == []
    shard = _shard(store, "m7")
    shard.write_bytes(b"{")
    assert [p.path for p in store.verify(logs=False)] == [shard]
