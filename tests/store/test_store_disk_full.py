"""The store API on a full disk (a real tmpfs): a commit whose journal is durable returns
normally and is finished later; a reader of a store whose journal cannot be replayed
yet reads on, read-only; a writer gets StorePendingError; freeing space finishes it."""

from __future__ import annotations

import shutil

import pytest

from helpdesk_tui.store import Store, StoreError, StorePendingError, take_notices
from helpdesk_tui.store.journal import JOURNAL_NAME
from tests.faults.disk import fill_leaving, mount_tmpfs, room_for_journal_only, unmount

MEMBERS = [{"id": f"m{i:04d}@example.jp", "name": f"Member {i}", "department": "before", "status": "active"}
           for i in range(600)]


@pytest.fixture
def disk(tmp_path):
    mount = mount_tmpfs(tmp_path / "disk")
    yield mount
    unmount(mount)


def _rename_all(store: Store, hook=None) -> None:
    with store.transaction(_hook=hook) as tx:
        tx.members.put_many(dict(m, department="after") for m in MEMBERS)
        tx.append("audit", {"action": "bulk-edit"})


def _journal_size(path, scratch) -> int:
    copy = scratch / "rehearsal"
    shutil.copytree(path, copy)
    sizes = []
    _rename_all(Store.open(copy), hook=lambda stage: stage == "journal-written" and sizes.append(
        (copy / JOURNAL_NAME).stat().st_size))
    return sizes[0]


def test_a_durable_journal_is_the_commit_and_readers_go_on_until_it_is_applied(disk, tmp_path):
    path = disk / "store"
    store = Store.create(path, shards=1)
    with store.transaction() as tx:
        tx.members.put_many(MEMBERS)
    take_notices()
    filler = fill_leaving(disk, room_for_journal_only(_journal_size(path, tmp_path)))

    _rename_all(store)  # returns: the change is decided
    assert store.pending == "No space left on device"
    [notice] = take_notices()
    assert "will be applied by the next write" in notice

    reader = Store.open(path)
    assert "No space left on device" in reader.read_only_reason()
    assert "read-only" in take_notices()[0]
    assert reader.get_member("m0001@example.jp")["department"] == "before"  # not applied yet
    with pytest.raises(StorePendingError, match="nothing new can be written"):
        with reader.transaction() as tx:
            tx.members.put(dict(MEMBERS[0], name="x"))

    filler.unlink()
    finished = Store.open(path)
    assert finished.read_only_reason() is None
    assert {m["department"] for m in finished.iter_members()} == {"after"}
    assert finished.log_count("audit") == 1
    assert finished.verify() == []


def test_a_journal_that_does_not_fit_changes_nothing(disk):
    path = disk / "store"
    store = Store.create(path, shards=1)
    with store.transaction() as tx:
        tx.members.put_many(MEMBERS)
    fill_leaving(disk, 4096)
    with pytest.raises(StoreError, match="nothing was changed"):
        _rename_all(store)
    assert not (path / JOURNAL_NAME).exists()
    assert {m["department"] for m in Store.open(path).iter_members()} == {"before"}
    assert Store.open(path).verify() == []


def test_a_reader_that_waited_finishes_the_commit_once_space_is_back(disk, tmp_path):
    path = disk / "store"
    store = Store.create(path, shards=1)
    with store.transaction() as tx:
        tx.members.put_many(MEMBERS)
    filler = fill_leaving(disk, room_for_journal_only(_journal_size(path, tmp_path)))
    _rename_all(store)
    reader = Store.open(path)  # the console's store, open for hours
    take_notices()
    assert reader.read_only_reason() is not None
    assert take_notices() == []  # asking again does not repeat the warning
    filler.unlink()
    assert reader.read_only_reason() is None  # the console's poll: finished, writable again
    assert reader.get_member("m0001@example.jp")["department"] == "after"
