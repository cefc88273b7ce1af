"""One ticket: who, what, how the caller's identity was verified, and the timeline.

Keys: ``t`` continue triage, ``v`` verify identity, ``n`` note, ``p`` / ``o`` / ``r``
pending / reopen / resolved, ``c`` close (a resolution note is required), ``m`` the
member's security view, ``a`` the actions on the member (the triage conclusion's
recommended ones first). Reads and writes run in thread workers; a refusal from the
ticket layer is shown and changes nothing. A closed ticket takes no more writes: its
footer offers only ``o``, which reopens it (a note says why; audited).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from helpdesk_tui import clock
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.ticket_facts import TicketFacts
from helpdesk_tui.widgets.timeline_view import TimelineView
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


# Seconds between re-reads while the ticket is on top (another operator may add to it).
TICKET_REFRESH_SECONDS = 10.0
WRITES = {"triage", "verify", "note", "set_status", "close_ticket", "actions"}
STATUS_KEYS = Binding.Group("key.ticket-status", compact=True)


class TicketScreen(HelpdeskScreenMixin, Screen):
    """Facts on top, the timeline below (it takes the focus: arrows scroll it)."""

    DEFAULT_CSS = """
    TicketScreen #ticket-closed {
        display: none;
        height: auto;
        padding: 0 1;
        background: $warning-muted;
        text-style: bold;
    }
    TicketScreen.-closed #ticket-closed {
        display: block;
    }
    TicketScreen #ticket-facts {
        height: auto;
        max-height: 50%;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("t", "triage", "key.continue-triage", id="ticket-triage"),
        Binding("v", "verify", "key.verify-identity", id="ticket-verify"),
        Binding("n", "note", "key.ticket-note", id="ticket-note"),
        Binding("p", "set_status('pending')", "key.ticket-pending", id="ticket-pending", group=STATUS_KEYS),
        Binding("o", "set_status('open')", "key.ticket-reopen", id="ticket-reopen", group=STATUS_KEYS),
        Binding("r", "set_status('resolved')", "key.ticket-resolve", id="ticket-resolve", group=STATUS_KEYS),
        Binding("c", "close_ticket", "key.close-ticket", id="ticket-close"),
        Binding("m", "member", "key.member-view", id="ticket-member"),
        Binding("a", "actions", "key.actions", id="ticket-actions"),
    ]

    class Loaded(Message):
        """The worker read the ticket (``view`` None: not found or unreadable)."""

        def __init__(self, view, now, error: str | None = None) -> None:
            super().__init__()
            self.view, self.now, self.error = view, now, error

    class Written(Message):
        """A write finished: ``done`` is the confirmation label key, ``error`` a refusal."""

        def __init__(self, done: str, params: dict, error: str | None = None) -> None:
            super().__init__()
            self.done, self.params, self.error = done, params, error

    def __init__(self, ticket_id: str) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.view = None
        self.now = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        yield Static(id="ticket-closed")
        with VerticalScroll(id="ticket-facts"):
            yield TicketFacts(id="facts")
        yield TimelineView(id="timeline")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(TicketFacts).update(Text(self.helpdesk.t("ticket-screen.loading")))
        self.query_one(TimelineView).focus_body()
        self.set_interval(TICKET_REFRESH_SECONDS, self._tick)
        self.relabel()
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:  # back from triage or the member view
            self.load()

    # -- reading ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="ticket-load")
    def load(self) -> None:
        from helpdesk_tui.store import StoreError
        from helpdesk_tui.tickets import TicketError, TicketNotFound, get_ticket

        now = clock.now()
        try:
            view = get_ticket(self.helpdesk.store, self.ticket_id)
        except TicketNotFound:
            self.post_message(self.Loaded(None, now))
            return
        except (StoreError, TicketError, OSError) as problem:
            self.post_message(self.Loaded(None, now, error=str(problem)))
            return
        self.post_message(self.Loaded(view, now))

    def on_ticket_screen_loaded(self, message: Loaded) -> None:
        self.view, self.now, self.error = message.view, message.now, message.error
        self.set_class(self.closed, "-closed")
        self.render_ticket()
        self.refresh_bindings()

    def _tick(self) -> None:
        if self.is_current:
            self.load()

    def store_changed(self) -> None:
        self.load()

    @property
    def closed(self) -> bool:
        return self.view is not None and self.view.status == "closed"

    # -- rendering -------------------------------------------------------------------
    def when(self, moment) -> str:
        return format_datetime(moment, self.helpdesk.lang)

    def _title(self) -> None:
        app = self.helpdesk
        shown_id = self.view.id if self.view is not None else self.ticket_id
        left = Text(app.t("ticket-screen.title", id=visible(shown_id)))
        name = (self.view.member or {}).get("name") if self.view is not None else None
        if name:
            left.append(" · ")
            left.append_text(safe(name, max_length=40))
        self.query_one(TitleBar).show(left, app.operator_label())

    def render_ticket(self) -> None:
        t = self.helpdesk.t
        self._title()
        facts = self.query_one(TicketFacts)
        if self.view is None:
            if self.now is None:
                return
            key = "ticket-screen.read-error" if self.error else "ticket-screen.not-found"
            facts.update(Text(t(key, id=visible(self.ticket_id), detail=visible(self.error)), style="bold red"))
            return
        facts.show_ticket(self.view, t, self.when, self.now)
        self.query_one("#ticket-closed", Static).update(Text(t("ticket-screen.closed")))
        timeline = self.view.timeline
        self.query_one(TimelineView).show(t("ticket-screen.timeline", count=len(timeline)), timeline,
                                          self.helpdesk.catalogue, self.when)

    def relabel(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.render_ticket()

    def index_changed(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.refresh_bindings()

    # -- writing ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in WRITES:
            return True
        view = self.view
        if self.closed:  # only reopening is offered; the other writes would be refused
            if action == "set_status" and parameters and parameters[0] == "open":
                return None if self.helpdesk.read_only else True
            return False
        if action == "set_status" and view is not None and parameters and parameters[0] == view.status:
            return False  # already so: nothing to offer
        if action == "triage":
            from helpdesk_tui.triage import TRIAGE_SYMPTOMS

            if view is not None and view.ticket["symptom"] not in TRIAGE_SYMPTOMS:
                return False
        if view is None or self.closed or self.helpdesk.read_only:
            return None  # shown, but disabled
        return True

    def write(self, function, *args, done: str, params: dict | None = None, **kwargs) -> None:
        """``function(store, operator, ticket_id, *args, **kwargs)`` in a worker."""
        if self.view is not None:
            self._write(partial(function, self.helpdesk.store, self.helpdesk.operator, self.view.id, *args, **kwargs),
                        done, params or {})

    @work(thread=True, group="ticket-write")
    def _write(self, change, done: str, params: dict) -> None:
        from helpdesk_tui.store import StoreError
        from helpdesk_tui.tickets import TicketError

        try:
            change()
        except (TicketError, StoreError, OSError) as problem:
            self.post_message(self.Written(done, params, error=str(problem)))
            return
        self.post_message(self.Written(done, params))

    def on_ticket_screen_written(self, message: Written) -> None:
        t = self.helpdesk.t
        if message.error:
            self.notify(t("ticket-screen.refused", detail=visible(message.error)), severity="error", markup=False)
        else:
            params = {k: t(v) for k, v in message.params.items()}
            self.notify(t(message.done, **params), timeout=3, markup=False)
        self.load()

    def action_verify(self) -> None:
        from helpdesk_tui.screens.verify import VerifyModal
        from helpdesk_tui.tickets import record_verification

        def chosen(choice) -> None:
            if choice is not None:
                self.write(record_verification, choice.method, note=choice.note, done="ticket-screen.saved.verify")

        self.app.push_screen(VerifyModal(self.view.member, ticket=self.ticket_id), chosen)

    def action_note(self) -> None:
        from helpdesk_tui.screens.note import NoteModal
        from helpdesk_tui.tickets import add_note

        def typed(text: str | None) -> None:
            if text:
                self.write(add_note, text, done="ticket-screen.saved.note")

        self.app.push_screen(NoteModal(self.helpdesk.t("note.add-title", id=self.view.id), required=True), typed)

    def action_close_ticket(self) -> None:
        from helpdesk_tui.screens.note import NoteModal
        from helpdesk_tui.tickets import close_ticket

        def typed(text: str | None) -> None:
            if text:
                self.write(close_ticket, text, done="ticket-screen.saved.close")

        self.app.push_screen(NoteModal(self.helpdesk.t("note.close-title", id=self.view.id), required=True), typed)

    def action_set_status(self, status: str) -> None:
        from helpdesk_tui.tickets import set_status

        if self.closed and status == "open":
            self._reopen()
            return
        self.write(set_status, status, done="ticket-screen.saved.status", params={"status": f"ticket.status.{status}"})

    def _reopen(self) -> None:
        from helpdesk_tui.screens.note import NoteModal
        from helpdesk_tui.tickets import reopen_ticket

        def typed(text: str | None) -> None:
            if text:
                self.write(reopen_ticket, text, done="console.ticket.reopened")

        self.app.push_screen(NoteModal(self.helpdesk.t("console.ticket.reopen-title", id=self.view.id),
                                       required=True), typed)

    def action_triage(self) -> None:
        self.helpdesk.open_triage(self.view.id)

    def action_member(self) -> None:
        if self.view is not None:
            self.helpdesk.open_member(self.view.ticket["member_id"])

    def action_actions(self) -> None:
        """The action menu; it puts this ticket's recommended actions first."""
        if self.view is not None:
            self.helpdesk.open_action_menu(self.view.ticket["member_id"], ticket=self.view.id)

    def action_back(self) -> None:
        self.dismiss()

