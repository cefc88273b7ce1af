"""The audit witness catches what the chain alone cannot: a history rewritten by someone
who can write the store (its owner), as the issue tried it. Real files: the store of a
shared host and its root-owned append-only witness file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpdesk_tui import audit
from helpdesk_tui.audit.chain import HEAD, entry_hash
from helpdesk_tui.audit.verify import verify_chain
from helpdesk_tui.store import Store


def _segment(store: Store) -> Path:
    (segment,) = sorted((Path(store.path) / "logs" / "audit").glob("*.jsonl"))
    return segment


def _entries(store: Store) -> list[dict]:
    return [json.loads(line) for line in _segment(store).read_text().splitlines()]


def _write(store: Store, entries: list[dict]) -> None:
    _segment(store).write_text("".join(json.dumps(e) + "\n" for e in entries))


def _set_head(store: Store, head: dict | None) -> None:
    """The owner edits counters.json by hand (a TinyDB file)."""
    path = Path(store.path) / "counters.json"
    data = json.loads(path.read_text())
    docs = data["counters"]
    for doc_id in [k for k, v in docs.items() if v.get("name") == HEAD]:
        del docs[doc_id]
    if head is not None:
        docs[str(max(map(int, docs), default=0) + 1)] = {"name": HEAD, **head}
    path.write_text(json.dumps(data))


@pytest.fixture
def witnessed(shared_host):
    store = Store.open(shared_host.store)
    for number in range(6):
        with store.transaction() as tx:
            audit.record(tx, operator=shared_host.admin, action="test-action", n=number)
    report = verify_chain(store)
    assert report.ok and report.witness_seq == report.head_seq, report
    subprocess.run(["chown", "-R", f"{shared_host.service}:", str(shared_host.store)], check=True)
    return store


def test_each_commit_sends_its_head_to_the_witness_file(shared_host, witnessed):
    lines = shared_host.witness.read_text().splitlines()
    last = _entries(witnessed)[-1]
    assert lines[-1].endswith(f"seq={last['seq']} hash={last['hash']}")
    assert f"store={shared_host.store}" in lines[-1]


def test_a_recomputed_chain_is_caught_at_the_first_rewritten_entry(witnessed):
    entries = _entries(witnessed)
    entries[2]["n"] = 99  # the edit, then the whole chain recomputed from there
    for index in range(2, len(entries)):
        entries[index]["prev"] = entries[index - 1]["hash"]
        entries[index]["hash"] = entry_hash(entries[index])
    _write(witnessed, entries)
    _set_head(witnessed, {"seq": entries[-1]["seq"], "hash": entries[-1]["hash"]})
    report = verify_chain(witnessed)
    assert (report.ok, report.kind, report.seq, report.line) == (False, "witness-mismatch", entries[2]["seq"], 3)


def test_a_chain_stripped_of_its_links_is_caught(witnessed):
    entries = _entries(witnessed)
    for entry in entries:
        for key in ("seq", "prev", "hash"):
            entry.pop(key)
    _write(witnessed, entries)
    _set_head(witnessed, None)
    report = verify_chain(witnessed)
    assert (report.ok, report.kind, report.line) == (False, "witness-missing", 1)


def test_a_truncated_log_with_its_head_deleted_then_a_new_entry_is_caught(shared_host, witnessed):
    entries = _entries(witnessed)
    _write(witnessed, entries[:3])
    _set_head(witnessed, None)
    with witnessed.transaction() as tx:  # one new ticket's worth of audit, the ordinary way
        audit.record(tx, operator=shared_host.admin, action="ticket-open", n=7)
    report = verify_chain(witnessed)
    assert (report.ok, report.kind, report.seq, report.line) == (False, "witness-rewound", 4, 4)


def test_audit_verify_through_the_boundary_names_the_place(shared_host, witnessed):
    entries = _entries(witnessed)
    _write(witnessed, entries[:2])
    _set_head(witnessed, {"seq": entries[1]["seq"], "hash": entries[1]["hash"]})
    result = shared_host.run(shared_host.admin, "audit", "verify", "--lang", "en")
    assert result.returncode == 3, result.stderr
    assert "seq 3" in result.stderr and "logs/audit/000-000001.jsonl" in result.stderr
