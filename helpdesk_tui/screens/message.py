"""A screen that says one thing and offers only "quit".

Used when the console cannot go on: no store (how to create one), the OS account is not
an operator (nothing else is shown: no member data, no palette), or the store cannot
be opened at all.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from helpdesk_tui.text.linebreak import phrased
from helpdesk_tui.widgets.key_footer import KeyFooter


class MessageScreen(Screen[None]):
    """Title and body text (literal, never markup); ``q`` or ``ctrl+q`` quits."""

    DEFAULT_CSS = """
    MessageScreen {
        align: center middle;
    }
    MessageScreen > #message-box {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: heavy $error;
        padding: 1 2;
    }
    MessageScreen #message-title {
        text-style: bold;
        color: $error;
        margin-bottom: 1;
    }
    """

    BINDINGS = [
        Binding("q", "app.quit", "key.quit", id="message-quit"),
    ]

    def __init__(self, title: str, body: str, *, kind: str) -> None:
        super().__init__()
        self.message_title = title
        self.body = body
        self.kind = kind
        """What went wrong (``store-missing``, ``not-an-operator``, ``store-error``)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box"):
            yield Static(Text(self.message_title), id="message-title")
            yield Static(phrased(Text(self.body)), id="message-body")  # Japanese: by phrase
        yield KeyFooter(compact=True, show_command_palette=False)
