"""Operators (admins only): who may use the console, with their roles.

``a`` adds an OS account ("sato agent"), ``r`` changes the highlighted operator's role,
``d`` removes them (the account name typed back). Every change goes through
``operators.admin`` — the actor re-read from the store inside the change, one audit
entry per change — in a thread worker; the list is read again afterwards. Someone who
is not an admin (now, not when the console opened) sees only a refusal line.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from helpdesk_tui.glossary import ROLES
from helpdesk_tui.safe_text import visible
from helpdesk_tui.screens.base import HelpdeskScreenMixin
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.title_bar import TitleBar


def open_operators(app) -> None:
    app.push_screen(OperatorsScreen())


class OperatorsScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    OperatorsScreen #operators-status {
        height: auto;
        max-height: 3;
        padding: 0 1;
    }
    OperatorsScreen #operators-status.-refused {
        color: $error;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("a", "add", "key.operators-add", id="operators-add"),
        Binding("r", "set_role", "key.operators-role", id="operators-role"),
        Binding("d", "remove", "key.operators-remove", id="operators-remove"),
    ]

    class Changed(Message):
        def __init__(self, text: str, error: bool) -> None:
            super().__init__()
            self.text, self.error = text, error

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(id="operators-status")
        yield DataTable(id="operators-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.relabel()
        self.reload()
        self.query_one(DataTable).focus()

    def relabel(self) -> None:
        app = self.helpdesk
        self.query_one(TitleBar).show(app.t("operators.title"), app.operator_label())

    def _is_admin(self) -> bool:
        operator = self.helpdesk.operator  # re-read from the store: a demotion shows at once
        return bool(operator) and operator.get("role") == "admin"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "set_role", "remove"):
            return self._is_admin()
        return True

    def reload(self) -> None:
        t = self.helpdesk.t
        status = self.query_one("#operators-status", Static)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if not self._is_admin():
            status.update(Text(t("operators.admin-only")))
            status.set_class(True, "-refused")
            return
        status.set_class(False, "-refused")
        table.add_columns(t("operators.col.username"), t("operators.col.role"), t("operators.col.name"))
        for record in self.helpdesk.store.list_operators():
            role = record.get("role")
            table.add_row(Text(visible(record["username"])), Text(t(f"role.{role}") if role in ROLES else visible(role)),
                          Text(visible(record.get("display_name"))), key=record["username"])
        self.refresh_bindings()

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _prompt(self, title: str, then) -> None:
        from helpdesk_tui.screens.text_prompt import TextPromptModal

        self.app.push_screen(TextPromptModal(title), lambda text: text and then(text))

    def action_add(self) -> None:
        def parsed(text: str) -> None:
            parts = text.split()
            if len(parts) != 2 or parts[1] not in ROLES:
                self._show(self.helpdesk.t("operators.bad-input"), True)
                return
            self.change("add", parts[0], parts[1])

        self._prompt(self.helpdesk.t("operators.add.prompt"), parsed)

    def action_set_role(self) -> None:
        name = self._highlighted()
        if name is not None:
            self._prompt(self.helpdesk.t("operators.role.prompt", name=visible(name)),
                         lambda role: self.change("set-role", name, role.strip()))

    def action_remove(self) -> None:
        name = self._highlighted()
        if name is not None:
            self._prompt(self.helpdesk.t("operators.remove.prompt", name=visible(name)),
                         lambda typed: typed.strip() == name and self.change("remove", name, None))

    @work(thread=True, exclusive=True, group="operators")
    def change(self, verb: str, name: str, role: str | None) -> None:
        from helpdesk_tui.operators import admin
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        actor = (app.operator or {}).get("username", "?")
        try:
            if verb == "add":
                admin.add(app.store, actor, name, role)
            elif verb == "set-role":
                admin.set_role(app.store, actor, name, role)
            else:
                admin.remove(app.store, actor, name)
        except (admin.OperatorChangeRefused, admin.OperatorChangeInvalid, StoreError) as problem:
            self.post_message(self.Changed(str(problem), True))
            return
        self.post_message(self.Changed(app.t("operators.done", name=name, what=role or verb), False))

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        self.reload()
        self._show(message.text, message.error)

    def _show(self, text: str, error: bool) -> None:
        status = self.query_one("#operators-status", Static)
        status.update(Text(visible(text)))
        status.set_class(error, "-refused")

    def action_back(self) -> None:
        self.app.pop_screen()
