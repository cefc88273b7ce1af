"""A bold title line over a read-only table: the shape of the history and device panes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from helpdesk_tui.widgets.keyed_table import RowTable
from helpdesk_tui.widgets.safe import label


class TitledTable(Vertical):
    """Subclasses set ``COLUMNS`` as (column key, catalogue key, width in cells)."""

    DEFAULT_CSS = """
    TitledTable {
        height: 1fr;
    }
    TitledTable > .table-title {
        padding: 0 1;
        height: 1;
    }
    TitledTable > DataTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    COLUMNS: tuple[tuple[str, str, int], ...] = ()
    # Columns of times: their header names the tenant's zone when the operator's differs.
    TIME_COLUMNS: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(classes="table-title")
        yield RowTable(cursor_type="row")  # Home / End to the first / last row

    def fill(self, title: str, rows: Iterable[tuple[str, list[Text]]],
             t: Callable[..., str]) -> None:
        """Set the title and replace every row; ``rows`` are (row key, cells)."""
        from helpdesk_tui.timezones import column_zone_note

        heading = Text(title, style="bold")
        zone = column_zone_note().strip(" ()") if self.TIME_COLUMNS else ""
        if zone:  # the cells have no room for it at 80 columns
            heading.append(" · " + t("display.time.zone-note", zone=zone), style="dim")
        self.query_one(".table-title", Static).update(heading)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, label_key, width in self.COLUMNS:
            table.add_column(label(t(label_key), "bold"), width=width, key=key)
        for key, cells in rows:
            table.add_row(*cells, key=key)
