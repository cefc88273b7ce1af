"""File primitives: explicit permissions, atomic replace, fsync, stale-temp cleanup, and
opening a store file without ever following a link.

Every file the store replaces goes through a temp file in the same directory, written,
fsynced and renamed over the target, then the directory is fsynced: a reader sees the
old or the new file, never a torn one, and after a crash the rename is either durable
or never happened. Modes are set with fchmod/chmod so the umask never matters.

Whoever could write the store could plant a symbolic link (a log segment pointing at an
admin's ``~/.bashrc``): :func:`open_under` walks from the store root with ``O_NOFOLLOW`` on
every component and accepts only regular files, so a link is reported as corruption and
never read or written through.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreCorruptError, StoreError

TEMP_SUFFIX = ".tmp"

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
# The old group-shared layout (refused on open: any group member could rewrite it).
SHARED_FILE, SHARED_DIR = 0o660, 0o2770
_NOFOLLOW_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


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
    """Group-shared when the store directory lets its group (or anyone) write: the old
    layout, which Store.open refuses; otherwise owner-only."""
    mode = os.stat(root).st_mode
    return SHARED if mode & (stat.S_IWGRP | stat.S_IWOTH) else PRIVATE


def open_under(path: Path, levels: int, flags: int = os.O_RDONLY, mode: int = PRIVATE_FILE) -> int:
    """Open store file ``path`` whose store root is ``levels`` directories above its
    parent (0: a file in the root, 1: ``members/NNN.json``, 2: a log segment).

    Every directory below the root and the file itself are opened with O_NOFOLLOW, and
    the file must be a regular file: a link, a fifo or a directory in its place is a
    StoreCorruptError naming it. FileNotFoundError when it does not exist (unless
    ``flags`` create it); PermissionError as the OS says."""
    root = path.parents[levels]
    parts = path.parts[len(root.parts):]
    dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                next_fd = os.open(part, _NOFOLLOW_DIR, dir_fd=dir_fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise StoreCorruptError(path, f"{part}/ is not a plain directory (a link?); "
                                            "the store never follows links") from None
                raise
            os.close(dir_fd)
            dir_fd = next_fd
        try:
            fd = os.open(parts[-1], flags | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, mode, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreCorruptError(path, "is a symbolic link, not a store file; the store never "
                                        "follows links (remove it, or restore the file from a backup)") from None
            if exc.errno in (errno.EISDIR, errno.ENXIO):
                raise StoreCorruptError(path, "is not a regular file") from None
            raise
    finally:
        os.close(dir_fd)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise StoreCorruptError(path, "is not a regular file (a device, fifo or directory in its place)")
    os.set_blocking(fd, True)
    return fd


def read_under(path: Path, levels: int) -> bytes:
    """The whole content of a store file, opened as :func:`open_under` does."""
    fd = open_under(path, levels)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


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
    fd = os.open(path, _NOFOLLOW_DIR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(path: Path, perms: Perms, root: Path | None = None) -> None:
    """Create ``path`` (and missing parents up to the store ``root``) with the store's
    directory mode, durably. A link in its place is corruption: the store never writes
    through one. (The root itself may be reached through a link an admin chose.)"""
    if root is not None and path == root:
        if not path.is_dir():
            raise StoreError(f"{path} is not a directory")
        return
    if _is_plain_dir(path):
        return
    ensure_dir(path.parent, perms, root)
    try:
        os.mkdir(path, perms.dir_mode)
    except FileExistsError:
        if not _is_plain_dir(path):
            raise StoreCorruptError(path, "exists but is not a plain directory (a link?); "
                                    "the store never follows links") from None
        return
    os.chmod(path, perms.dir_mode)
    fsync_dir(path.parent)


def _is_plain_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def fix_mode(path: Path, mode: int) -> None:
    """Bring a file we own to ``mode`` (another operator's files are theirs to fix);
    never through a link."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
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
