"""``?``: the keys of the screen underneath, and those that work everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.screens.base import HelpdeskScreenMixin

if TYPE_CHECKING:
    from helpdesk_tui.app import HelpdeskApp


def collect_keys(app: HelpdeskApp, screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this screen's keys, global keys) as (key display, description catalogue key).

    Only bindings whose description is a catalogue key (``key.…``) are listed: those
    are ours; Textual's own widget bindings (cursor movement…) are summarised in a line.
    """
    local: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    for node, binding, _enabled, _tooltip in screen.active_bindings.values():
        if not binding.description.startswith("key."):
            continue
        target = everywhere if node is app else local
        target.setdefault(binding.description, []).append(app.get_key_display(binding))

    def rows(found: dict[str, list[str]]) -> list[tuple[str, str]]:
        return [(" / ".join(dict.fromkeys(keys)), description) for description, keys in found.items()]

    return rows(local), rows(everywhere)


class KeysScreen(HelpdeskScreenMixin, ModalScreen[None]):
    """A modal list of keys; escape or ``?`` closes it."""

    DEFAULT_CSS = """
    KeysScreen {
        align: center middle;
    }
    KeysScreen > #keys-box {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "key.close", id="close-keys"),
    ]

    def __init__(self, screen_keys: list[tuple[str, str]], global_keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_keys = screen_keys
        self.global_keys = global_keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="keys-box"):
            yield Static(id="keys-text")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        box = self.query_one("#keys-box")
        box.border_title = Content(self.helpdesk.t("keys.title"))
        box.border_subtitle = Content(self.helpdesk.t("keys.hint"))
        self.relabel()

    def relabel(self) -> None:
        t = self.helpdesk.t
        blocks = []
        for title, keys in ((t("keys.screen"), self.screen_keys), (t("keys.global"), self.global_keys)):
            if not keys:
                continue
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True, min_width=8)
            grid.add_column()
            for key, description in keys:
                # A footer label may be terse ("English"); "<key>.long" says more here.
                long_key = f"{description}.long"
                label = t(long_key) if long_key in self.helpdesk.catalogue else t(description)
                grid.add_row(Text(key), Text(label))
            blocks += [Text(title, style="bold underline"), grid, Text("")]
        blocks.append(Text(t("keys.table-move"), style="italic"))
        self.query_one("#keys-text", Static).update(Group(*blocks))

    def action_close(self) -> None:
        self.dismiss()
