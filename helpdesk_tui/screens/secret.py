"""A one-time temporary password, shown once (PRODUCT "Security model").

Large and clear: each character on its own reversed cell, in groups of four, from an
alphabet without look-alikes (helpdesk_tui.actions.passwords). The operator reads it to the
member; enter or escape dismisses it and the modal drops the value: it is not copied to
the clipboard, not notified, not logged, and written nowhere (the store keeps only its
hash). Text selection is off so it cannot be copied with the mouse either, and a
screen pushed on top (help, palette) makes it forget the value too.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.screens.base import HelpdeskScreenMixin


GROUP = 4


def spaced(password: str) -> Text:
    """Each character on its own reversed cell, in groups of four: easy to read out one
    by one, and a ``-`` or ``=`` is plainly a character, not a separator."""
    shown = Text()
    for index, char in enumerate(password):
        if index:
            shown.append("   " if index % GROUP == 0 else " ")
        shown.append(f" {char} ", style="reverse bold")
    return shown


class SecretModal(HelpdeskScreenMixin, ModalScreen[None]):
    DEFAULT_CSS = """
    SecretModal {
        align: center middle;
    }
    SecretModal > #secret-box {
        width: 72;
        max-width: 100%;
        height: auto;
        border: double $warning;
        background: $surface;
        padding: 0 1;
    }
    SecretModal #secret-value {
        margin: 1 0;
        padding: 1 0;
        background: $boost;
        text-style: bold;
    }
    SecretModal #secret-once {
        color: $warning;
        text-style: bold;
    }
    SecretModal .secret-muted {
        color: $text-muted;
    }
    """

    ALLOW_SELECT = False

    BINDINGS = [
        Binding("enter", "done", "key.secret-done", id="secret-done", priority=True),
        Binding("escape", "done", "key.secret-done", id="secret-done-escape", show=False),
    ]

    def __init__(self, password: str) -> None:
        super().__init__()
        self._password: str | None = password

    def compose(self) -> ComposeResult:
        with Vertical(id="secret-box"):
            yield Static(id="secret-read")
            yield Static(id="secret-value")
            yield Static(id="secret-classes", classes="secret-muted")
            yield Static(id="secret-once")
            yield Static(id="secret-hint", classes="secret-muted")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.relabel()

    def on_screen_suspend(self) -> None:
        """Another screen went on top (help, palette, queue): the password is not kept
        for later; the modal closes when it comes back."""
        self._forget()

    def on_screen_resume(self) -> None:
        if self._password is None and self.is_mounted:
            self.dismiss(None)

    def relabel(self) -> None:
        t = self.helpdesk.t
        self.query_one("#secret-box").border_title = Content(t("secret.title"))
        self.query_one("#secret-read", Static).update(Text(t("secret.read-now"), style="bold"))
        if self._password is not None:
            self.query_one("#secret-value", Static).update(Align.center(spaced(self._password)))
        self.query_one("#secret-classes", Static).update(Text(t("secret.classes")))
        self.query_one("#secret-once", Static).update(Text(t("secret.once")))
        self.query_one("#secret-hint", Static).update(Text(t("secret.hint")))

    def _forget(self) -> None:
        self._password = None
        self.query_one("#secret-value", Static).update("")

    def action_done(self) -> None:
        self._forget()
        self.dismiss(None)
