"""An irreversible action, confirmed by typing its subject back (as GitHub does for a
repository): the consequences are listed first, and enter does nothing until what is
typed matches. Escape cancels. Returns what was typed, or None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.screens.base import HelpdeskScreenMixin


class ConfirmTypedModal(HelpdeskScreenMixin, ModalScreen[str | None]):
    """``lines`` (literal Text) explain; ``matches(typed)`` says whether to allow it."""

    DEFAULT_CSS = """
    ConfirmTypedModal {
        align: center middle;
    }
    ConfirmTypedModal > #confirm-box {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $error;
        background: $surface;
        padding: 0 1;
    }
    ConfirmTypedModal #confirm-body {
        height: auto;
        max-height: 17;
    }
    ConfirmTypedModal #confirm-prompt {
        text-style: bold;
        margin-top: 1;
    }
    ConfirmTypedModal #confirm-input {
        background: $boost;
    }
    ConfirmTypedModal #confirm-state {
        color: $text-muted;
    }
    ConfirmTypedModal #confirm-state.-ok {
        color: $success;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.modal-cancel", id="confirm-typed-cancel"),
        Binding("enter", "confirm", "key.modal-confirm", id="confirm-typed-confirm", priority=True),
    ]

    def __init__(self, title: str, lines: Iterable[Text], prompt: str,
                 matches: Callable[[str], bool], *, waiting: str, ready: str) -> None:
        super().__init__()
        self.confirm_title = title
        self.lines = list(lines)
        self.prompt = prompt
        self.matches = matches
        self.waiting_text, self.ready_text = waiting, ready

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            with VerticalScroll(id="confirm-body"):
                yield Static(Group(*self.lines), id="confirm-lines")
            yield Static(Text(self.prompt), id="confirm-prompt")
            yield Input(id="confirm-input", compact=True, max_length=300)
            yield Static(Text(self.waiting_text), id="confirm-state")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#confirm-box").border_title = Content(self.confirm_title)
        self.query_one(Input).focus()

    @property
    def typed(self) -> str:
        return self.query_one(Input).value.strip()

    @on(Input.Changed, "#confirm-input")
    def _changed(self) -> None:
        ok = bool(self.typed) and self.matches(self.typed)
        state = self.query_one("#confirm-state", Static)
        state.update(Text(self.ready_text if ok else self.waiting_text))
        state.set_class(ok, "-ok")

    def action_confirm(self) -> None:
        if self.typed and self.matches(self.typed):
            self.dismiss(self.typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
