"""A row-cursor DataTable whose row keys are record ids (members, tickets, domains…):
columns from a (key, catalogue key, width) list, relabelled after a language switch,
and the cursor kept on the same record when the rows are replaced.

``RowTable`` (its base, also under the titled history and device panes): ``Home`` /
``End`` move the cursor to the first / last row — DataTable's own only scroll sideways
in a row-cursor table — and ``PageUp`` / ``PageDown`` move it a page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.binding import Binding
from textual.widgets import DataTable

from helpdesk_tui.widgets.safe import label

Column = tuple[str, str, int]
"""(column key, catalogue key of its label, width in terminal cells)."""


class RowTable(DataTable):
    BINDINGS = [
        Binding("home", "scroll_top", "key.first-row", id="table-first-row", show=False),
        Binding("end", "scroll_bottom", "key.last-row", id="table-last-row", show=False),
    ]


class KeyedTable(RowTable):
    DEFAULT_CSS = """
    KeyedTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        border: none;
    }
    KeyedTable:focus {
        border: none;
    }
    """

    COLUMNS: Sequence[Column] = ()

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, cell_padding=1, **kwargs)
        self._labelled = False

    def set_labels(self, t: Callable[[str], str], overrides: dict[str, str] | None = None) -> None:
        """Create the columns, or relabel them; ``overrides`` maps a column to another key."""
        overrides = overrides or {}
        for key, label_key, width in self.COLUMNS:
            text = label(t(overrides.get(key, label_key)), "bold")
            if self._labelled:
                self.columns[key].label = text
            else:
                self.add_column(text, width=width, key=key)
        if self._labelled:
            self._clear_caches()
            self.refresh()
        self._labelled = True

    @property
    def current_key(self) -> str | None:
        """The row key (record id) under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return row_key.value

    def keep_cursor_on(self, previous: str | None) -> None:
        """After the rows were replaced: back onto ``previous`` if it is still listed."""
        if previous is not None and previous in self.rows:
            self.move_cursor(row=self.get_row_index(previous), animate=False)
