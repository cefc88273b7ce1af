"""Seed 003 「アクセス状況」: the last 90 days of sessions, connected ones marked."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from helpdesk_tui.widgets.safe import cell, joined, label


class AccessHistory(Vertical):
    """Title line plus one table row per session, newest first."""

    DEFAULT_CSS = """
    AccessHistory {
        height: 1fr;
    }
    AccessHistory > #history-title {
        padding: 0 1;
        height: 1;
    }
    AccessHistory > DataTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    COLUMNS = (
        ("at", "history.at", 16),
        ("environment", "history.environment", 22),
        ("location", "history.location", 20),
        ("state", "history.state", 10),
    )

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        yield DataTable(id="history-table", cursor_type="row")

    def show(self, sessions, t: Callable[..., str], when: Callable[[object], str]) -> None:
        connected = sum(1 for row in sessions if row.connected)
        title = t("history.title", count=len(sessions), connected=connected) if sessions else t("history.empty")
        self.query_one("#history-title", Static).update(Text(title, style="bold"))
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        for key, label_key, width in self.COLUMNS:
            table.add_column(label(t(label_key), "bold"), width=width, key=key)
        for row in sessions:
            state = (
                cell(t("history.connected"), "bold green") if row.connected else cell(t("history.ended"), "dim")
            )
            table.add_row(
                cell(when(row.started_at), "bold" if row.connected else ""),
                cell(row.environment),
                joined([cell(row.country), cell(row.ip)], " "),
                state,
                key=row.session_id,
            )
