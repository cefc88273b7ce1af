"""Files that take member data out of the store (no Textual import: the CLI shares it).

    rows = blocked_members(store)                         # seed 003 ブロックリスト, sorted
    result = export_blocked_members(store, operator, "xlsx", "~/blocked.xlsx")
    # -> ExportResult(path, format, count); ExportRefused (audited) / ExportInputError
"""

from helpdesk_tui.exports.blocked_members import (
    ACTION,
    COLUMNS,
    FORMATS,
    ExportError,
    ExportInputError,
    ExportRefused,
    ExportResult,
    blocked_members,
    defuse_cell,
    export_blocked_members,
    format_for,
    headers,
    render_csv,
    render_xlsx,
)

__all__ = [
    "ACTION",
    "COLUMNS",
    "FORMATS",
    "ExportError",
    "ExportInputError",
    "ExportRefused",
    "ExportResult",
    "blocked_members",
    "defuse_cell",
    "export_blocked_members",
    "format_for",
    "headers",
    "render_csv",
    "render_xlsx",
]
