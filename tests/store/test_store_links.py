"""The store never follows a link, as the issue's hostile agent tried it: a link planted
in place of each kind of store file (table, log segment, counters, journal, directory)
is refused as corruption, named, and its target is left exactly as it was; a forged
journal naming anything but the store's own tables and log segments writes nothing."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from helpdesk_tui import audit
from helpdesk_tui.store import Store, StoreCorruptError
from helpdesk_tui.store.journal import JOURNAL_NAME, MAGIC
from store_helpers import member


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction() as tx:
        tx.tenant.set({"name": "t"})
        tx.operators.put({"username": "admin", "role": "admin", "display_name": "A"})
        tx.members.put(member("a"))
        tx.counters.next("ticket")
        audit.record(tx, operator="admin", action="test-action")
        tx.append("access", {"event": "session", "member_id": "a"}, key="a")
    return store


@pytest.fixture
def bashrc(tmp_path: Path) -> Path:
    """The admin's own file the agent wants written (mode 0600)."""
    target = tmp_path / "admin-home" / ".bashrc"
    target.parent.mkdir()
    target.write_text("# the admin's shell settings\n")
    os.chmod(target, 0o600)
    return target


def _plant(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


def _an_ordinary_write(store: Store) -> None:
    with store.transaction() as tx:
        tx.operators.get("admin")  # an action re-reads its operator
        tx.members.put(member("a", name="changed"))
        tx.counters.next("ticket")
        audit.record(tx, operator="admin", action="test-action")


def _kinds(store: Store) -> dict[str, Path]:
    root = Path(store.path)
    return {
        "table": root / "operators.json",
        "member shard": root / "members" / f"{store.shard_of('a'):03d}.json",
        "counters": root / "counters.json",
        "log segment": next((root / "logs" / "audit").glob("*.jsonl")),
    }


@pytest.mark.parametrize("kind", ["table", "member shard", "counters", "log segment"])
def test_a_link_in_place_of_a_store_file_is_refused_and_its_target_untouched(filled, bashrc, kind):
    planted = _kinds(filled)[kind]
    before = bashrc.read_bytes()
    _plant(planted, bashrc)
    with pytest.raises(StoreCorruptError) as refused:
        _an_ordinary_write(Store.open(filled.path))
    assert refused.value.path == planted and "link" in refused.value.detail
    assert bashrc.read_bytes() == before
    assert planted.is_symlink()  # reported, never replaced behind the admin's back
    assert any(problem.path == planted for problem in Store.open(filled.path).verify())


def test_reads_through_a_planted_counters_link_copy_nothing(filled, bashrc):
    _plant(_kinds(filled)["counters"], bashrc)
    with pytest.raises(StoreCorruptError):
        filled.counter("audit-chain")


def test_a_linked_journal_is_refused_and_its_target_untouched(filled, bashrc):
    journal = Path(filled.path) / JOURNAL_NAME
    journal.symlink_to(bashrc)
    before = bashrc.read_bytes()
    reopened = Store.open(filled.path)  # readers go on
    assert reopened.get_member("a") is not None
    with pytest.raises(StoreCorruptError) as refused:
        _an_ordinary_write(reopened)
    assert JOURNAL_NAME in str(refused.value)
    assert bashrc.read_bytes() == before


def _forge_journal(root: Path, rel: str, data: bytes) -> None:
    header = {"ops": [["replace", rel, len(data)]], "sha256": hashlib.sha256(data).hexdigest()}
    (root / JOURNAL_NAME).write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + data)


@pytest.mark.parametrize("rel", ["meta.json", ".lock", "../outside.txt", "members/../../outside.txt",
                                 "logs/audit/../../../outside.txt", "members/notashard.txt", "journal.redo"])
def test_a_forged_journal_naming_anything_else_is_refused_and_writes_nothing(filled, rel):
    root = Path(filled.path)
    outside = root.parent / "outside.txt"
    files_before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    _forge_journal(root, rel, b"agent-chosen text\n")
    journal_bytes = (root / JOURNAL_NAME).read_bytes()
    with pytest.raises(StoreCorruptError) as refused:
        _an_ordinary_write(Store.open(filled.path))
    assert repr(rel) in str(refused.value)
    assert not outside.exists()
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != JOURNAL_NAME}
    assert after == {p: b for p, b in files_before.items()}
    assert (root / JOURNAL_NAME).read_bytes() == journal_bytes


def test_a_linked_directory_is_refused(filled, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    members = Path(filled.path) / "members"
    for shard in members.iterdir():
        os.replace(shard, elsewhere / shard.name)
    members.rmdir()
    members.symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    with pytest.raises(StoreCorruptError) as refused:
        _an_ordinary_write(Store.open(filled.path))
    assert "members" in str(refused.value)
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_an_unexpected_file_in_the_store_is_reported(filled):
    stray = Path(filled.path) / "members" / "evil.sh"
    stray.write_text("#!/bin/sh\n")
    assert [str(p.path) for p in filled.verify()] == [str(stray)]
