"""A one-line prompt with a live preview: enter submits, escape cancels.

``preview(text) -> (Text, ok)`` is called on every keystroke (pure, no I/O): the add-domain
prompt shows how a typed name is read — Unicode and punycode side by side, or why it is
not a domain name — before anything is sent. Enter is refused while ``ok`` is false.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.screens.base import HelpdeskScreenMixin


Preview = Callable[[str], tuple[Text, bool]]


class TextPromptModal(HelpdeskScreenMixin, ModalScreen[str | None]):
    """Returns the typed text (stripped), or None when cancelled."""

    DEFAULT_CSS = """
    TextPromptModal {
        align: center middle;
    }
    TextPromptModal > #prompt-box {
        width: 72;
        max-width: 100%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    TextPromptModal #prompt-preview {
        height: auto;
        min-height: 1;
    }
    TextPromptModal #prompt-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.modal-cancel", id="prompt-cancel"),
        Binding("enter", "confirm", "key.modal-confirm", id="prompt-confirm", priority=True),
    ]

    def __init__(self, title: str, *, placeholder: str = "", hint: str = "",
                 preview: Preview | None = None, max_length: int = 300) -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.hint = hint
        self.preview = preview
        self.max_length = max_length
        self.ok = preview is None

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Input(id="prompt-input", placeholder=self.placeholder, max_length=self.max_length)
            yield Static(id="prompt-preview")
            yield Static(Text(self.hint), id="prompt-hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#prompt-box").border_title = Content(self.prompt_title)
        self.query_one(Input).focus()
        self._preview("")

    @on(Input.Changed, "#prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, value: str) -> None:
        if self.preview is None:
            return
        shown, self.ok = self.preview(value) if value.strip() else (Text(""), False)
        self.query_one("#prompt-preview", Static).update(shown)

    def action_confirm(self) -> None:
        value = self.query_one(Input).value.strip()
        if value and self.ok:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
