"""Seed 003 「メンバーセキュリティ」: one member's security view, read-only.

Four panes as in the admin screen: security info, access history (90 days), devices and
login info, plus the messages sent to the member and their delivery state. The view is
read in a thread worker; the screen only shows it. On a live tenant the member is read
from the API when the view opens and on ``r`` (one ``GET /users/{userId}``), and the line
under the title says so — or, when the API cannot be reached, "not live — mirror as of …". ``n`` opens a ticket for the member (intake, then triage); ``a`` the actions on the
member (with the member's open ticket when there is exactly one).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from helpdesk_tui import clock
from helpdesk_tui.members.security import security_view
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.access_history import AccessHistory
from helpdesk_tui.widgets.directory_audit import DirectoryAudit
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.device_list import DeviceList
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.message_list import MessageList
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.security_facts import Formatter
from helpdesk_tui.widgets.security_summary import LoginInfo, SecuritySummary
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


# (pane id, catalogue key of its tab label)
PANES = (
    ("summary", "tab.summary"),
    ("history", "tab.history"),
    ("devices", "tab.devices"),
    ("login", "tab.login"),
    ("messages", "tab.messages"),
)

# The four pane keys share one footer entry ("1234 panes"); ? lists them one by one.
PANE_KEYS = Binding.Group("key.panes", compact=True)


class MemberScreen(HelpdeskScreenMixin, Screen):
    """The security view of one member."""

    DEFAULT_CSS = """
    MemberScreen TabbedContent {
        height: 1fr;
    }
    MemberScreen TabPane {
        padding: 0;
    }
    MemberScreen #live-marker {
        height: auto;
        padding: 0 1;
        display: none;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("1", "show_pane('summary')", "key.tab-summary", id="pane-summary", group=PANE_KEYS),
        Binding("2", "show_pane('history')", "key.tab-history", id="pane-history", group=PANE_KEYS),
        Binding("3", "show_pane('devices')", "key.tab-devices", id="pane-devices", group=PANE_KEYS),
        Binding("4", "show_pane('login')", "key.tab-login", id="pane-login", group=PANE_KEYS),
        Binding("5", "show_pane('messages')", "key.tab-messages", id="pane-messages", group=PANE_KEYS),
        Binding("n", "new_ticket", "key.new-ticket", id="new-ticket"),
        Binding("a", "actions", "key.actions", id="member-actions"),
        Binding("r", "reload", "key.reload", id="reload", show=False),
    ]

    class ViewLoaded(Message):
        """The worker read the member's security view (None: no such member)."""

        def __init__(self, view, now, error: str | None = None, live=None, messages=None) -> None:
            super().__init__()
            self.view = view
            self.now = now
            self.error = error
            self.live = live  # directory.LiveRead of this load (None: not read again)
            self.messages = messages or []

    class DirectoryAuditLoaded(Message):
        """The live directory's audit rows naming the member, or why they could not be read."""

        def __init__(self, rows: list | None, problem: str | None = None) -> None:
            super().__init__()
            self.rows, self.problem = rows, problem

    class TicketFound(Message):
        """The member's open ticket for the action menu (None: none, or several)."""

        def __init__(self, ticket: str | None) -> None:
            super().__init__()
            self.ticket = ticket

    def __init__(self, member_id: str) -> None:
        super().__init__()
        self.member_id = member_id
        self.view = None
        self.now = None
        self.error: str | None = None
        self.directory_audit = None  # DirectoryAuditLoaded, on a live tenant
        self.live = None  # the last directory.LiveRead (live tenant)
        self.messages: list = []

    def compose(self) -> ComposeResult:
        t = self.helpdesk.t
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        yield Static(id="live-marker")
        with TabbedContent(id="panes"):
            with TabPane(Content(t("tab.summary")), id="summary"):
                yield SecuritySummary(id="summary-pane")
            with TabPane(Content(t("tab.history")), id="history"):
                yield AccessHistory(id="history-pane")
                if self.helpdesk.backend.name != "tinydb":  # a live tenant's own login log
                    yield DirectoryAudit(id="directory-audit")
            with TabPane(Content(t("tab.devices")), id="devices"):
                yield DeviceList(id="devices-pane")
            with TabPane(Content(t("tab.login")), id="login"):
                yield LoginInfo(id="login-pane")
            with TabPane(Content(t("tab.messages")), id="messages"):
                yield MessageList(id="messages-pane")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._title()
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.query_one(SecuritySummary).show_message(Text(self.helpdesk.t("member.loading")))
        self.query_one(SecuritySummary).focus()
        self.load()
        if self.helpdesk.backend.name != "tinydb":
            self.load_directory_audit()

    # -- loading -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="member-view")
    def load(self, live: bool = True) -> None:
        """``live``: ask the directory first (on open and ``r``); a store change only re-reads
        the store (the mirror our own read just wrote must not trigger another GET)."""
        from helpdesk_tui.delivery import messages as delivery_messages
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        store = app.store
        now = clock.now()
        read = None
        try:
            if store is not None and live and app.backend.is_live:
                read = app.backend.read_member(store, self.member_id)  # LiveRead; never raises for the API
            view = security_view(store, self.member_id, now) if store is not None else None
            sent = delivery_messages(store, member_id=self.member_id) if view is not None else []
        except StoreError as problem:  # e.g. the member's file is damaged
            self.post_message(self.ViewLoaded(None, now, error=str(problem), live=read))
            return
        self.post_message(self.ViewLoaded(view, now, live=read, messages=sent))

    @work(thread=True, exclusive=True, group="member-directory-audit")
    def load_directory_audit(self) -> None:
        """Once per view: the API allows few audit downloads a minute."""
        from helpdesk_tui.lineworks import LineWorksError

        app = self.helpdesk
        member = app.store.get_member(self.member_id) if app.store is not None else None
        if member is None:
            return
        try:
            rows = app.backend.member_audit(member, clock.now())
        except LineWorksError as problem:
            self.post_message(self.DirectoryAuditLoaded(None, str(problem)))
            return
        self.post_message(self.DirectoryAuditLoaded(rows))

    def on_member_screen_directory_audit_loaded(self, message: DirectoryAuditLoaded) -> None:
        self.directory_audit = message
        self._show_directory_audit()

    def _show_directory_audit(self) -> None:
        found = self.query(DirectoryAudit)
        loaded = self.directory_audit
        if not found or loaded is None:
            return
        t = self.helpdesk.t
        title = t("member.directory-audit", label=self.helpdesk.backend.short_label())
        if loaded.problem is not None:
            found.first().show_problem(title, loaded.problem)
        else:
            found.first().show_rows(title, loaded.rows or [], t("member.directory-audit.none"))

    def on_member_screen_view_loaded(self, message: ViewLoaded) -> None:
        self.view, self.now, self.error = message.view, message.now, message.error
        if message.live is not None:
            self.live = message.live
        self.messages = message.messages
        self.render_view()

    def store_changed(self) -> None:
        """Another process wrote to the store: read the member again (from the store)."""
        self.load(live=False)

    def _show_live_marker(self) -> None:
        marker = self.query_one("#live-marker", Static)
        read = self.live
        text = read.marker(self.helpdesk.t, self._when) if read is not None else None
        marker.display = bool(text)
        if text:
            style = "bold green" if read.live and not read.gone else "bold red"
            marker.update(safe(text, style))

    def _when(self, moment) -> str:
        from helpdesk_tui.i18n import format_datetime

        return format_datetime(moment, self.helpdesk.lang) if moment else "—"

    # -- rendering -----------------------------------------------------------------
    def _title(self) -> None:
        app = self.helpdesk
        left = Text(app.t("member.title"))
        name = self.view.member.get("name") if self.view is not None else None
        if name:
            left.append(" · ")
            left.append_text(safe(name))
        self.query_one(TitleBar).show(left, app.operator_label())

    def render_view(self) -> None:
        app = self.helpdesk
        self._title()
        self._show_live_marker()
        summary = self.query_one(SecuritySummary)
        if self.view is None:
            if self.error:
                message = app.t("member.read-error", detail=visible(self.error))
            else:
                message = app.t("member.not-found", id=visible(self.member_id))
            summary.show_message(Text(message, style="bold red"))
            return
        fmt = Formatter(self.view, app.t, app.lang, self.now)
        summary.show(fmt)
        self.query_one(LoginInfo).show(fmt)
        self.query_one(AccessHistory).show(self.view.sessions, app.t, fmt.cell_when)
        self.query_one(DeviceList).show(self.view.devices, app.t, fmt.cell_when)
        self.query_one(MessageList).show(app.t("delivery.pane.title"), self.messages, app.t, fmt.when)

    def relabel(self) -> None:
        """Apply the current language (after a language switch)."""
        tabs = self.query_one(TabbedContent)
        for pane_id, key in PANES:
            tabs.get_tab(pane_id).label = Content(self.helpdesk.t(key))
        self.query_one(Banner).show(self.helpdesk.banner_text())
        if self.view is not None:
            self.render_view()
        else:
            self._title()
        self._show_directory_audit()

    # -- actions -------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_new_ticket(self) -> None:
        self.helpdesk.start_intake(self.member_id)

    def action_actions(self) -> None:
        self._find_ticket()

    @work(thread=True, exclusive=True, group="member-actions")
    def _find_ticket(self) -> None:
        from helpdesk_tui.tickets import open_tickets_for

        tickets = open_tickets_for(self.helpdesk.store, self.member_id)
        self.post_message(self.TicketFound(tickets[0]["id"] if len(tickets) == 1 else None))

    def on_member_screen_ticket_found(self, message: TicketFound) -> None:
        if self.is_current:
            self.helpdesk.open_action_menu(self.member_id, ticket=message.ticket)

    def action_reload(self) -> None:
        self.load(live=True)

    def action_show_pane(self, pane_id: str) -> None:
        self.query_one(TabbedContent).active = pane_id
        pane = self.query_one(f"#{pane_id}-pane")
        tables = pane.query(DataTable)
        (tables.first() if tables else pane).focus()
