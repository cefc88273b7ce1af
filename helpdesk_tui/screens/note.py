"""A one-line note for a ticket (a timeline note, a resolution note): enter or ctrl+s
saves, escape cancels. With ``required`` an empty note is refused in the modal itself."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from helpdesk_tui.tickets.model import NOTE_MAX
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.screens.base import HelpdeskScreenMixin


class NoteModal(HelpdeskScreenMixin, ModalScreen[str | None]):
    """Returns the note (stripped), or None when cancelled."""

    DEFAULT_CSS = """
    NoteModal {
        align: center middle;
    }
    NoteModal > #note-box {
        width: 72;
        max-width: 100%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    NoteModal #note-error {
        display: none;
        color: $error;
        text-style: bold;
    }
    NoteModal #note-error.-shown {
        display: block;
    }
    NoteModal #note-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.modal-cancel", id="note-cancel"),
        # Priority: enter in the input saves (an Input would only post Submitted).
        Binding("enter", "confirm", "key.modal-confirm", id="note-confirm", priority=True),
        Binding("ctrl+s", "confirm", "key.modal-confirm", id="note-save", show=False, priority=True),
    ]

    def __init__(self, title: str, *, required: bool, initial: str = "") -> None:
        super().__init__()
        self.note_title = title
        self.required = required
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Input(self.initial, id="note-input", max_length=NOTE_MAX)
            yield Static(id="note-error")
            yield Static(id="note-hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(Input).focus()

    def relabel(self) -> None:
        t = self.helpdesk.t
        box = self.query_one("#note-box")
        box.border_title = Content(self.note_title)
        self.query_one(Input).placeholder = t("note.placeholder-required" if self.required else "note.placeholder")
        self.query_one("#note-hint", Static).update(Text(t("note.hint")))

    def action_confirm(self) -> None:
        text = self.query_one(Input).value.strip()
        if self.required and not text:
            error = self.query_one("#note-error", Static)
            error.update(Text(self.helpdesk.t("note.required")))
            error.add_class("-shown")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
