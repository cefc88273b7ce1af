"""``verify_chain``: prove the audit log whole, or name its first bad entry.

One streaming pass over the segment files (line by line: constant memory at 1M
entries) checks every chained entry's own hash, then its link to the entry before it
(``seq`` one more, ``prev`` its hash), then the log's end against the chain head record
(chain.py). What went wrong is one of these kinds:

- ``altered``: an entry's content no longer matches its hash; or its hash was
  recomputed, so the next entry no longer links to it; or the last entry differs from the
  recorded head.
- ``removed``: a gap in ``seq`` (entries deleted from the middle, or a lost segment).
- ``reordered``: an entry with a smaller ``seq`` than expected, or a gap whose missing
  entry turns up later in the log (lines swapped or moved).
- ``truncated``: the head record names a later entry than the log's last one.
- ``appended``: chained entries after the recorded head (written outside helpdesk-tui).
- ``head-missing``: chained entries but no (or a hand-edited, malformed) head record.
- ``unchained-after-chain``: an entry without a hash after the first chained one.
- ``unreadable``: a line that is not a JSON object.
- ``witness-mismatch`` / ``witness-missing`` / ``witness-rewound``: the chain is
  consistent with itself but not with the heads the witness received (witness.py): an
  entry's hash differs from the witnessed one (a recomputed chain), a witnessed entry is
  gone (a stripped or truncated log), or the witness saw a seq again after a later one
  (the log was cut back and written on). Checked only when the chain itself is intact.

The pass runs without the store lock (and on a read-only copy, where the lock cannot be
taken, the lock-free verdict stands). Only when the log's end disagrees with the head
(which a commit in flight can cause for a moment) is the end checked again under the
lock, resuming where the pass stopped, so a busy store never reports a false break.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from helpdesk_tui.audit.chain import HEAD, entry_hash
from helpdesk_tui.audit.verdict import Failure as _Failure, Where as _Where
from helpdesk_tui.audit.witness import witness_for
from helpdesk_tui.audit.witness_check import check_witness
from helpdesk_tui.store import applog
from helpdesk_tui.store.lock import StoreReadOnlyError

KINDS = ("altered", "removed", "reordered", "truncated", "appended", "head-missing",
         "unchained-after-chain", "unreadable", "witness-mismatch", "witness-missing", "witness-rewound")


@dataclass(frozen=True)
class ChainReport:
    """The verdict. ``entries`` counts the lines read (all of them when ``ok``; up to
    the bad one otherwise), ``legacy`` of them unchained;
    ``head_seq`` / ``head_hash`` are the recorded head (None before the first chained
    entry). For a failure: ``kind``, the first bad entry's ``seq`` (for ``removed`` and
    ``truncated`` the first missing one, up to ``to_seq``; for ``reordered`` the one that
    belongs here, ``found_seq`` the one found), its 1-based ``position`` in the log, and
    ``file`` (store-relative) / ``line`` where it is or belonged."""

    ok: bool
    entries: int
    legacy: int
    head_seq: int | None = None
    head_hash: str | None = None
    kind: str | None = None
    seq: int | None = None
    to_seq: int | None = None
    found_seq: int | None = None
    position: int | None = None
    file: str | None = None
    line: int | None = None
    witness: str | None = None  # where the witness is; None: no witness for this store
    witness_seq: int | None = None  # the newest head it holds

    def to_json(self) -> dict:
        return asdict(self)


class _Scan:
    """Resumable streaming pass over the audit segments (partition, then segment order)."""

    def __init__(self, root: Path, width: int) -> None:
        self.root = root
        self.width = width  # digits of a partition number in segment names
        self.directory = applog.log_dir(root, "audit")
        self.position = self.legacy = self.chained = 0
        self.last_seq: int | None = None  # last chained entry
        self.last_hash: str | None = None
        self.last_where: _Where | None = None
        self.previous: _Where | None = None  # the line before the current one
        self.segment: tuple[int, int] | None = None  # resume point: segment, byte offset, line
        self.offset = self.line = 0

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _lines(self, start: tuple[int, int] | None, offset: int, line: int):
        """(segment key, store-relative file, line number, end offset, raw line) of the
        complete lines from a resume point on; a torn final line (no newline yet) is not
        an entry."""
        for segment in applog.list_segments(self.directory):
            key = (segment.partition, segment.seq)
            if start is not None and key < start:
                continue
            if key != start:
                offset, line = 0, 0
            try:
                f = applog.open_segment(segment.path)
            except FileNotFoundError:
                continue
            rel = self.rel(segment.path)
            with f:
                f.seek(offset)
                for raw in f:
                    if not raw.endswith(b"\n"):
                        break
                    line += 1
                    offset += len(raw)
                    yield key, rel, line, offset, raw

    def run(self) -> None:
        """Check every entry from the resume point to the current end; _Failure on the
        first bad one."""
        for key, rel, line, offset, raw in self._lines(self.segment, self.offset, self.line):
            self.position += 1
            where = _Where(rel, line, self.position)
            self._check(raw, where)
            self.segment, self.offset, self.line = key, offset, line
            self.previous = where

    def _check(self, raw: bytes, where: _Where) -> None:
        expected = self.last_seq + 1 if self.last_seq is not None else self.position
        try:
            entry = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            entry = None
        if not isinstance(entry, dict):
            raise _Failure("unreadable", where, seq=expected)
        if "hash" not in entry:
            if self.chained:
                raise _Failure("unchained-after-chain", where, seq=expected)
            self.legacy += 1
            return
        seq = entry.get("seq")
        try:
            intact = entry_hash(entry) == entry["hash"] and type(seq) is int
        except (TypeError, ValueError):
            intact = False
        if not intact:
            raise _Failure("altered", where, seq=seq if type(seq) is int else expected)
        prev = self.last_hash if self.chained else ""
        if seq == expected and entry.get("prev") == prev:
            self.chained += 1
            self.last_seq, self.last_hash, self.last_where = seq, entry["hash"], where
            return
        if seq == expected:  # linked to something else: the entry before it was rewritten
            raise _Failure("altered", self.previous or where, seq=expected - 1)
        if seq < expected:
            raise _Failure("reordered", where, seq=expected, found_seq=seq)
        if self._turns_up_later(expected):
            raise _Failure("reordered", where, seq=expected, found_seq=seq)
        raise _Failure("removed", where, seq=expected, to_seq=seq - 1)

    def _turns_up_later(self, seq: int) -> bool:
        """Does a chained entry with ``seq`` follow the current line? (gap: moved or gone)"""
        for *_, raw in self._lines(self.segment, self.offset, self.line):
            try:
                entry = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(entry, dict) and "hash" in entry and entry.get("seq") == seq:
                return True
        return False

    def _next_where(self) -> _Where:
        """Where the entry after the last one read would go."""
        if self.previous is None:
            segment = applog.segment_name(0, 1, self.width)
            return _Where(self.rel(self.directory / segment), 1, 1)
        return _Where(self.previous.file, self.previous.line + 1, self.position + 1)

    def locate(self, seq: int) -> _Where | None:
        """Where the chained entry ``seq`` is (a second pass; only on a failure)."""
        position = 0
        for _key, rel, line, _offset, raw in self._lines(None, 0, 0):
            position += 1
            try:
                entry = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(entry, dict) and "hash" in entry and entry.get("seq") == seq:
                return _Where(rel, line, position)
        return None

    def check_end(self, head: dict | None) -> None:
        """The log's end against the head record; _Failure when they disagree."""
        if head is None:
            if self.chained:
                raise _Failure("head-missing", self.last_where, seq=self.last_seq)
            return
        head_seq, head_hash = head.get("seq"), head.get("hash")
        if type(head_seq) is not int or not isinstance(head_hash, str):  # edited by hand
            raise _Failure("head-missing", self.last_where, seq=self.last_seq)
        if self.last_seq is None:  # every chained entry is gone
            raise _Failure("truncated", self._next_where(), seq=self.legacy + 1,
                           to_seq=max(head_seq, self.legacy + 1))
        last = self.last_seq
        if last < head_seq:
            raise _Failure("truncated", self._next_where(), seq=last + 1, to_seq=head_seq)
        if last > head_seq:
            raise _Failure("appended", self.locate(head_seq + 1) or self.last_where,
                           seq=head_seq + 1, to_seq=last)
        if self.last_hash != head_hash:
            raise _Failure("altered", self.last_where, seq=last)


def verify_chain(store: Any, *, timeout: float | None = 10.0) -> ChainReport:
    """Verify the audit log of ``store`` (see the module docstring). ``timeout`` bounds
    the wait for the store lock, taken only to settle a disagreement at the log's end
    (StoreLockedError after it)."""
    scan = _Scan(Path(store.path), len(str(store.shards - 1)))
    witness = witness_for(store.path)
    # Read before the log: a head is witnessed only after its entry was committed.
    heads = witness.heads() if witness is not None else []
    try:
        scan.run()
        try:
            scan.check_end(store.counter(HEAD))
        except _Failure as lock_free:
            # Maybe a commit in flight (head replaced, lines not yet appended): settle it
            # under the lock, where any dead writer's journal is replayed first.
            try:
                with store.transaction(timeout) as tx:
                    scan.run()
                    scan.check_end(tx.counters.get_doc(HEAD))
            except StoreReadOnlyError:
                raise lock_free from None  # a read-only copy: nothing can be in flight
        if witness is not None:
            check_witness(scan, heads)
    except _Failure as failure:
        return _report(scan, store, failure, witness, heads)
    return _report(scan, store, None, witness, heads)


def _report(scan: _Scan, store: Any, failure: _Failure | None, witness=None, heads=()) -> ChainReport:
    head = store.counter(HEAD)
    common = dict(entries=scan.position, legacy=scan.legacy,
                  head_seq=head.get("seq") if head else None, head_hash=head.get("hash") if head else None,
                  witness=witness.describe() if witness is not None else None,
                  witness_seq=max((seq for seq, _ in heads), default=None))
    if failure is None:
        return ChainReport(ok=True, **common)
    where = failure.where
    return ChainReport(
        ok=False, kind=failure.kind, **common, **failure.fields,
        position=where.position if where else None, file=where.file if where else None,
        line=where.line if where else None,
    )


def report_text(report: ChainReport, t) -> str:
    """One sentence for ``report`` with the catalogue function ``t`` (CLI and console)."""
    if report.ok:
        if report.head_seq is None:
            text = t("audit.verify.intact-empty", entries=report.entries)
        else:
            text = t("audit.verify.intact", entries=report.entries, seq=report.head_seq,
                     hash=(report.head_hash or "")[:12])
        if report.legacy:
            text += t("audit.verify.legacy", legacy=report.legacy)
        if report.witness is None:
            return text + t("audit.verify.no-witness")
        if report.witness_seq is None:  # nothing witnessed yet, or syslog without a file to read
            return text + t("audit.verify.witness-empty", where=report.witness)
        return text + t("audit.verify.witness", where=report.witness, seq=report.witness_seq)
    what = t(f"audit.kind.{report.kind}", seq=report.seq, to=report.to_seq, found=report.found_seq)
    return t("audit.verify.broken", seq=report.seq, file=report.file, line=report.line, what=what)
