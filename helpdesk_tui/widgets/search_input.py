"""The member search box.

Two differences from a plain Input: ``/`` and ``?`` are left to the app's bindings (they
never occur in a name, kana, ID, e-mail or phone number), and ``down`` moves to the
results instead of scrolling the one-line box.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

APP_KEYS = {"/", "?"}


class SearchInput(Input):
    """Input that lets ``/`` and ``?`` through and hands ``down`` to the results."""

    DEFAULT_CSS = """
    SearchInput {
        border: tall $border-blurred;
    }
    SearchInput:focus {
        border: tall $border;
    }
    """

    BINDINGS = [
        # Here, not a priority binding on the screen: a key typed in a burst is handled
        # after the keys typed before it (type-ahead, screens/search.py).
        Binding("enter", "screen.open_member", "key.open-member", id="open-member"),
        Binding("down", "screen.focus_results", "key.results", id="focus-results", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        # No select-all on every focus: type-ahead from the results continues the query.
        # ``/`` selects explicitly (SearchScreen.focus_search).
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character in APP_KEYS:
            return False
        return super().check_consume_key(key, character)
