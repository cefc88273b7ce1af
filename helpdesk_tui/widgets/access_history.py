"""Seed 003 「アクセス状況」: the last 90 days of sessions, connected ones marked."""

from __future__ import annotations

from collections.abc import Callable

from helpdesk_tui.text.wording import environment
from helpdesk_tui.widgets.safe import cell, joined
from helpdesk_tui.widgets.titled_table import TitledTable


class AccessHistory(TitledTable):
    """Title line plus one table row per session, newest first."""

    COLUMNS = (
        ("at", "history.at", 16),
        ("environment", "history.environment", 22),
        ("location", "history.location", 20),
        ("state", "history.state", 10),
    )
    TIME_COLUMNS = ("at",)

    def show(self, sessions, t: Callable[..., str], when: Callable[[object], str]) -> None:
        connected = sum(1 for row in sessions if row.connected)
        title = t("history.title", count=len(sessions), connected=connected) if sessions else t("history.empty")
        rows = (
            (
                row.session_id,
                [
                    cell(when(row.started_at), "bold" if row.connected else ""),
                    cell(environment(row.environment, t)),
                    joined([cell(row.country), cell(row.ip)], " "),
                    cell(t("history.connected"), "bold green") if row.connected
                    else cell(t("history.ended"), "dim"),
                ],
            )
            for row in sessions
        )
        self.fill(title, rows, t)
