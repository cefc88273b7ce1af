"""Label / value pairs laid out in two columns (cell-width aware, wraps long values)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from helpdesk_tui.text.linebreak import phrased

LABEL_WIDTH = 16
"""Cells for labels; the catalogue's ``field.*`` labels fit it (tests/ui/test_i18n.py)."""

Fact = tuple[str, Text | Iterable[Text]]
"""A catalogue label and one value, or several values shown one per line."""


def render_facts(facts: Iterable[Fact], label_width: int) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=label_width, overflow="fold", style="bold")
    grid.add_column(ratio=1, overflow="fold")
    for label_text, value in facts:
        # Japanese values break between phrases, never before 「。」 (helpdesk_tui.text).
        if isinstance(value, Text):
            shown = phrased(value)
        else:
            lines = [phrased(line) for line in value if line.plain]
            shown = Group(*lines) if len(lines) > 1 else (lines[0] if lines else Text(""))
        grid.add_row(Text(label_text), shown)
    return grid


class FactList(Static):
    """A titled block of facts; update with :meth:`show`."""

    DEFAULT_CSS = """
    FactList {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    FactList.-flush {
        margin: 0;
    }
    """

    def show(self, facts: Iterable[Fact], *, title: str | None = None, label_width: int = LABEL_WIDTH) -> None:
        grid = render_facts(list(facts), label_width)
        if title:
            self.update(Group(Text(title, style="bold underline"), grid))
        else:
            self.update(grid)
