"""File modes (owner-only whatever the umask; the old group-writable layout refused) and stale temp cleanup."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager

import pytest

from helpdesk_tui.store import Store, StoreError
from store_helpers import member


@contextmanager
def umask(mask):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _write_everything(store: Store) -> None:
    with store.transaction() as tx:
        tx.tenant.set({"name": "t"})
        tx.operators.put({"username": "alice", "role": "admin", "display_name": "A"})
        tx.members.put(member("a"))
        tx.devices.put({"member_id": "a", "device_id": "d"})
        tx.append("audit", {"n": 1})
        tx.append("access", {"event": "session", "member_id": "a"}, key="a")


def _modes(root):
    files = {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*") if p.is_file()}
    dirs = {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*") if p.is_dir()}
    dirs["."] = stat.S_IMODE(root.stat().st_mode)
    return files, dirs


def _expected_files():
    return {".lock", "meta.json", "tenant.json", "operators.json"}


def test_a_private_store_is_0600_0700_even_under_a_permissive_umask(store_path):
    with umask(0o000):
        store = Store.create(store_path)
        _write_everything(store)
    files, dirs = _modes(store_path)
    assert _expected_files() <= set(files) and len(files) == 8
    assert set(files.values()) == {0o600}
    assert set(dirs) == {".", "members", "devices", "logs", "logs/audit", "logs/access"}
    assert set(dirs.values()) == {0o700}


def test_missing_parent_directories_are_owner_only_even_under_umask_000(tmp_path):
    with umask(0o000):
        Store.create(tmp_path / "a" / "b" / "store")
    for parent in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(parent.stat().st_mode) == 0o700


def test_the_old_group_writable_layout_is_refused_with_the_way_out(store_path):
    store = Store.create(store_path)
    _write_everything(store)
    os.chmod(store_path, 0o2770)  # the README's old recipe
    before = {p: p.read_bytes() for p in store_path.rglob("*") if p.is_file()}
    with pytest.raises(StoreError) as refused:
        Store.open(store_path)
    assert "group-writable" in str(refused.value)
    assert "helpdesk-tui store secure --store" in str(refused.value)
    with pytest.raises(StoreError):  # an already open store refuses to write, too
        with store.transaction() as tx:
            tx.members.put(member("b"))
    assert before == {p: p.read_bytes() for p in store_path.rglob("*") if p.is_file()}


def test_creating_in_a_directory_this_account_cannot_write_is_a_message(open_tmp, throwaway_user,
                                                                       installed_tool):
    """The first admin does not own the directory: a message, not an os.chmod traceback."""
    import subprocess

    target = open_tmp / "not-mine"
    target.mkdir()
    result = subprocess.run(["runuser", "-u", throwaway_user, "--", str(installed_tool), "demo",
                             "--members", "5", "--store", str(target)], capture_output=True, text=True, cwd="/")
    assert result.returncode == 3, result.stderr
    assert "cannot create a store at" in result.stderr
    assert "Traceback" not in result.stderr
    assert os.listdir(target) == []


def test_stale_temp_files_of_a_killed_writer_are_removed_under_the_lock(store, store_path):
    _write_everything(store)
    stale = [
        store_path / ".journal.redo.4242.deadbeef.tmp",
        store_path / ".tenant.json.4242.deadbeef.tmp",
        store_path / "members" / ".017.json.4242.deadbeef.tmp",
        store_path / "devices" / ".099.json.4242.deadbeef.tmp",
    ]
    for path in stale:
        path.write_bytes(b'{"half a')
    assert store.verify() == []  # temps are not store data
    with store.transaction() as tx:
        tx.members.put(member("c"))
    assert [path for path in stale if path.exists()] == []
    assert not [p for p in store_path.rglob("*.tmp")]
