"""Audit entries, newest first: one row per entry, keyed by its hash.

Cells are literal ``Text`` made visible (member ids, details and operator names are data
an attacker may have shaped); widths add up, with the cell padding and the scrollbar, to
80 columns. ``current_entry`` is the entry under the cursor (for the detail line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from helpdesk_tui.audit.query import details
from helpdesk_tui.text.wording import audit_action, audit_details
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


def short_time(value: object) -> str:
    """``11-20 09:55`` in the tenant's zone (the column header names it when the
    operator's differs); the text itself when it is not an ISO time."""
    from helpdesk_tui.i18n import format_datetime

    try:
        datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    return format_datetime(str(value), "en", zone_mark=False, pattern="%m-%d %H:%M")


def entry_details(entry: dict, t: Callable[..., str]) -> str:
    """The entry's details in the operator's words (``to=closed`` → 新しい状態: クローズ)."""
    return audit_details(details(entry), t, {"member": entry.get("member"), "ticket": entry.get("ticket")})


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

    def set_labels(self, t: Callable[[str], str], overrides: dict[str, str] | None = None) -> None:
        """The time column's header names the tenant's zone when the operator's differs."""
        from helpdesk_tui.timezones import column_zone_note

        note = column_zone_note().strip()  # " (JST)" → "(JST)": the column is 11 cells
        super().set_labels(lambda key: t(key) + (" " + note if note and key == "audit.col.time" else ""),
                           overrides)

    def show_entries(self, entries: Sequence[dict], t: Callable[..., str]) -> int:
        previous = self.current_key
        self.clear()
        self._entries = {}
        for index, entry in enumerate(entries):
            key = entry_key(entry, len(entries) - index)
            self._entries[key] = entry
            outcome = entry.get("outcome")
            self.add_row(
                cell(short_time(entry.get("at"))),
                cell(entry.get("operator"), "bold"),
                cell(audit_action(entry.get("action"), t)),
                cell(t(f"audit.outcome.{outcome}") if outcome in OUTCOME_STYLES else outcome,
                     OUTCOME_STYLES.get(str(outcome), "")),
                cell(entry.get("member")),
                cell(entry.get("ticket")),
                cell(entry_details(entry, t), "dim"),
                key=key,
            )
        self.keep_cursor_on(previous)
        return self.row_count

    @property
    def current_entry(self) -> dict | None:
        key = self.current_key
        return self._entries.get(key) if key is not None else None
