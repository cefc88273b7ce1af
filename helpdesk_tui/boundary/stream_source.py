"""The privileged half of ``export blocked-members -o FILE`` across the boundary: the
same role rule and audit entry as ``exports.export_blocked_members``, but the content
goes to standard output, for the operator's own process to write (stream.py)."""

from __future__ import annotations

import sys
from typing import Any

from helpdesk_tui.actions.catalog import SPECS
from helpdesk_tui.audit import record
from helpdesk_tui.exports.blocked_members import (
    ACTION,
    FORMATS,
    ExportInputError,
    ExportRefused,
    blocked_members,
    render_csv,
    render_xlsx,
)
from helpdesk_tui.glossary import ROLES


def stream_blocked(store: Any, operator: dict, fmt: str, reported_path: str | None, *, lang: str = "ja",
                   out=None) -> int:
    """Check the role, audit (the path as the operator reported it), write the bytes to
    ``out`` (stdout); the number of members."""
    username = str(operator.get("username") or "?")
    role = operator.get("role")
    path = {"path": reported_path, "path_reported_by": "operator-session"}
    if role not in ROLES or not SPECS[ACTION].allowed_for(role):
        problem = ExportRefused("not-allowed", role=role or "-")
        with store.transaction() as tx:
            record(tx, operator=username, action=ACTION, outcome="refused",
                   **problem.audit_details(), format=fmt, **path)
        raise problem
    if fmt not in FORMATS:
        raise ExportInputError("bad-format", format=fmt)
    rows = blocked_members(store)
    data = render_csv(rows, lang) if fmt == "csv" else render_xlsx(rows, lang)
    with store.transaction() as tx:
        record(tx, operator=username, action=ACTION, outcome="done", format=fmt, count=len(rows), **path)
    target = out or sys.stdout.buffer
    target.write(data)
    target.flush()
    return len(rows)
