"""Append-only logs as JSON-Lines segment files.

``logs/<name>/PPP-SSSSSS.jsonl``: partition PPP (000 for unpartitioned logs; for
partitioned logs the member-id shard, same hash as the member shards), segment SSSSSS.
An append writes only to the partition's last segment, with O_APPEND then fsync, and
never reads or rewrites earlier data, so it costs the same at 10 entries as at 1M. When a
segment would grow past ``segment_bytes``, the next segment is started.

A final line without its newline is a torn append (the writer was killed mid-write): readers
ignore it, and the next writer truncates it away under the lock before appending.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import StoreCorruptError, StoreError
from .files import open_under, read_under

DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024

# Log name -> partitioned (by member id; "timeline" by ticket id)? Add new logs here.
LOGS: dict[str, bool] = {"access": True, "audit": False, "timeline": True, "outbox": False,
                         "delivery": False}

_SEGMENT = re.compile(r"^(\d+)-(\d+)\.jsonl$")
SEGMENT_DEPTH = 2  # logs/<name>/<segment>: directories between the store root and a segment
_TAIL_CHUNK = 64 * 1024


@dataclass(frozen=True, order=True)
class Segment:
    partition: int
    seq: int
    path: Path


@dataclass(frozen=True)
class AppendOp:
    """Append ``data`` to segment ``path`` (store-relative) whose committed size is ``size``."""

    path: str
    size: int
    data: bytes


def check_name(name: str) -> bool:
    """Whether log ``name`` is partitioned; ValueError for an unknown log."""
    if name not in LOGS:
        raise ValueError(f"unknown log {name!r}; known logs: {', '.join(sorted(LOGS))}")
    return LOGS[name]


def check_log(name: str, key: str | None) -> bool:
    """Validate an append's log name and key; return whether the log is partitioned."""
    partitioned = check_name(name)
    if partitioned and not (isinstance(key, str) and key):
        raise ValueError(f"log {name!r} is partitioned by member id: pass key=member_id")
    if not partitioned and key is not None:
        raise ValueError(f"log {name!r} has a single partition: do not pass a key")
    return partitioned


def log_dir(root: Path, name: str) -> Path:
    return root / "logs" / name


def segment_name(partition: int, seq: int, width: int) -> str:
    return f"{partition:0{width}d}-{seq:06d}.jsonl"


def list_segments(directory: Path, partition: int | None = None) -> list[Segment]:
    """Segments in (partition, seq) order; only ``partition``'s when given."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return []
    segments = []
    for name in names:
        match = _SEGMENT.match(name)
        if match and (partition is None or int(match.group(1)) == partition):
            segments.append(Segment(int(match.group(1)), int(match.group(2)), directory / name))
    segments.sort()
    return segments


def read_entries(path: Path) -> Iterator[dict]:
    """Entries of one segment in append order; a torn final line is skipped."""
    try:
        raw = read_under(path, SEGMENT_DEPTH)
    except FileNotFoundError:
        return
    except PermissionError:
        raise StoreError(f"{path}: permission denied (is the store shared with your group?)") from None
    end = raw.rfind(b"\n") + 1
    for lineno, line in enumerate(raw[:end].split(b"\n")[:-1], 1):
        yield parse_line(path, f"line {lineno}", line)


def parse_line(path: Path, where: str, line: bytes) -> dict:
    try:
        entry = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreCorruptError(path, f"{where} is not valid JSON ({exc}); the log is damaged") from None
    if not isinstance(entry, dict):
        raise StoreCorruptError(path, f"{where} is not a JSON object; the log is damaged")
    return entry


def open_segment(path: Path) -> BinaryIO:
    """A segment opened for reading, never through a link (files.open_under)."""
    return os.fdopen(open_under(path, SEGMENT_DEPTH), "rb")


def count_entries(path: Path) -> int:
    try:
        return read_under(path, SEGMENT_DEPTH).count(b"\n")
    except FileNotFoundError:
        return 0


def sizes(path: Path) -> tuple[int, int]:
    """(size on disk, size without a torn final line). Reads only the file's tail."""
    with open_segment(path) as f:
        size = os.fstat(f.fileno()).st_size
        end = size
        while end > 0:
            start = max(0, end - _TAIL_CHUNK)
            f.seek(start)
            chunk = f.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                return size, start + newline + 1
            end = start
        return size, 0


def last_entry(directory: Path, partition: int) -> dict | None:
    """The last complete entry of a partition, reading only segment tails."""
    for segment in reversed(list_segments(directory, partition)):
        _, clean = sizes(segment.path)
        if clean == 0:
            continue
        with open_segment(segment.path) as f:
            start = clean - 1
            while True:
                lo = max(0, start - _TAIL_CHUNK)
                f.seek(lo)
                chunk = f.read(start - lo)
                newline = chunk.rfind(b"\n")
                if newline >= 0 or lo == 0:
                    line_start = lo + newline + 1
                    break
                start = lo
            f.seek(line_start)
            line = f.read(clean - 1 - line_start)
        return parse_line(segment.path, "the last line", line)
    return None


def plan_appends(
    root: Path, name: str, partition: int, lines: list[bytes], segment_bytes: int, width: int
) -> list[AppendOp]:
    """Turn pending lines for one partition into append operations: onto the last segment
    while it stays under ``segment_bytes``, then onto new segments. A torn tail left on a
    segment we rotate away from is truncated (an AppendOp with no data)."""
    directory = log_dir(root, name)
    rel_dir = f"logs/{name}"
    existing = list_segments(directory, partition)
    ops: list[AppendOp] = []
    if existing:
        seq = existing[-1].seq
        raw_size, size = sizes(existing[-1].path)
    else:
        seq, raw_size, size = 1, 0, 0
    path = f"{rel_dir}/{segment_name(partition, seq, width)}"
    pending: list[bytes] = []
    filled = size
    for line in lines:
        if filled > 0 and filled + len(line) > segment_bytes:
            if pending or raw_size != size:
                ops.append(AppendOp(path, size, b"".join(pending)))
            seq += 1
            path = f"{rel_dir}/{segment_name(partition, seq, width)}"
            pending, raw_size, size, filled = [], 0, 0, 0
        pending.append(line)
        filled += len(line)
    ops.append(AppendOp(path, size, b"".join(pending)))
    return ops
