"""The ticket queue: one row per ticket, longest waiting first; the row key is the id.

Cells are literal ``Text`` (member names come from the members' own records); widths
add up, with the cell padding and the scrollbar, to 80 columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.widgets import DataTable

from helpdesk_tui.tickets.model import format_waited
from helpdesk_tui.widgets.safe import cell, label

# (column key, catalogue key, width in terminal cells); wide characters count as two.
COLUMNS = (
    ("id", "ticket.col.id", 8),
    ("status", "ticket.col.status", 8),
    ("waited", "ticket.col.waited", 10),
    ("priority", "ticket.col.priority", 8),
    ("symptom", "ticket.col.symptom", 12),
    ("member", "ticket.col.member", 11),
    ("assignee", "ticket.col.assignee", 8),
)

STATUS_STYLES = {"open": "bold", "pending": "italic yellow", "resolved": "green", "closed": "dim"}
PRIORITY_STYLES = {"low": "dim", "normal": "", "high": "bold yellow", "urgent": "bold reverse red"}

QueueRow = tuple[dict, float, str]
"""(ticket record, seconds waited, member label)."""


class TicketTable(DataTable):
    """Tickets of the queue; ``current_ticket_id`` is the one under the cursor."""

    DEFAULT_CSS = """
    TicketTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        border: none;
    }
    TicketTable:focus {
        border: none;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, cell_padding=1, **kwargs)
        self._labelled = False

    def set_labels(self, t: Callable[[str], str], overrides: dict[str, str] | None = None) -> None:
        """Create the columns, or relabel them; ``overrides`` maps a column to another key."""
        overrides = overrides or {}
        for key, label_key, width in COLUMNS:
            text = label(t(overrides.get(key, label_key)), "bold")
            if self._labelled:
                self.columns[key].label = text
            else:
                self.add_column(text, width=width, key=key)
        if self._labelled:
            self._clear_caches()
            self.refresh()
        self._labelled = True

    def show_tickets(self, rows: Iterable[QueueRow], t: Callable[..., str], me: str | None) -> int:
        """Replace the rows; keep the cursor on the same ticket when it is still listed."""
        previous = self.current_ticket_id
        self.clear()
        for ticket, waited, member in rows:
            status, priority = ticket.get("status", ""), ticket.get("priority", "")
            assignee = ticket.get("assignee")
            self.add_row(
                cell(ticket.get("id"), "bold"),
                cell(t(f"ticket.status.{status}"), STATUS_STYLES.get(status, "")),
                cell(format_waited(waited, t), "bold" if status in ("open", "pending") else ""),
                cell(t(f"ticket.priority.{priority}"), PRIORITY_STYLES.get(priority, "")),
                cell(t(f"symptom.{ticket.get('symptom')}")),
                cell(member),
                cell(assignee, "bold" if me and assignee == me else "dim"),
                key=str(ticket.get("id")),
            )
        if previous is not None and previous in self.rows:
            self.move_cursor(row=self.get_row_index(previous), animate=False)
        return self.row_count

    @property
    def current_ticket_id(self) -> str | None:
        """The ticket id under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return row_key.value

