"""The audit hash chain on a real store: written by real operations, then tampered with
by editing the actual segment files the way someone on the support host could."""

from __future__ import annotations

import hashlib
import json
import tracemalloc

import pytest

from helpdesk_tui import audit
from helpdesk_tui.audit.chain import HEAD
from helpdesk_tui.audit.query import find_entries
from helpdesk_tui.audit.verify import verify_chain
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import close_ticket, open_ticket
from tests.demo_store import member_id
from audit_helpers import lines_of, record_many, segments, write_lines

SEGMENT = "logs/audit/000-000001.jsonl"


@pytest.fixture
def chained(store, operator):
    """Eight audited operations: four tickets opened, one closed, three direct records."""
    for local in ("edge-locked", "edge-active", "edge-landline", "edge-away"):
        open_ticket(store, operator, member_id(local), "cannot-login")
    close_ticket(store, operator, "T-000001", "reset done")
    record_many(store, 3)
    return store


def test_every_entry_links_to_the_one_before(chained):
    entries = list(chained.iter_log("audit"))
    assert [e["seq"] for e in entries] == list(range(1, 9))
    assert entries[0]["prev"] == ""
    for before, entry in zip(entries, entries[1:]):
        assert entry["prev"] == before["hash"]
    for entry in entries:  # the hash, as documented, computed independently
        body = {k: v for k, v in entry.items() if k != "hash"}
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert entry["hash"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert chained.counter(HEAD) == {"seq": 8, "hash": entries[-1]["hash"]}
    report = verify_chain(chained)
    assert report.ok and report.entries == 8 and report.legacy == 0
    assert (report.head_seq, report.head_hash) == (8, entries[-1]["hash"])


def test_editing_a_field_of_a_middle_line_is_altered_at_that_seq(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    assert '"edge-landline@sample.co.jp"' in lines[2]
    lines[2] = lines[2].replace("edge-landline", "edge-active")  # seq 3 now blames someone else
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert not report.ok
    assert (report.kind, report.seq, report.file, report.line, report.position) == ("altered", 3, SEGMENT, 3, 3)


def test_a_recomputed_hash_is_still_caught_by_the_next_link(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    entry = json.loads(lines[3])
    entry["outcome"] = "refused"
    body = {k: v for k, v in entry.items() if k != "hash"}
    entry["hash"] = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                              separators=(",", ":")).encode()).hexdigest()
    lines[3] = json.dumps(entry, separators=(",", ":")) + "\n"
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.line) == ("altered", 4, 4)


def test_deleting_a_middle_line_is_removed(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    del lines[4]  # seq 5
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.to_seq, report.line) == ("removed", 5, 5, 5)


def test_swapping_two_lines_is_reordered(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    lines[2], lines[3] = lines[3], lines[2]
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.found_seq, report.line) == ("reordered", 3, 4, 3)


def test_moving_a_line_far_away_is_reordered(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    lines.append(lines.pop(1))  # seq 2 now last
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.found_seq, report.line) == ("reordered", 2, 3, 2)


def test_deleting_the_last_lines_is_truncated_and_stays_visible_after_new_writes(chained):
    (segment,) = segments(chained)
    write_lines(segment, lines_of(segment)[:-2])  # seq 7 and 8 gone: the chain itself is fine
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.to_seq, report.file, report.line) == ("truncated", 7, 8, SEGMENT, 7)
    record_many(chained, 1)  # the next entry follows the recorded head (seq 9), not the tail
    assert list(chained.iter_log("audit"))[-1]["seq"] == 9
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.to_seq, report.line) == ("removed", 7, 8, 7)


def test_deleting_every_line_is_truncated(chained):
    (segment,) = segments(chained)
    write_lines(segment, [])
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.to_seq, report.line) == ("truncated", 1, 8, 1)


def test_a_line_that_is_not_json_is_unreadable(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    lines[5] = lines[5][:40] + "\n"  # cut in the middle, as a bad copy-paste would
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.line) == ("unreadable", 6, 6)


def test_an_unchained_line_after_the_chain_is_tampering(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    lines.insert(6, json.dumps({"at": "2026-11-20T10:00:00+09:00", "operator": "mallory",
                                "action": "ticket-open", "outcome": "done"}) + "\n")
    write_lines(segment, lines)
    report = verify_chain(chained)
    assert (report.kind, report.line, report.position) == ("unchained-after-chain", 7, 7)


def test_extra_chained_lines_after_the_head_and_a_deleted_head(chained):
    (segment,) = segments(chained)
    lines = lines_of(segment)
    last = json.loads(lines[-1])
    forged = {**last, "seq": 9, "prev": last["hash"], "operator": "mallory"}
    body = {k: v for k, v in forged.items() if k != "hash"}
    forged["hash"] = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                               separators=(",", ":")).encode()).hexdigest()
    write_lines(segment, [*lines, json.dumps(forged) + "\n"])
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.to_seq, report.line) == ("appended", 9, 9, 9)

    write_lines(segment, lines)
    counters = json.loads((chained.path / "counters.json").read_text())
    counters["counters"] = {k: v for k, v in counters["counters"].items() if v["name"] != HEAD}
    (chained.path / "counters.json").write_text(json.dumps(counters))
    report = verify_chain(chained)
    assert (report.kind, report.seq, report.line) == ("head-missing", 8, 8)


def test_a_legacy_unchained_prefix_is_accepted(tmp_path):
    store = Store.create(tmp_path / "store")
    with store.transaction() as tx:  # what the importer and older versions wrote
        for number in range(3):
            tx.append("audit", {"action": "import", "operator": "root", "n": number})
    record_many(store, 3)
    entries = list(store.iter_log("audit"))
    assert [e.get("seq") for e in entries] == [None, None, None, 4, 5, 6]
    assert entries[3]["prev"] == ""
    report = verify_chain(store)
    assert report.ok and (report.entries, report.legacy, report.head_seq) == (6, 3, 6)

    (segment,) = segments(store)
    write_lines(segment, lines_of(segment)[1:])  # a legacy entry removed: positions shift
    report = verify_chain(store)
    assert (report.kind, report.seq, report.line) == ("removed", 3, 3)


def test_legacy_entries_and_a_record_in_one_transaction(tmp_path):
    store = Store.create(tmp_path / "store")
    with store.transaction() as tx:
        tx.append("audit", {"action": "import", "operator": "root"})
    with store.transaction() as tx:
        tx.append("audit", {"action": "import", "operator": "root"})
        audit.record(tx, operator="root", action="first")
        audit.record(tx, operator="root", action="second")
    assert [e.get("seq") for e in store.iter_log("audit")] == [None, None, 3, 4]
    assert verify_chain(store).ok


def test_the_chain_spans_segment_files_and_a_lost_segment_is_removed(tmp_path):
    store = Store.create(tmp_path / "store", segment_bytes=1500)
    record_many(store, 12, note="x" * 200)
    files = segments(store)
    assert len(files) >= 3
    assert verify_chain(store).ok
    first_of_third = json.loads(lines_of(files[2])[0])["seq"]
    first_of_second = json.loads(lines_of(files[1])[0])["seq"]
    files[1].unlink()
    report = verify_chain(store)
    assert (report.kind, report.seq, report.to_seq) == ("removed", first_of_second, first_of_third - 1)
    assert (report.file, report.line) == (f"logs/audit/{files[2].name}", 1)


@pytest.mark.parametrize("details", [
    {"password": "hunter2"},
    {"temp_password": "Xy7-temp"},
    {"temporary_password": "Xy7-temp"},
    {"secret": "s"},
    {"token_value": "t"},
    {"result": {"Temp_Password": "nested"}},
    {"results": [{"ok": True}, {"password": "in a list"}]},
])
def test_secret_ish_detail_keys_are_refused_and_nothing_is_written(chained, details):
    with pytest.raises(ValueError, match="secret"):
        with chained.transaction() as tx:
            audit.record(tx, operator="alice", action="member-reset-password", **details)
    assert chained.log_count("audit") == 8
    assert "hunter2" not in (segments(chained)[0]).read_text()
    assert verify_chain(chained).ok


def test_the_chain_keys_cannot_be_passed_as_details(chained):
    with pytest.raises(ValueError, match="chain"):
        with chained.transaction() as tx:
            audit.record(tx, operator="alice", action="x", seq=1)


def test_find_entries_filters_and_the_agent_rule(chained, operator):
    mine = operator["username"]
    assert [e["seq"] for e in find_entries(chained, limit=3)] == [8, 7, 6]
    assert [e["seq"] for e in find_entries(chained, newest_first=False, limit=2)] == [1, 2]
    assert [e["action"] for e in find_entries(chained, ticket="T-000001")] == ["ticket-close", "ticket-open"]
    assert [e["seq"] for e in find_entries(chained, member=member_id("edge-away"))] == [4]
    assert len(find_entries(chained, operator="alice")) == 3
    assert len(find_entries(chained, action="ticket-open")) == 4
    agent = {"username": mine, "role": "agent"}
    assert {e["operator"] for e in find_entries(chained, viewer=agent)} == {mine}
    assert find_entries(chained, viewer=agent, operator="alice") == []  # filtered, not refused
    supervisor = {"username": "someone", "role": "supervisor"}
    assert len(find_entries(chained, viewer=supervisor)) == 8


def test_verify_streams_a_large_log_in_constant_memory(tmp_path):
    """20k entries written straight into segment files (as months of use would leave
    them): the verifier's peak Python memory stays far below the log's size."""
    store = Store.create(tmp_path / "store", segment_bytes=2**19)
    directory = tmp_path / "store" / "logs" / "audit"
    directory.mkdir(parents=True)
    prev, count, segment, size = "", 20_000, 1, 0
    out = open(directory / f"000-{segment:06d}.jsonl", "wb")
    for seq in range(1, count + 1):
        entry = {"at": "2026-11-20T10:00:00+09:00", "operator": "alice", "action": "ticket-open",
                 "outcome": "done", "ticket": f"T-{seq:06d}", "seq": seq, "prev": prev}
        entry["hash"] = prev = hashlib.sha256(json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                                         separators=(",", ":")).encode()).hexdigest()
        line = json.dumps(entry, separators=(",", ":")).encode() + b"\n"
        if size + len(line) > store.segment_bytes:
            out.close()
            segment, size = segment + 1, 0
            out = open(directory / f"000-{segment:06d}.jsonl", "wb")
        out.write(line)
        size += len(line)
    out.close()
    with store.transaction() as tx:
        tx.counters.put_doc(HEAD, {"seq": count, "hash": prev})
    log_bytes = sum(p.stat().st_size for p in directory.iterdir())
    assert log_bytes > 3 * 2**20 and segment >= 7

    tracemalloc.start()
    try:
        report = verify_chain(store)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok and report.entries == count
    assert peak < 2**18, (peak, log_bytes)  # kilobytes, whatever the number of entries
