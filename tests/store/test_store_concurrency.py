"""Several operator processes on one store at once."""

from __future__ import annotations

import json

from helpdesk_tui.store import Store
from store_worker import blob
from store_helpers import member, spawn


def test_eight_processes_incrementing_one_member_lose_no_update(store, store_path):
    with store.transaction() as tx:
        tx.members.put(member("shared@example.co.jp", n=0))
        tx.members.put_many(member(f"filler{i}") for i in range(500))  # shards with some weight
    workers = [spawn("increment", store_path, "shared@example.co.jp", 25) for _ in range(8)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err

    assert store.get_member("shared@example.co.jp")["n"] == 200
    audit = list(store.iter_log("audit"))
    assert len(audit) == 200
    # every increment saw the previous one: the audited values are exactly 1..200
    assert sorted(entry["n"] for entry in audit) == list(range(1, 201))
    assert len({entry["pid"] for entry in audit}) == 8
    assert store.verify() == []


def test_readers_never_see_a_torn_file_or_a_partial_record_while_writers_commit(tmp_path):
    store_path = tmp_path / "store"
    # few, large shards: each replace takes long enough that a torn write would be seen
    store = Store.create(store_path, shards=4)
    blob0 = blob(0)
    with store.transaction() as tx:
        tx.members.put_many(member(f"m{i}", n=0, blob=blob0) for i in range(200))
        tx.devices.put_many({"member_id": f"m{i}", "device_id": f"d{i}", "n": 0, "blob": blob0} for i in range(200))
    stop = tmp_path / "stop"
    reader = spawn("read-until", store_path, stop, 8)
    writers = [spawn("write-until", store_path, stop) for _ in range(2)]
    try:
        out, err = reader.communicate(timeout=180)
    finally:
        stop.touch()  # the reader normally does this; a failed reader must not leave writers running
    for writer in writers:
        _, werr = writer.communicate(timeout=60)
        assert writer.returncode == 0, werr
    assert reader.returncode == 0, out + err
    summary = json.loads(out.strip().splitlines()[-1])
    assert "error" not in summary
    assert summary["passes"] >= 9
    first, last = summary["audit_seen"]
    assert last >= first + 30  # the reads really overlapped the writes
    assert store.verify() == []
