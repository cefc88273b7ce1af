"""The privileged half of ``export blocked-members -o FILE`` across the boundary: the
same role rule and audit entry as ``exports.export_blocked_members``, but the content
goes to standard output, for the operator's own process to write (stream.py)."""

from __future__ import annotations

import sys
from typing import Any

from helpdesk_tui.audit import record
from helpdesk_tui.exports.blocked_members import ACTION, blocked_members, check_export, render_csv, render_xlsx


def stream_blocked(store: Any, operator: dict, fmt: str, reported_path: str | None, *, lang: str = "ja",
                   out=None) -> int:
    """Check the role, audit (the path as the operator reported it), write the bytes to
    ``out`` (stdout); the number of members."""
    path = {"path": reported_path, "path_reported_by": "operator-session"}
    username = check_export(store, operator, fmt, path)
    rows = blocked_members(store)
    data = render_csv(rows, lang) if fmt == "csv" else render_xlsx(rows, lang)
    with store.transaction() as tx:
        record(tx, operator=username, action=ACTION, outcome="done", format=fmt, count=len(rows), **path)
    target = out or sys.stdout.buffer
    target.write(data)
    target.flush()
    return len(rows)
