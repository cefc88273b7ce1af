"""A ticket's timeline: one line per entry (time · operator · what happened), newest
last, scrollable with the keyboard.

Entries are told in the operator's language by ``tickets.timeline.describe``; what
people typed (notes, resolutions) comes back inside that text, so every line goes
through ``safe()`` into a literal ``Text``: markup and escape sequences are shown, never
interpreted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from helpdesk_tui.tickets.model import NOTE_MAX
from helpdesk_tui.tickets.timeline import describe
from helpdesk_tui.widgets.safe import safe

WHEN_WIDTH = 16  # "2026-11-20 10:00"
BY_WIDTH = 10

KIND_STYLES = {
    "created": "bold",
    "verification": "green",
    "conclusion": "bold cyan",
    "status": "bold",
    "note": "",
    "delivery": "italic",
}
DELIVERY_STYLES = {"sent": "green", "failed": "bold red", "no-channel": "yellow", "retrying": "yellow"}


def _style(entry: dict) -> str:
    """A notification's line is coloured by its delivery state (sent, failed …)."""
    if entry.get("kind") == "delivery":
        return DELIVERY_STYLES.get(str(entry.get("state")), "")
    return KIND_STYLES.get(str(entry.get("kind")), "")


class TimelineView(Vertical):
    """Title line over a scrolling body; :meth:`show` replaces every line."""

    DEFAULT_CSS = """
    TimelineView {
        height: 1fr;
    }
    TimelineView > .timeline-title {
        height: 1;
        padding: 0 1;
    }
    TimelineView > VerticalScroll {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    TimelineView > VerticalScroll:focus {
        background-tint: $foreground 4%;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._count: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="timeline-title")
        with VerticalScroll(classes="timeline-body"):
            yield Static(classes="timeline-lines")

    def focus_body(self) -> None:
        self.query_one(VerticalScroll).focus()

    def show(self, title: str, entries: Sequence[dict], labels, when: Callable[[object], str]) -> None:
        """``labels`` is the operator's Catalogue; ``when`` formats an ISO time. The time
        column has no room for a zone: the title names it when the operator's differs."""
        from helpdesk_tui.i18n import format_datetime
        from helpdesk_tui.timezones import column_zone_note

        heading = Text(title, style="bold underline")
        zone = column_zone_note().strip(" ()")
        if zone:
            heading.append(" · " + labels.t("display.time.zone-note", zone=zone), style="dim")
        self.query_one(".timeline-title", Static).update(heading)
        when = lambda moment: format_datetime(moment, labels.lang, zone_mark=False)  # noqa: E731
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=WHEN_WIDTH, no_wrap=True, style="dim")
        grid.add_column(width=BY_WIDTH, no_wrap=True, overflow="ellipsis")
        grid.add_column(ratio=1, overflow="fold")
        for entry in entries:
            grid.add_row(
                Text(when(entry.get("at"))),
                safe(entry.get("by"), max_length=BY_WIDTH * 2),
                safe(describe(entry, labels), _style(entry), max_length=NOTE_MAX + 200),
            )
        body = self.query_one(VerticalScroll)
        grew = len(entries) != self._count
        self._count = len(entries)
        self.query_one(".timeline-lines", Static).update(grid)
        if grew:  # newest last: show it, unless nothing new came in
            self.call_after_refresh(body.scroll_end, animate=False)
