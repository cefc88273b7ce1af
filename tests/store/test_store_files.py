"""File modes (owner-only or group-shared, whatever the umask) and stale temp cleanup."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager

from helpdesk_tui.store import Store
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


def test_a_group_shared_store_is_0660_2770_even_under_a_strict_umask(store_path):
    with umask(0o077):
        store = Store.create(store_path, group_shared=True)
        _write_everything(store)
    files, dirs = _modes(store_path)
    assert len(files) == 8 and set(files.values()) == {0o660}
    assert len(dirs) == 6 and set(dirs.values()) == {0o2770}


def test_a_store_an_admin_made_group_writable_becomes_shared(store_path):
    with umask(0o022):
        store = Store.create(store_path)
        _write_everything(store)
        os.chmod(store_path, 0o770)  # the admin shares the directory with the helpdesk group
        store = Store.open(store_path)  # brings our own existing files along
        with store.transaction() as tx:
            tx.members.put(member("b"))
            tx.append("audit", {"n": 2})
    files, dirs = _modes(store_path)
    assert set(files.values()) == {0o660}
    dirs.pop(".")  # the admin's chmod is theirs to choose
    assert set(dirs.values()) == {0o2770}


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
