"""The audit log against the heads its witness received (witness.py): the check that a
chain recomputed, stripped or cut back by whoever can write the store cannot pass."""

from __future__ import annotations

import json
from typing import Any

from helpdesk_tui.audit.verdict import Failure, Where


def check_witness(scan: Any, heads: list[tuple[int, str]]) -> None:
    """The log against the witnessed heads; Failure naming the first disagreeing entry."""
    newest = 0
    for seq, _digest in heads:
        if seq <= newest:
            raise Failure("witness-rewound", scan.locate(seq), seq=seq, found_seq=newest)
        newest = seq
    wanted = dict(heads)
    seen: set[int] = set()
    for position, (_key, rel, line, _offset, raw) in enumerate(scan._lines(None, 0, 0), 1):
        try:
            entry = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        seq = entry.get("seq") if isinstance(entry, dict) else None
        if type(seq) is int and seq in wanted and "hash" in entry:
            if entry["hash"] != wanted[seq]:
                raise Failure("witness-mismatch", Where(rel, line, position), seq=seq)
            seen.add(seq)
    missing = [seq for seq, _digest in heads if seq not in seen]
    if missing:
        raise Failure("witness-missing", nth(scan, missing[0]), seq=missing[0])


def nth(scan: Any, position: int) -> Where:
    """Where the ``position``-th line of the log is (or the next line would be)."""
    count, last = 0, None
    for _key, rel, line, _offset, _raw in scan._lines(None, 0, 0):
        count += 1
        last = Where(rel, line, count)
        if count == position:
            return last
    if last is None:
        return scan._next_where()
    return Where(last.file, last.line + 1, count + 1)
