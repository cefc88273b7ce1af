"""The ticket queue: one row per ticket, most urgent then longest waiting first; the row key is the id.

Cells are literal ``Text`` (member names come from the members' own records); widths
add up, with the cell padding and the scrollbar, to 80 columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.binding import Binding

from helpdesk_tui.tickets.model import format_waited
from helpdesk_tui.widgets.keyed_table import KeyedTable
from helpdesk_tui.widgets.safe import cell

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


class TicketTable(KeyedTable):
    """Tickets of the queue; ``current_ticket_id`` is the one under the cursor."""

    # enter selects the row (the queue opens it) and says so in the footer
    BINDINGS = [Binding("enter", "select_cursor", "key.queue-open", id="queue-open")]

    COLUMNS = COLUMNS

    def show_tickets(self, rows: Iterable[QueueRow], t: Callable[..., str], me: str | None) -> int:
        """Replace the rows; keep the cursor on the same ticket when it is still listed."""
        previous = self.current_key
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
        self.keep_cursor_on(previous)
        return self.row_count

    @property
    def current_ticket_id(self) -> str | None:
        """The ticket id under the cursor, or None when the table is empty."""
        return self.current_key
