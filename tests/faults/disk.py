"""A real small disk for disk-full tests: a tmpfs the test mounts (root only) and fills.

The commit under test must find room for its journal but not for applying it (or not
even for the journal). How many bytes its journal takes is measured, not guessed: the
same command is first rehearsed on a copy of the store on an ordinary disk, and the
bytes it replaced or appended are summed (the journal holds exactly those, plus a
header)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PAGE = 4096
HEADER_ROOM = 2 * PAGE  # the journal's magic and header line, rounded up generously


def mount_tmpfs(where: Path, size: str = "16m") -> Path:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI and the dev machine run the suite as root)")
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)], check=True)
    return where


def unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], check=False)


def free_bytes(path: Path) -> int:
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def fill_leaving(mount: Path, leave: int) -> Path:
    """Fill the tmpfs with one file so that about ``leave`` bytes stay free."""
    filler = mount / "filler"
    size = free_bytes(mount) - leave
    assert size > 0, "the tmpfs is too small for this test"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.posix_fallocate(fd, 0, size)
    finally:
        os.close(fd)
    return filler


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(inode, size) of every file under ``root``."""
    found = {}
    for directory, _, names in os.walk(root):
        for name in names:
            stat = os.stat(os.path.join(directory, name))
            found[os.path.relpath(os.path.join(directory, name), root)] = (stat.st_ino, stat.st_size)
    return found


def written_bytes(before: dict, after: dict) -> int:
    """Bytes a commit wrote: whole new content of replaced files, growth of appended ones."""
    total = 0
    for rel, (inode, size) in after.items():
        old = before.get(rel)
        if old is None or old[0] != inode:
            total += size
        elif size != old[1]:
            total += size - old[1]
    return total


def rehearse(store: Path, scratch: Path, run) -> int:
    """Run ``run(copy_of_store)`` on a copy on an ordinary disk; the journal size it needs."""
    copy = scratch / "rehearsal"
    shutil.copytree(store, copy)
    before = snapshot(copy)
    run(copy)
    return written_bytes(before, snapshot(copy)) + HEADER_ROOM


def room_for_journal_only(journal: int) -> int:
    """Free space that fits a journal of ``journal`` bytes and then one page more."""
    return -(-journal // PAGE) * PAGE + PAGE
