"""One-line title bar: where you are on the left, who you are on the right."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    """Screen title (and a member name, as literal Text) plus the operator."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, left: Text | str = "", right: Text | str = "", **kwargs) -> None:
        # Composed with its text, so the first frame already has the title (start-up).
        super().__init__(self._grid(left, right), **kwargs)

    def show(self, left: Text | str, right: Text | str = "") -> None:
        self.update(self._grid(left, right))

    @staticmethod
    def _grid(left: Text | str, right: Text | str) -> Table:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        as_text = lambda part: part if isinstance(part, Text) else Text(part)  # noqa: E731
        grid.add_row(as_text(left), as_text(right))
        return grid
