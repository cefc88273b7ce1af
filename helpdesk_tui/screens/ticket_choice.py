"""Pick one of a member's open tickets (intake: "this caller already has a ticket"):
arrows and enter open it, escape goes back. Returns the ticket id or None."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.screens.base import HelpdeskScreenMixin


class TicketChoiceModal(HelpdeskScreenMixin, ModalScreen[str | None]):
    DEFAULT_CSS = """
    TicketChoiceModal {
        align: center middle;
    }
    TicketChoiceModal > OptionList {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 16;
        border: round $primary;
        background: $surface;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "key.modal-cancel", id="ticket-choice-cancel")]

    def __init__(self, title: str, lines: list[tuple[str, Text]]) -> None:
        """``lines``: (ticket id, what the row says)."""
        super().__init__()
        self.choice_title, self.lines = title, lines

    def compose(self) -> ComposeResult:
        options = OptionList(*(Option(text, id=ticket) for ticket, text in self.lines), id="ticket-choice")
        options.border_title = self.choice_title
        yield options
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
