"""Every action on one member (seed 003's panes), with whether each would run now.

The recommended actions (given, or else those of the ticket's triage conclusion) come
first, marked ``*``; each row shows the kind and the domain's preflight: ready, or the
refusal in a few words (the full sentence and the consequences under the list for the
highlighted row). ``1``–``9`` open that row's action pane at once, ``enter`` the
highlighted one; escape closes. Returns the chosen action id, or None.

The preflights run in a thread worker (read-only store transactions).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from helpdesk_tui import clock
from helpdesk_tui.actions import MEMBER_ACTIONS, SPECS, preflight
from helpdesk_tui.actions.catalog import DEVICE, SESSION
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.action_table import ROW_KEYS, ActionTable
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.screens.base import HelpdeskScreenMixin


PICK_KEYS = Binding.Group("key.action-pick", compact=True)


def recommended_for(store, ticket: str | None) -> tuple[str, ...]:
    """The actions the ticket's triage conclusion recommends (none without one)."""
    from helpdesk_tui.triage import TreeError, load_tree

    record = store.get_ticket(ticket) if ticket else None
    node = ((record or {}).get("triage") or {}).get("conclusion")
    if not node:
        return ()
    try:
        return tuple(load_tree(record["symptom"]).node(node).actions)
    except (TreeError, KeyError):
        return ()


def ordered(recommended: Iterable[str]) -> tuple[tuple[str, ...], set[str]]:
    """The member actions, recommended ones first (in their order), and that set."""
    first = [a for a in dict.fromkeys(recommended) if a in MEMBER_ACTIONS]
    return tuple(first + [a for a in MEMBER_ACTIONS if a not in first]), set(first)


class ActionMenu(HelpdeskScreenMixin, ModalScreen[str | None]):
    DEFAULT_CSS = """
    ActionMenu {
        align: center middle;
    }
    ActionMenu > #menu-box {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    ActionMenu ActionTable {
        height: auto;
        max-height: 15;
    }
    ActionMenu #menu-detail {
        height: auto;
        max-height: 4;
    }
    ActionMenu .menu-muted {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.modal-cancel", id="action-menu-cancel"),
        # Every row has a key: 1–9, then 0, a, b, c, d (the extra ones in ?, not the footer)
        *(Binding(key, f"pick({n})", "key.action-pick", id=f"action-menu-{n}", group=PICK_KEYS, show=n <= 9)
          for n, key in enumerate(ROW_KEYS, 1)),
        # Not a priority binding: enter comes after the arrows typed before it (a burst);
        # the table's own enter selects the row (_selected opens it).
        Binding("enter", "open", "key.action-open", id="action-menu-open"),
    ]

    class Checked(Message):
        def __init__(self, member: dict | None, recommended: tuple[str, ...], checks: dict, notes: dict) -> None:
            super().__init__()
            self.member, self.recommended, self.checks, self.notes = member, recommended, checks, notes

    class Failed(Message):
        def __init__(self, detail: str) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self, member_id: str, ticket: str | None = None, recommended: Iterable[str] = ()) -> None:
        super().__init__()
        self.member_id, self.ticket = member_id, ticket
        self.actions, self.recommended = ordered(recommended)
        self.member: dict | None = None
        self.checks: dict = {}
        self.notes: dict[str, str] = {}  # action -> catalogue key replacing the reason
        self._typed_ahead: str | None = None  # picked before the preflights were in

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            yield Static(id="menu-ticket", classes="menu-muted")
            yield ActionTable(id="menu-table")
            yield Static(id="menu-legend", classes="menu-muted")
            yield Static(id="menu-detail")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(ActionTable).focus()
        self.check()

    @work(thread=True, exclusive=True, group="action-menu")
    def check(self) -> None:
        try:
            self._check()
        except Exception as problem:  # a damaged store file: the rows say so
            self.post_message(self.Failed(visible(str(problem))))

    def _check(self) -> None:
        """Worker thread: the member, its targets, and a preflight per action."""
        from helpdesk_tui.members.access import fold_sessions

        app = self.helpdesk
        store, operator = app.store, app.operator
        member = store.get_member(self.member_id)
        given = tuple(a for a in self.actions if a in self.recommended)
        recommended = given or recommended_for(store, self.ticket)
        devices = store.devices_for(self.member_id) if member else []
        mdm = [d["device_id"] for d in devices if d.get("mdm_registered")]
        sessions = [r.session_id for r in fold_sessions(store.access_events_for(self.member_id), clock.now())
                    if r.connected] if member else []
        checks, notes = {}, {}
        for action in MEMBER_ACTIONS:
            target = SPECS[action].target
            device = (mdm or [d["device_id"] for d in devices] or [None])[0] if target == DEVICE else None
            session = (sessions or [None])[0] if target == SESSION else None
            pre = preflight(store, operator, action, self.member_id, ticket=self.ticket, device=device,
                            session=session, backend=getattr(self.app, "backend", None))
            code = pre.problem.code if pre.problem is not None else None
            if code in ("needs-device", "device-not-mdm") and not mdm:
                notes[action] = "action-menu.no-mdm-device" if devices else "action-menu.no-device"
            elif code == "needs-session":
                notes[action] = "action-reason.no-connected-session"
            checks[action] = pre
        self.post_message(self.Checked(member, recommended, checks, notes))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        self.member, self.checks, self.notes = message.member, message.checks, message.notes
        self.actions, self.recommended = ordered(message.recommended)
        self.relabel()
        self.query_one(ActionTable).move_cursor(row=0)  # the first recommended one
        if self._typed_ahead is not None:
            self.dismiss(self._typed_ahead)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one("#menu-detail", Static).update(
            safe(self.helpdesk.t("action-pane.failed", detail=message.detail), "bold red", max_length=500))

    # -- rendering ---------------------------------------------------------------------
    def relabel(self) -> None:
        app, t = self.helpdesk, self.helpdesk.t
        title = Text(t("action-menu.title"))
        name = (self.member or {}).get("name")
        title.append(" · ")
        title.append_text(safe(name or self.member_id, max_length=40))
        self.query_one("#menu-box").border_title = Content.from_rich_text(title)
        ticket = t("action-menu.ticket", ticket=visible(self.ticket)) if self.ticket else t("action-menu.no-ticket")
        self.query_one("#menu-ticket", Static).update(Text(ticket))
        notes = {action: t(key) for action, key in self.notes.items()}
        self.query_one(ActionTable).show(self.actions, self.recommended, self.checks, notes, t, app.catalogue)
        self.query_one("#menu-legend", Static).update(Text(t("action-menu.legend")) if self.recommended else "")
        self._detail()

    def _detail(self) -> None:
        action = self.query_one(ActionTable).current_key
        if action is None:
            return
        t, lines = self.helpdesk.t, []
        pre = self.checks.get(action)
        if pre is not None and pre.problem is not None:
            note = self.notes.get(action)
            lines.append(safe(t(note) if note else pre.problem.message(self.helpdesk.lang), "bold red", max_length=500))
        lines.append(Text(t(f"actions.consequence.{action}"), style="italic"))
        self.query_one("#menu-detail", Static).update(Group(*lines))

    @on(DataTable.RowHighlighted, "#menu-table")
    def _highlighted(self) -> None:
        self._detail()

    # -- keys --------------------------------------------------------------------------
    # Until the preflights are in, the rows may still move (recommended ones go first):
    # a key typed before then (type-ahead: a burst over SSH) keeps the action the operator
    # saw on that row, and opens it once the checks are in.
    def action_pick(self, number: int) -> None:
        if number <= len(self.actions):
            self._open(self.actions[number - 1])

    def action_open(self) -> None:
        action = self.query_one(ActionTable).current_key
        if action is not None:
            self._open(action)

    def _open(self, action: str) -> None:
        if self.checks:
            self.dismiss(action)
        elif self._typed_ahead is None:
            self._typed_ahead = action

    @on(DataTable.RowSelected, "#menu-table")
    def _selected(self) -> None:  # enter on the table (or a click on the highlighted row)
        self.action_open()

    def action_cancel(self) -> None:
        self.dismiss(None)
