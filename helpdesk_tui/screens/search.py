"""The main screen: find a member as you type, Enter opens the security view.

On a live tenant the search runs over the mirror, and the status line says how old it is
("directory as of HH:MM", or the sync's progress); opening a row reads that member live.

The index is built by the app's store worker; until it is ready the screen shows
"loading N members…" and keeps whatever the operator types, then runs it.

Type-ahead: keys arrive faster than messages travel (SSH delivers a burst of typing at
once), so navigation never trusts the table to be up to date: ``down`` and ``enter``
first bring the results up to the query as typed so far (``_catch_up``), ``down``s that
arrive before the table has the focus move its cursor, and ``down``/``enter`` typed
while the index is still loading are kept and applied to the first results.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.member_table import MemberTable
from helpdesk_tui.widgets.search_input import SearchInput
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


RESULT_LIMIT = 200


class SearchScreen(HelpdeskScreenMixin, Screen):
    """Search box, a status line and the result table."""

    DEFAULT_CSS = """
    SearchScreen #search-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        # Not a priority binding: enter must come after the keys typed before it (the box's
        # Submitted and the table's RowSelected arrive in order; a priority binding would
        # jump the queue of a burst).
        Binding("enter", "open_member", "key.open-member", id="open-member"),
        Binding("escape", "clear", "key.clear-search", id="clear-search"),
    ]

    def compose(self) -> ComposeResult:
        app = self.helpdesk  # labelled as composed: the first frame is complete (start-up)
        yield TitleBar(app.t("search.title"), app.operator_label(), id="title-bar")
        yield Banner(id="banner")
        yield SearchInput(id="search", placeholder=app.t("search.placeholder"))
        yield Static(id="search-status")
        yield MemberTable(id="results")
        yield KeyFooter(compact=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[str, int] | None = None  # (query, index) the table shows
        self._focus_pending = False  # the table was asked to take the focus
        self._pending_downs = 0  # typed while the index was loading
        self._pending_open = False

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#search", Input).focus()

    # -- labels --------------------------------------------------------------------
    def relabel(self) -> None:
        """Apply the current language to every label (after a language switch too)."""
        app = self.helpdesk
        title = Text(app.t("search.title"))
        if app.tenant_name:  # the home screen names the tenant; every title bar the directory
            title.append(f" · {visible(app.tenant_name, max_length=30)}")
        self.query_one(TitleBar).show(title, app.operator_label())
        self.query_one("#search", Input).placeholder = app.t("search.placeholder")
        self.query_one(MemberTable).set_labels(app.t)
        self.query_one(Banner).show(app.banner_text())
        self.run_search(force=True)

    def set_status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(text))

    # -- searching -----------------------------------------------------------------
    @property
    def query_text(self) -> str:
        return self.query_one("#search", Input).value

    @on(Input.Changed, "#search")
    def _query_changed(self) -> None:
        self.run_search()

    def run_search(self, force: bool = False) -> None:
        """Search the index for the current query, or say why there is nothing yet; a
        no-op when the table already shows this query (``force``: relabel, new index)."""
        app = self.helpdesk
        table = self.query_one(MemberTable)
        index = app.index
        shown = (self.query_text, id(index))
        if index is not None and not force and shown == self._shown:
            return
        self._shown = shown if index is not None else None
        if index is None:
            table.clear()
            if app.store is None:
                self.set_status(app.t("search.opening"))
            else:
                key = "search.loading-typed" if self.query_text.strip() else "search.loading"
                self.set_status(app.t(key))
            return
        result = index.search(self.query_text, limit=RESULT_LIMIT)
        shown = table.show_members(result.rows, app.t)
        self.set_status(self._summary(result, shown, len(index)))

    def _summary(self, result, shown: int, size: int) -> str:
        t = self.helpdesk.t
        if not self.query_text.strip():
            text = t("search.ready", count=f"{size:,}")
        elif not shown:
            text = t("search.none")
        elif result.truncated:
            text = t("search.truncated", shown=shown)
        else:
            text = t("search.results", total=f"{result.total:,}")
        directory = self.helpdesk.directory_status()  # live tenant: "directory as of HH:MM" / sync N of M
        if directory:
            text += "  · " + directory
        if any(row.get("app_access_blocked") for row in result.rows):
            text += "   " + t("search.blocked-legend")
        return text

    def sync_changed(self) -> None:
        """The live directory's sync moved on (progress, done, failed): the status line
        changes though the query did not."""
        self.run_search(force=True)

    def index_changed(self) -> None:
        """The app has a new index (first load or a refresh after another process wrote)."""
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.run_search(force=True)
        if self.helpdesk.index is not None and (self._pending_downs or self._pending_open):
            downs, self._pending_downs = self._pending_downs, 0
            opens, self._pending_open = self._pending_open, False
            for _ in range(downs):
                self.action_focus_results()
            if opens:
                self.action_open_member()

    # -- actions -------------------------------------------------------------------
    def focus_search(self) -> None:
        """``/``: focus the box with the query selected, so typing starts a new one."""
        search = self.query_one("#search", Input)
        search.focus()
        search.select_all()

    def on_key(self, event: events.Key) -> None:
        """Typing while the results have focus goes on with the search (type-ahead)."""
        if not isinstance(self.focused, MemberTable):
            return
        search = self.query_one(SearchInput)
        if event.is_printable and event.character:
            search.focus()
            search.insert_text_at_cursor(event.character)
        elif event.key == "backspace":
            search.focus()
            search.action_delete_left()
        else:
            return
        event.stop()
        event.prevent_default()

    def action_focus_results(self) -> None:
        """``down`` in the box: to the results; again before the focus has moved (a
        burst of keys): down the results."""
        if self.helpdesk.index is None:
            self._pending_downs += 1
            return
        self.run_search()  # the results of the query typed so far
        table = self.query_one(MemberTable)
        if not table.row_count:
            return
        if self._focus_pending or table.has_focus:
            table.action_cursor_down()
        else:
            self._focus_pending = True
            table.focus()

    @on(events.DescendantFocus)
    def _focus_moved(self) -> None:
        self._focus_pending = False

    def action_open_member(self) -> None:
        if self.helpdesk.index is None:
            self._pending_open = True
            return
        self.run_search()
        member_id = self.query_one(MemberTable).current_member_id
        if member_id is not None:
            self.helpdesk.open_member(member_id)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:  # (enter is bound to open_member)
        event.stop()

    @on(DataTable.RowSelected, "#results")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # enter on the table, and mouse clicks
        event.stop()
        if event.row_key.value is not None:
            self.helpdesk.open_member(event.row_key.value)

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        self._pending_downs, self._pending_open = 0, False
        if not search.has_focus:
            search.focus()
        elif search.value:
            search.value = ""
