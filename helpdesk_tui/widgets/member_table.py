"""Search results: one row per member, cell-width aware, member data as literal Text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.binding import Binding

from helpdesk_tui.widgets.keyed_table import KeyedTable
from helpdesk_tui.widgets.safe import cell

# (column key, catalogue key, width in terminal cells). Widths add up, with the cell
# padding and the scrollbar, to 80 columns; wide (Japanese) characters count as two.
COLUMNS = (
    ("blocked", "column.blocked", 1),
    ("name", "column.name", 14),
    ("kana", "column.kana", 14),
    ("id", "column.id", 18),
    ("department", "column.department", 8),
    ("status", "column.status", 10),
)

STATUS_STYLES = {
    "active": "",
    "pending": "italic",
    "away": "italic",
    "deleted": "bold red",
    "suspended-admin": "bold red",
    "suspended-login-failure": "bold red",
}


def status_cell(status: str, t: Callable[[str], str]) -> Text:
    return cell(t(f"status-short.{status}"), STATUS_STYLES.get(status, ""))


def blocked_cell(blocked: bool) -> Text:
    return Text("!" if blocked else " ", style="bold reverse red" if blocked else "")


class MemberTable(KeyedTable):
    """Members found by the search; the row key is the member id."""

    COLUMNS = COLUMNS
    # enter selects the row (the search screen opens it) and says so in the footer
    BINDINGS = [Binding("enter", "select_cursor", "key.open-member", id="open-member")]

    def show_members(self, rows: Iterable[dict], t: Callable[[str], str]) -> int:
        """Replace the rows; keep the cursor on the same member when still present."""
        previous = self.current_key
        self.clear()
        count = 0
        for record in rows:
            member_id = str(record.get("id", ""))
            self.add_row(
                blocked_cell(bool(record.get("app_access_blocked"))),
                cell(record.get("name"), "bold"),
                cell(record.get("kana")),
                cell(record.get("email") or member_id),
                cell(record.get("department")),
                status_cell(str(record.get("status", "active")), t),
                key=member_id,
            )
            count += 1
        self.keep_cursor_on(previous)
        return count

    @property
    def current_member_id(self) -> str | None:
        """The member id under the cursor, or None when the table is empty."""
        return self.current_key
