"""Textual's command palette, its one fixed English line ("No matches found") in the
operator's language. Everything else in it comes from our providers and placeholder."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option


class HelpdeskPalette(CommandPalette):
    """``ctrl+p``: the palette with a translated "no matches" line."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Same timing and shape as Textual's, only the words differ.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:
                self._list_visible = False  # discovery mode: nothing to apologise for
                return
            words = getattr(self.app, "t", lambda key: "No matches found")("display.palette.no-matches")
            self.query_one(CommandList).add_option(
                Option(Align.center(Text(words, style="not bold")), disabled=True, id=self._NO_MATCHES)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
