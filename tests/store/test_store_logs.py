"""Append-only logs: an append touches only the last segment, whatever the log's size."""

from __future__ import annotations

import json
from pathlib import Path

from helpdesk_tui.store import Store
from helpdesk_tui.store.tables import shard_of
from store_helpers import run_worker

SEGMENT_BYTES = 1024


def _files(directory):
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(directory.iterdir())
    }


def test_segments_rotate_at_the_size_limit_and_keep_append_order(store_path):
    store = Store.create(store_path, segment_bytes=SEGMENT_BYTES)
    for batch in range(20):
        with store.transaction() as tx:
            for i in range(10):
                tx.append("audit", {"n": batch * 10 + i, "pad": "x" * 20})
    segments = sorted((store_path / "logs" / "audit").iterdir())
    assert len(segments) > 5
    assert all(s.stat().st_size <= SEGMENT_BYTES for s in segments)
    assert [e["n"] for e in store.iter_log("audit")] == list(range(200))
    assert store.log_count("audit") == 200


def test_an_append_opens_and_changes_only_the_last_segment(store_path):
    store = Store.create(store_path, segment_bytes=SEGMENT_BYTES)
    for batch in range(30):
        with store.transaction() as tx:
            for i in range(10):
                tx.append("audit", {"n": batch * 10 + i, "pad": "x" * 20})
                tx.append("access", {"event": "session", "member_id": "probe", "n": i}, key="probe")
    audit_dir, access_dir = store_path / "logs" / "audit", store_path / "logs" / "access"
    audit_before, access_before = _files(audit_dir), _files(access_dir)
    last_audit, last_access = max(audit_before), max(access_before)
    assert len(audit_before) > 5 and len(access_before) > 5

    result = run_worker("opens", store_path)  # records every open() of the commit
    assert result.returncode == 0, result.stderr
    # Segments are opened by name inside their (link-checked) directory: names are unique.
    opened = {Path(p).name for p in json.loads(result.stdout) if p.endswith(".jsonl")}
    assert opened == {last_audit, last_access}

    audit_after, access_after = _files(audit_dir), _files(access_dir)
    for before, after, last in ((audit_before, audit_after, last_audit), (access_before, access_after, last_access)):
        unchanged = {name: v for name, v in before.items() if name != last}
        assert {name: after[name] for name in unchanged} == unchanged  # earlier segments untouched
        new = set(after) - set(before)
        grown = after[last][2] != before[last][2]
        assert grown or len(new) == 1  # appended to the last segment, or rotated to a new one
        if grown:
            assert after[last][2].startswith(before[last][2])  # appended, never rewritten
            assert after[last][0] == before[last][0]  # same inode: not replaced


def test_access_events_are_partitioned_by_the_member_shard(store):
    with store.transaction() as tx:
        for member_id in ("a@x", "b@x", "c@x"):
            tx.append("access", {"event": "session", "member_id": member_id}, key=member_id)
    names = {p.name.split("-")[0] for p in (store.path / "logs" / "access").iterdir()}
    assert names == {f"{shard_of(m, store.shards):03d}" for m in ("a@x", "b@x", "c@x")}
    assert [e["member_id"] for e in store.access_events_for("b@x")] == ["b@x"]
