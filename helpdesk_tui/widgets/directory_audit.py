"""The live directory's login history for one member (LINE WORKS ``auth`` audit log).

Shown under the access history on a live tenant, whose mirror has no sessions of its own.
The columns are the API's: each row is shown as ``column: value`` pairs, literally (the
values come from outside, so never as markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from helpdesk_tui.widgets.safe import safe

MAX_ROWS = 50


class DirectoryAudit(Static):
    DEFAULT_CSS = """
    DirectoryAudit { height: auto; padding: 1 1 0 1; }
    """

    def show_rows(self, title: str, rows: list[dict], none: str) -> None:
        out = Text(title, style="bold")
        if not rows:
            out.append("\n" + none, style="dim")
        for row in rows[-MAX_ROWS:][::-1]:  # newest first
            out.append("\n")
            for number, (key, value) in enumerate(row.items()):
                if number:
                    out.append(" · ", style="dim")
                out.append_text(safe(f"{key}: {value}", max_length=80))
        self.update(out)

    def show_problem(self, title: str, problem: str) -> None:
        out = Text(title, style="bold")
        out.append("\n")
        out.append_text(safe(problem, "red"))
        self.update(out)
