"""Redo journal: makes a commit that touches several files all-or-nothing.

A commit first writes every change it is about to make into ``journal.redo`` (atomically
and fsynced), then applies the changes, then removes the journal (durably, before the lock
is released: a stale journal replayed later would undo newer commits). If the writer dies
anywhere in between, whoever next holds the lock replays the journal, which is idempotent:

- ``Replace``: the file's whole new content, written again with an atomic replace;
- ``AppendOp``: the segment's committed size before the append; replay truncates the
  segment back to it and appends again, so nothing is lost or doubled.

The commit is *decided* at the journal: once ``journal.redo`` is durable the change
will happen (whoever next holds the lock replays it), so ``commit`` then reports success
even if applying fails (a full disk): it returns the reason, and the caller tells the
operator the store will finish applying it. If the journal itself cannot be written,
nothing happened and ``commit`` raises.

Format: a magic line, one JSON header line (operations, payload lengths, SHA-256 of the
payloads), then the payloads. The journal is never torn (atomic replace); a checksum
mismatch means the disk damaged it, and the store refuses to guess.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .applog import AppendOp
from .errors import StoreCorruptError, StoreError
from .files import (Perms, atomic_write, ensure_dir, fix_mode, fsync_dir, open_under, read_under, remove_stale_temps,
                    write_all, write_temp)
from .names import is_store_file

JOURNAL_NAME = "journal.redo"
MAGIC = b"helpdesk-tui redo journal 1\n"

Hook = Callable[[str], None]


@dataclass(frozen=True)
class Replace:
    """Replace file ``path`` (store-relative) with ``data``."""

    path: str
    data: bytes


Op = Replace | AppendOp


def needs_journal(ops: list[Op]) -> bool:
    """One replaced file, or one appended line, is atomic on its own."""
    if len(ops) != 1:
        return True
    op = ops[0]
    return isinstance(op, AppendOp) and op.data.count(b"\n") > 1


class StorePendingError(StoreError):
    """A committed change waits in the journal and cannot be applied yet (a full or
    read-only disk): no new write can start until it is; reads go on."""


def commit(root: Path, ops: list[Op], perms: Perms, hook: Hook | None = None) -> str | None:
    """Make ``ops`` happen atomically and durably. Call under the store lock.

    None: applied. A string: the commit is durable in the journal but not applied yet
    (why, e.g. "No space left on device"); it will be. StoreError: nothing changed."""
    hook = hook or (lambda stage: None)
    if not needs_journal(ops):
        try:
            apply(root, ops, perms, hook)
        except OSError as exc:  # one atomic replace or one line: it did not happen
            raise StoreError(f"{root}: could not write ({_why(exc)}); nothing was changed") from exc
        return None
    try:
        write(root, ops, perms)
    except OSError as exc:
        if not _discard(root):
            raise StoreError(f"{root}: the journal could not be made durable ({_why(exc)}) nor taken "
                             "back; the next write to the store may still apply it") from exc
        raise StoreError(f"{root}: could not write the journal ({_why(exc)}); nothing was changed") from exc
    hook("journal-written")
    try:
        apply(root, ops, perms, hook)
        remove(root)
    except OSError as exc:
        return _why(exc)
    return None


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _discard(root: Path) -> bool:
    """A journal write that failed after its rename (the directory fsync) is not known
    durable: take it back, so "nothing was changed" stays true (False: it could not be).
    We hold the lock and replayed any older journal first, so this one is ours."""
    try:
        os.unlink(root / JOURNAL_NAME)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


def write(root: Path, ops: list[Op], perms: Perms) -> None:
    payloads = [op.data for op in ops]
    digest = hashlib.sha256()
    for payload in payloads:
        digest.update(payload)
    header = {
        "ops": [
            ["replace", op.path, len(op.data)] if isinstance(op, Replace)
            else ["append", op.path, op.size, len(op.data)]
            for op in ops
        ],
        "sha256": digest.hexdigest(),
    }
    atomic_write(root / JOURNAL_NAME, [MAGIC, json.dumps(header).encode() + b"\n", *payloads], perms)


def read(root: Path) -> list[Op] | None:
    """The pending journal's operations; None when there is none."""
    path = root / JOURNAL_NAME
    try:
        raw = read_under(path, 0)
    except FileNotFoundError:
        return None
    if not raw.startswith(MAGIC):
        raise StoreCorruptError(path, "not a helpdesk-tui journal (bad first line); the file is damaged")
    header_end = raw.find(b"\n", len(MAGIC))
    try:
        header = json.loads(raw[len(MAGIC):header_end])
        specs = header["ops"]
        expected = header["sha256"]
    except (ValueError, KeyError, TypeError):
        raise StoreCorruptError(path, "the journal header is unreadable; the file is damaged") from None
    body = memoryview(raw)[header_end + 1:]
    if hashlib.sha256(body).hexdigest() != expected:
        raise StoreCorruptError(path, "the journal checksum does not match; the file is damaged")
    ops: list[Op] = []
    offset = 0
    try:
        for spec in specs:
            kind, rel = spec[0], _safe_rel(path, spec[1])
            length = spec[-1]
            data = bytes(body[offset:offset + length])
            offset += length
            if kind == "replace":
                ops.append(Replace(rel, data))
            elif kind == "append":
                ops.append(AppendOp(rel, int(spec[2]), data))
            else:
                raise ValueError(kind)
    except (ValueError, IndexError, TypeError):
        raise StoreCorruptError(path, "the journal lists an operation it cannot describe") from None
    if offset != len(body):
        raise StoreCorruptError(path, "the journal's payload length does not match its header")
    return ops


def replay(root: Path, perms: Perms) -> bool:
    """Finish a commit whose writer died. Idempotent; call under the store lock."""
    ops = read(root)
    if ops is None:
        return False
    apply(root, ops, perms)
    remove(root)
    return True


def remove(root: Path) -> None:
    os.unlink(root / JOURNAL_NAME)
    fsync_dir(root)


def apply(root: Path, ops: list[Op], perms: Perms, hook: Hook | None = None) -> None:
    hook = hook or (lambda stage: None)
    replaced: list[tuple[Path, Path]] = []
    try:
        for op in ops:
            if isinstance(op, Replace):
                final = root / op.path
                ensure_dir(final.parent, perms, root)
                replaced.append((write_temp(final, [op.data], perms), final))
        for tmp, final in replaced:
            os.replace(tmp, final)
    except BaseException:
        remove_stale_temps(sorted({final.parent for _, final in replaced}))
        raise
    for directory in sorted({final.parent for _, final in replaced}):
        fsync_dir(directory)
    hook("files-replaced")
    for op in ops:
        if isinstance(op, AppendOp):
            _append_at(root, op.path, op.size, op.data, perms)
    hook("appended")


def _append_at(root: Path, rel: str, size: int, data: bytes, perms: Perms) -> None:
    """Make the segment exactly ``size`` bytes followed by ``data`` (never through a link)."""
    path = root / rel
    levels = len(Path(rel).parts) - 1
    ensure_dir(path.parent, perms, root)
    flags = os.O_WRONLY | os.O_APPEND
    try:
        fd = open_under(path, levels, flags | os.O_CREAT | os.O_EXCL, perms.file_mode)
        created = True
        os.fchmod(fd, perms.file_mode)
    except FileExistsError:
        fd = open_under(path, levels, flags)
        created = False
    try:
        actual = os.fstat(fd).st_size
        if actual < size:
            raise StoreCorruptError(
                path, f"the log segment has {actual} bytes but {size} were committed; it was cut short"
            )
        if actual > size:
            os.ftruncate(fd, size)  # a torn line, or this very append from a dead writer
        try:
            if data:
                write_all(fd, data)
            if data or actual != size:
                os.fsync(fd)
        except OSError:
            _truncate_quietly(fd, size)  # no torn line left behind by a full disk
            raise
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)
    elif perms.shared:
        fix_mode(path, perms.file_mode)


def _truncate_quietly(fd: int, size: int) -> None:
    try:
        os.ftruncate(fd, size)
    except OSError:
        pass  # readers skip a torn last line; the next append truncates it


def _safe_rel(journal: Path, rel: object) -> str:
    # Only the store's own tables and log segments: a forged journal naming meta.json,
    # the lock, "../.bashrc" or a path of its own choosing is refused and nothing written.
    if not isinstance(rel, str) or not is_store_file(rel):
        raise StoreCorruptError(journal, f"the journal names {rel!r}, which is not a table or log segment "
                                "of this store; nothing was written")
    return rel
