"""The ticket queue: open and pending tickets, the caller who has waited longest first.

Single keys filter (``a`` active, ``o`` open, ``p`` pending, ``m`` assigned to me, ``c``
resolved / closed history); ``enter`` opens the ticket under the cursor. Tickets are read
in a thread worker: when the screen is shown or brought back, when the store changed,
and on a slow timer (other operators write tickets too, and the waits keep growing).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from helpdesk_tui import clock
from helpdesk_tui.clock import parse_iso
from helpdesk_tui.safe_text import visible
from helpdesk_tui.tickets import ACTIVE_STATUSES
from helpdesk_tui.tickets.model import format_waited
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.ticket_table import TicketTable
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


# Seconds between re-reads while the queue is the screen on top.
QUEUE_REFRESH_SECONDS = 10.0

# filter → (statuses, only the operator's own tickets)
FILTERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "active": (ACTIVE_STATUSES, False),
    "open": (("open",), False),
    "pending": (("pending",), False),
    "mine": (ACTIVE_STATUSES, True),
    "history": (("resolved", "closed"), False),
}
FILTER_KEYS = {"active": "a", "open": "o", "pending": "p", "mine": "m", "history": "c"}
FILTER_GROUP = Binding.Group("key.queue-filter", compact=True)


class QueueScreen(HelpdeskScreenMixin, Screen):
    """Filter line, status line and the ticket table (or a message when it is empty)."""

    DEFAULT_CSS = """
    QueueScreen #queue-filters, QueueScreen #queue-status {
        height: 1;
        padding: 0 1;
    }
    QueueScreen #queue-status {
        color: $text-muted;
    }
    QueueScreen #queue-empty {
        display: none;
        height: 1fr;
        padding: 1 2;
        text-style: italic;
    }
    QueueScreen.-empty #queue-empty {
        display: block;
    }
    QueueScreen.-empty TicketTable {
        display: none;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        # Not a priority binding: in a burst of keys enter must come after the keys before
        # it (the table's own enter selects the row: _row_selected opens it).
        Binding("enter", "open_ticket", "key.queue-open", id="queue-open"),
        *(Binding(key, f"filter('{name}')", f"key.queue-filter-{name}", id=f"queue-filter-{name}", group=FILTER_GROUP)
          for name, key in FILTER_KEYS.items()),
        Binding("r", "reload", "key.reload", id="reload", show=False),
    ]

    class Loaded(Message):
        """The worker read the tickets of ``filter`` (``error`` when it could not)."""

        def __init__(self, filter: str, tickets: list[dict], now, error: str | None = None) -> None:
            super().__init__()
            self.filter, self.tickets, self.now, self.error = filter, tickets, now, error

    def __init__(self, filter: str = "active") -> None:
        super().__init__()
        self.filter = filter
        self.tickets: list[dict] | None = None
        self.now = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        yield Static(id="queue-filters")
        yield Static(id="queue-status")
        yield TicketTable(id="queue")
        yield Static(id="queue-empty")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(TicketTable).focus()
        self.set_interval(QUEUE_REFRESH_SECONDS, self._tick)
        self.reload()

    def on_screen_resume(self) -> None:
        if self.tickets is not None:  # back from a ticket: it may have changed
            self.reload()

    # -- reading ---------------------------------------------------------------------
    def reload(self) -> None:
        """Read the tickets again (the app calls it when the queue is brought back)."""
        self.load(self.filter, self.helpdesk.operator)

    def _tick(self) -> None:
        if self.is_current:
            self.reload()

    def store_changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="queue-load")
    def load(self, filter: str, operator: dict | None) -> None:
        from helpdesk_tui.store import StoreError
        from helpdesk_tui.tickets import TicketError, list_tickets

        store = self.helpdesk.store
        now = clock.now()
        if store is None:
            return
        statuses, mine = FILTERS[filter]
        assignee = (operator or {}).get("username") if mine else None
        try:
            tickets = list_tickets(store, statuses=statuses, assignee=assignee)
        except (StoreError, TicketError, OSError) as problem:
            self.post_message(self.Loaded(filter, [], now, error=str(problem)))
            return
        if filter == "history":  # the most recently finished first
            tickets.sort(key=lambda tk: tk.get("status_changed_at") or "", reverse=True)
        self.post_message(self.Loaded(filter, tickets, now))

    def on_queue_screen_loaded(self, message: Loaded) -> None:
        if message.filter != self.filter:
            return  # an answer for a filter the operator has since left
        self.tickets, self.now, self.error = message.tickets, message.now, message.error
        self.render_queue()

    # -- rendering -------------------------------------------------------------------
    def _waited(self, ticket: dict) -> float:
        """Seconds waited so far; for the history, how long the ticket stayed open."""
        start = parse_iso(ticket["created_at"])
        if ticket.get("status") in ACTIVE_STATUSES or not ticket.get("status_changed_at"):
            end = self.now
        else:
            end = parse_iso(ticket["status_changed_at"])
        return max(0.0, (end - start).total_seconds())

    def _member_label(self, member_id: str) -> str:
        index = self.helpdesk.index
        record = index.get(member_id) if index is not None else None
        return (record or {}).get("name") or member_id

    def render_queue(self) -> None:
        app, t = self.helpdesk, self.helpdesk.t
        table = self.query_one(TicketTable)
        status = self.query_one("#queue-status", Static)
        if self.tickets is None:
            self.remove_class("-empty")
            status.update(Text(t("queue.loading")))
            return
        rows = [(tk, self._waited(tk), self._member_label(tk["member_id"])) for tk in self.tickets]
        me = (app.operator or {}).get("username")
        count = table.show_tickets(rows, t, me)
        self.set_class(count == 0, "-empty")
        if count and self.focused is None:  # the table was hidden while empty
            table.focus()
        if self.error:
            status.update(Text(t("queue.read-error", detail=visible(self.error)), style="bold red"))
        elif self.filter == "history":
            status.update(Text(t("queue.count-history", count=count)))
        elif count:
            longest = max(waited for _tk, waited, _m in rows)
            status.update(Text(t("queue.count", count=count, waited=format_waited(longest, t))))
        else:
            status.update(Text(""))
        self.query_one("#queue-empty", Static).update(
            Text(t(f"queue.empty.{self.filter}") + "\n\n" + t("queue.empty-hint"))
        )

    def _filters_line(self) -> Text:
        t = self.helpdesk.t
        line = Text()
        for name, key in FILTER_KEYS.items():
            line.append(f" {key} ", style="bold")
            line.append(f" {t(f'queue.filter.{name}')} ", style="reverse bold" if name == self.filter else "")
            line.append(" ")
        return line

    def relabel(self) -> None:
        """Apply the current language (and the current filter) to every label."""
        app, t = self.helpdesk, self.helpdesk.t
        title = Text(t("queue.title"))
        title.append(" · " + t(f"queue.filter.{self.filter}"))
        self.query_one(TitleBar).show(title, app.operator_label())
        self.query_one(Banner).show(app.banner_text())
        self.query_one("#queue-filters", Static).update(self._filters_line())
        took = {"waited": "queue.col.took"} if self.filter == "history" else None
        self.query_one(TicketTable).set_labels(t, took)
        self.render_queue()

    def index_changed(self) -> None:
        """Member names come from the index: show them once it is (re)built."""
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.render_queue()

    # -- actions ---------------------------------------------------------------------
    def action_filter(self, name: str) -> None:
        if name == self.filter:
            self.reload()
            return
        self.filter = name
        self.tickets = None
        self.query_one(TicketTable).clear()
        self.relabel()
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_open_ticket(self) -> None:
        ticket_id = self.query_one(TicketTable).current_ticket_id
        if ticket_id is not None:
            self.helpdesk.open_ticket(ticket_id)

    @on(DataTable.RowSelected, "#queue")
    def _row_selected(self, event: DataTable.RowSelected) -> None:  # enter on the table, a click
        if event.row_key.value is not None:
            self.helpdesk.open_ticket(event.row_key.value)

    def action_back(self) -> None:
        self.dismiss()
