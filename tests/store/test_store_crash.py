"""kill -9 at any point of a write: the store opens, nothing acknowledged is lost, and a
multi-file commit is all-or-nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import time

import pytest

from helpdesk_tui.store import Store
from helpdesk_tui.store.tables import shard_of
from store_helpers import member, run_worker, spawn

CRASH_EXIT = 77


def _counter_store(store_path, segment_bytes=8 * 1024 * 1024) -> Store:
    store = Store.create(store_path, segment_bytes=segment_bytes)
    assert shard_of("counter", store.shards) != shard_of("mirror", store.shards)
    with store.transaction() as tx:
        tx.members.put_many(member(f"filler{i}", blob="x" * 200) for i in range(2000))
        tx.members.put(member("counter"))
        tx.members.put(member("mirror"))
    return store


def _assert_consistent(store: Store) -> int:
    """Every commit is whole: both members, the audit log and the access log agree."""
    assert store.verify() == []
    n = store.get_member("counter")["n"]
    assert store.get_member("mirror")["n"] == n
    assert [e["n"] for e in store.iter_log("audit")] == list(range(1, n + 1))
    assert [e["session_id"] for e in store.access_events_for("counter")] == [str(i) for i in range(1, n + 1)]
    return n


def _segments(store_path):
    return sorted((store_path / "logs").rglob("*.jsonl"))


def test_kill_9_at_varied_points_never_loses_an_acknowledged_commit(store_path):
    _counter_store(store_path, segment_bytes=600)  # small segments: kills land in rotations too
    rng = random.Random(20240611)
    acknowledged: set[int] = set()
    for _ in range(20):
        child = spawn("loop", store_path)
        acknowledged.add(int(child.stdout.readline()))  # it is committing in earnest now
        for _ in range(rng.randrange(4)):
            acknowledged.add(int(child.stdout.readline()))
        time.sleep(rng.uniform(0, 0.015))  # vary where in a commit the kill lands
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        acknowledged.update(int(line) for line in rest.splitlines(keepends=True) if line.endswith("\n"))

    store = Store.open(store_path)  # replays the journal of the last victim, if any
    n = _assert_consistent(store)
    assert max(acknowledged) <= n
    assert acknowledged <= set(e["n"] for e in store.iter_log("audit"))
    assert len(_segments(store_path)) > 2  # segments rotated under the kills
    for segment in _segments(store_path):
        assert segment.read_bytes().endswith(b"\n"), f"torn line left in {segment}"
    for path in store_path.rglob("*.json"):
        json.loads(path.read_bytes())  # every table file parses


@pytest.mark.parametrize("stage", ["journal-written", "files-replaced", "appended"])
def test_a_crash_inside_commit_is_completed_by_the_next_opener(store_path, stage):
    _counter_store(store_path)
    result = run_worker("crash", store_path, stage)
    assert result.returncode == CRASH_EXIT, result.stderr
    assert (store_path / "journal.redo").exists()
    if stage == "journal-written":
        # nothing was applied yet: the counter's shard file still holds n = 0
        shard = store_path / "members" / f"{shard_of('counter', 256):03d}.json"
        docs = json.loads(shard.read_bytes())["members"].values()
        assert [d["n"] for d in docs if d["id"] == "counter"] == [0]

    store = Store.open(store_path)
    assert not (store_path / "journal.redo").exists()
    assert _assert_consistent(store) == 1  # the commit, in full, exactly once


def test_a_crash_is_completed_by_the_next_transaction_of_an_open_store(store_path):
    store = _counter_store(store_path)
    result = run_worker("crash", store_path, "appended")  # appends done, journal still there
    assert result.returncode == CRASH_EXIT, result.stderr
    with store.transaction() as tx:
        assert tx.members.get("counter")["n"] == 1  # the transaction read the replayed state
    assert _assert_consistent(store) == 1  # re-applied appends were not doubled


def test_a_torn_final_log_line_is_ignored_then_truncated_by_the_next_writer(store, store_path):
    with store.transaction() as tx:
        tx.append("audit", {"n": 1})
    [segment] = _segments(store_path)
    with open(segment, "ab") as f:
        f.write(b'{"n": 2, "half')  # what kill -9 in the middle of an append leaves
    assert list(store.iter_log("audit")) == [{"n": 1}]
    assert store.log_count("audit") == 1
    assert store.verify() == []

    with store.transaction() as tx:
        tx.append("audit", {"n": 3})
    assert segment.read_bytes().decode().splitlines() == ['{"n":1}', '{"n":3}']
    assert list(store.iter_log("audit")) == [{"n": 1}, {"n": 3}]
