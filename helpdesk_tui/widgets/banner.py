"""A warning line under the title bar, hidden while there is nothing to say."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Banner(Static):
    """Shown only with a message, e.g. corrupt store files: the console is read-only."""

    DEFAULT_CSS = """
    Banner {
        display: none;
        height: auto;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    Banner.-shown {
        display: block;
    }
    """

    def show(self, message: str | None) -> None:
        if message:
            self.update(Text(message))
        self.set_class(bool(message), "-shown")
