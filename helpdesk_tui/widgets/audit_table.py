"""Audit entries, newest first: one row per entry, keyed by its hash.

Cells are literal ``Text`` made visible (member ids, details and operator names are data
an attacker may have shaped); widths add up, with the cell padding and the scrollbar, to
80 columns. ``current_entry`` is the entry under the cursor (for the detail line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from helpdesk_tui.audit.query import details_text
from helpdesk_tui.widgets.keyed_table import KeyedTable
from helpdesk_tui.widgets.safe import cell

# (column key, catalogue key, width in terminal cells); wide characters count as two.
COLUMNS = (
    ("time", "audit.col.time", 11),
    ("operator", "audit.col.operator", 8),
    ("action", "audit.col.action", 12),
    ("outcome", "audit.col.outcome", 7),
    ("member", "audit.col.member", 12),
    ("ticket", "audit.col.ticket", 8),
    ("detail", "audit.col.detail", 7),
)

OUTCOME_STYLES = {"done": "", "refused": "bold red"}


def short_time(value: object, tz: tzinfo | None) -> str:
    """``11-20 09:55`` in ``tz``; the text itself when it is not an ISO time."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.strftime("%m-%d %H:%M")


def entry_key(entry: dict, index_from_end: int) -> str:
    """A row key that stays put across reloads: the hash, else the position from the
    oldest end (unchained entries only ever form the log's start)."""
    return str(entry.get("hash") or f"legacy-{index_from_end}")


class AuditTable(KeyedTable):
    """Rows of audit entries; the cursor stays on the same entry when they are replaced."""

    COLUMNS = COLUMNS

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._entries: dict[str, dict] = {}

    def show_entries(self, entries: Sequence[dict], t: Callable[..., str], tz: tzinfo | None) -> int:
        previous = self.current_key
        self.clear()
        self._entries = {}
        for index, entry in enumerate(entries):
            key = entry_key(entry, len(entries) - index)
            self._entries[key] = entry
            outcome = entry.get("outcome")
            self.add_row(
                cell(short_time(entry.get("at"), tz)),
                cell(entry.get("operator"), "bold"),
                cell(entry.get("action")),
                cell(t(f"audit.outcome.{outcome}") if outcome in OUTCOME_STYLES else outcome,
                     OUTCOME_STYLES.get(str(outcome), "")),
                cell(entry.get("member")),
                cell(entry.get("ticket")),
                cell(details_text(entry), "dim"),
                key=key,
            )
        self.keep_cursor_on(previous)
        return self.row_count

    @property
    def current_entry(self) -> dict | None:
        key = self.current_key
        return self._entries.get(key) if key is not None else None
