"""File primitives: explicit permissions, atomic replace, fsync, stale-temp cleanup.

Every file the store replaces goes through a temp file in the same directory, written,
fsynced and renamed over the target, then the directory is fsynced: a reader sees the
old or the new file, never a torn one, and after a crash the rename is either durable
or never happened. Modes are set with fchmod/chmod so the umask never matters.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError

TEMP_SUFFIX = ".tmp"

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
# setgid on shared directories: new files inherit the directory's group (the helpdesk group).
SHARED_FILE, SHARED_DIR = 0o660, 0o2770


@dataclass(frozen=True)
class Perms:
    file_mode: int
    dir_mode: int

    @property
    def shared(self) -> bool:
        return self.file_mode == SHARED_FILE


PRIVATE = Perms(PRIVATE_FILE, PRIVATE_DIR)
SHARED = Perms(SHARED_FILE, SHARED_DIR)


def perms_for(root: Path) -> Perms:
    """Group-shared when the store directory grants its group rwx (created shared, or set so
    by an admin); otherwise owner-only."""
    mode = os.stat(root).st_mode
    return SHARED if mode & stat.S_IRWXG == stat.S_IRWXG else PRIVATE


def temp_path(final: Path) -> Path:
    # Dot-prefixed so readers listing a directory never take it for data.
    return final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_temp(final: Path, chunks: list[bytes], perms: Perms) -> Path:
    """Write ``chunks`` to a fresh fsynced temp file beside ``final``; return its path."""
    tmp = temp_path(final)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, perms.file_mode)
    try:
        os.fchmod(fd, perms.file_mode)
        for chunk in chunks:
            write_all(fd, chunk)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise
    os.close(fd)
    return tmp


def atomic_write(final: Path, data: bytes | list[bytes], perms: Perms) -> None:
    """Replace ``final`` with ``data`` atomically and durably."""
    tmp = write_temp(final, data if isinstance(data, list) else [data], perms)
    try:
        os.replace(tmp, final)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(final.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(path: Path, perms: Perms) -> None:
    """Create ``path`` (and missing parents) with the store's directory mode, durably."""
    if path.is_dir():
        return
    ensure_dir(path.parent, perms)
    try:
        os.mkdir(path, perms.dir_mode)
    except FileExistsError:
        if not path.is_dir():
            raise StoreError(f"{path} exists but is not a directory") from None
        return
    os.chmod(path, perms.dir_mode)
    fsync_dir(path.parent)


def fix_mode(path: Path, mode: int) -> None:
    """Bring a file we own to ``mode`` (another operator's files are theirs to fix)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_IMODE(st.st_mode) != mode and st.st_uid == os.geteuid():
        try:
            os.chmod(path, mode)
        except (PermissionError, FileNotFoundError):
            pass


def remove_stale_temps(directories: list[Path]) -> list[Path]:
    """Delete temp files a killed writer left behind. Call only under the store lock:
    then no live writer owns a temp file."""
    removed = []
    for directory in directories:
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            continue
        for name in names:
            if is_temp(name):
                _unlink_quietly(directory / name)
                removed.append(directory / name)
    return removed


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
