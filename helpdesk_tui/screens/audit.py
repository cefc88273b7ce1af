"""The audit log: who did what, newest first, and a check that nobody edited it.

``AuditScreen(member=…, ticket=…, operator=…)`` opens on the narrowest of the filters
given; ``f`` cycles through those that apply (all / this member / this ticket / that
operator / mine). An agent only ever sees their own entries (audit/query.py), so "mine"
is offered only to supervisors and admins. ``v`` verifies the hash chain in a worker and
shows "intact" or the first bad entry. The line under the table details the highlighted
entry. Entries are read in a thread worker when the screen is shown, on ``r`` and when
the store changed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from helpdesk_tui.audit.query import sees_everything
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.audit_table import AuditTable, entry_details
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import joined, safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


# The newest entries read for the table (the log may hold a million).
AUDIT_SCREEN_LIMIT = 500


class AuditScreen(HelpdeskScreenMixin, Screen):
    """Filter line, status line, verification line, the entries and the detail line."""

    DEFAULT_CSS = """
    AuditScreen #audit-filters {
        height: 1;
        padding: 0 1;
    }
    AuditScreen #audit-status {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    AuditScreen #audit-verify {
        height: auto;
        max-height: 3;
        padding: 0 1;
        color: $text-muted;
    }
    AuditScreen #audit-verify.-intact {
        color: $success;
        text-style: bold;
    }
    AuditScreen #audit-verify.-broken {
        background: $error;
        color: $text;
        text-style: bold;
    }
    AuditScreen #audit-detail {
        height: 3;
        padding: 0 1;
        border-top: solid $primary 50%;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("v", "verify", "key.audit-verify", id="audit-verify"),
        Binding("f", "next_filter", "key.audit-filter", id="audit-filter"),
        Binding("r", "reload", "key.reload", id="reload", show=False),
    ]

    class Loaded(Message):
        """The worker read the entries of ``filter`` (``error`` when it could not)."""

        def __init__(self, filter: str, entries: list[dict], error: str | None = None) -> None:
            super().__init__()
            self.filter, self.entries, self.error = filter, entries, error

    class Verified(Message):
        """The chain verdict (a ChainReport), or ``error`` when it could not be checked."""

        def __init__(self, report, error: str | None = None) -> None:
            super().__init__()
            self.report, self.error = report, error

    def __init__(self, member: str | None = None, ticket: str | None = None,
                 operator: str | None = None) -> None:
        super().__init__()
        self.member, self.ticket, self.operator = member, ticket, operator
        given = [name for name, value in (("ticket", ticket), ("member", member), ("operator", operator)) if value]
        self.filter = given[0] if given else "all"
        self.entries: list[dict] | None = None
        self.error: str | None = None
        self.report = None  # the last ChainReport; "running" while a check runs
        self.verify_error: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        yield Static(id="audit-filters")
        yield Static(id="audit-status")
        yield Static(id="audit-verify")
        yield AuditTable(id="audit-table")
        yield Static(id="audit-detail")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(AuditTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.entries is not None:
            self.reload()

    # -- filters ---------------------------------------------------------------------
    def filters(self) -> list[str]:
        """The filters that apply here, in the order ``f`` cycles through them."""
        me = self._me()
        names = ["all"]
        names += [name for name, value in (("member", self.member), ("ticket", self.ticket)) if value]
        if self.operator and self.operator != me:
            names.append("operator")
        if sees_everything(self.helpdesk.operator) and me:
            names.append("mine")  # an agent's "all" is already their own entries
        return names

    def _me(self) -> str | None:
        return (self.helpdesk.operator or {}).get("username")

    def _query(self, name: str) -> dict:
        return {"all": {}, "member": {"member": self.member}, "ticket": {"ticket": self.ticket},
                "operator": {"operator": self.operator}, "mine": {"operator": self._me()}}[name]

    def _filter_label(self, name: str) -> str:
        t = self.helpdesk.t
        return t(f"audit.filter.{name}", member=visible(self.member, max_length=24),
                 ticket=visible(self.ticket), operator=visible(self.operator, max_length=16))

    # -- reading ---------------------------------------------------------------------
    def reload(self) -> None:
        self.load(self.filter, self._query(self.filter), self.helpdesk.operator)

    def store_changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="audit-load")
    def load(self, filter: str, query: dict, viewer: dict | None) -> None:
        from helpdesk_tui.audit.query import find_entries
        from helpdesk_tui.store import StoreError

        store = self.helpdesk.store
        if store is None:
            return
        try:
            entries = find_entries(store, limit=AUDIT_SCREEN_LIMIT, viewer=viewer, **query)
        except (StoreError, OSError) as problem:
            self.post_message(self.Loaded(filter, [], error=str(problem)))
            return
        self.post_message(self.Loaded(filter, entries))

    def on_audit_screen_loaded(self, message: Loaded) -> None:
        if message.filter != self.filter:
            return  # an answer for a filter the operator has since left
        self.entries, self.error = message.entries, message.error
        self.render_entries()

    @work(thread=True, exclusive=True, group="audit-verify")
    def verify(self) -> None:
        from helpdesk_tui.audit.verify import verify_chain
        from helpdesk_tui.store import StoreError

        store = self.helpdesk.store
        if store is None:
            return
        try:
            self.post_message(self.Verified(verify_chain(store)))
        except (StoreError, OSError) as problem:
            self.post_message(self.Verified(None, error=str(problem)))

    def on_audit_screen_verified(self, message: Verified) -> None:
        self.report, self.verify_error = message.report, message.error
        self.render_verdict()

    # -- rendering -------------------------------------------------------------------
    def render_entries(self) -> None:
        t = self.helpdesk.t
        table = self.query_one(AuditTable)
        status = self.query_one("#audit-status", Static)
        if self.entries is None:
            status.update(Text(t("audit.loading")))
            return
        count = table.show_entries(self.entries, t)
        if self.error:
            line = Text(t("audit.read-error", detail=visible(self.error)), style="bold red")
        elif not count:
            line = Text(t("audit.empty"))
        else:
            line = Text(t("audit.count-limited" if count >= AUDIT_SCREEN_LIMIT else "audit.count", count=count))
        if not sees_everything(self.helpdesk.operator):
            line.append("  " + t("audit.only-own"), style="italic")
        status.update(line)
        self.render_detail()

    def render_detail(self) -> None:
        t, lang = self.helpdesk.t, self.helpdesk.lang
        entry = self.query_one(AuditTable).current_entry
        detail = self.query_one("#audit-detail", Static)
        if entry is None:
            detail.update(Text(""))
            return
        connection = entry.get("connection") or {}
        where = " ".join(str(part) for part in (connection.get("ssh_client") or connection.get("os_user"),
                                                 connection.get("tty")) if part)
        # A literal Text (never markup); data made visible before it is filled in.
        line = Text(t("audit.detail.entry", seq=entry.get("seq"), operator=visible(entry.get("operator"), max_length=24),
                      connection=visible(where or "-", max_length=40),
                      when=format_datetime(entry.get("at"), lang))
                    if "seq" in entry else t("audit.detail.unchained"))
        line.append("\n")
        line.append_text(joined([safe(entry.get("member")), safe(entry.get("ticket")),
                                 safe(entry_details(entry, t), max_length=400)]))
        detail.update(line)

    def render_verdict(self) -> None:
        from helpdesk_tui.audit.verify import report_text

        t = self.helpdesk.t
        widget = self.query_one("#audit-verify", Static)
        broken = self.report is not None and self.report != "running" and not self.report.ok
        widget.set_class(broken or bool(self.verify_error), "-broken")
        widget.set_class(self.report not in (None, "running") and not broken, "-intact")
        if self.verify_error:
            widget.update(Text(t("audit.verify.error", detail=visible(self.verify_error))))
        elif self.report is None:
            widget.update(Text(t("audit.verify.hint")))
        elif self.report == "running":
            widget.update(Text(t("audit.verify.running")))
        else:
            widget.update(Text(visible(report_text(self.report, t))))

    def _filters_line(self) -> Text:
        line = Text()
        line.append(" f ", style="bold")
        for name in self.filters():
            line.append(" ")
            line.append(f" {self._filter_label(name)} ", style="reverse bold" if name == self.filter else "")
        return line

    def relabel(self) -> None:
        """Apply the current language (and the current filter) to every label."""
        app, t = self.helpdesk, self.helpdesk.t
        names = self.filters()
        if self.filter == "operator" and self.operator == self._me():
            self.filter = "mine"  # opened on the operator's own entries
        if self.filter not in names:
            self.filter = "all"
        title = Text(t("audit.title"))
        title.append(" · " + self._filter_label(self.filter))
        self.query_one(TitleBar).show(title, app.operator_label())
        self.query_one(Banner).show(app.banner_text())
        self.query_one("#audit-filters", Static).update(self._filters_line())
        self.query_one(AuditTable).set_labels(t)
        self.render_entries()
        self.render_verdict()

    def index_changed(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())

    # -- actions ---------------------------------------------------------------------
    def action_next_filter(self) -> None:
        names = self.filters()
        self.filter = names[(names.index(self.filter) + 1) % len(names)] if self.filter in names else "all"
        self.entries = None
        self.query_one(AuditTable).clear()
        self.relabel()
        self.reload()

    def action_verify(self) -> None:
        if self.report == "running":
            return
        self.report, self.verify_error = "running", None
        self.render_verdict()
        self.verify()

    def action_reload(self) -> None:
        self.reload()

    @on(DataTable.RowHighlighted, "#audit-table")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.render_detail()

    def action_back(self) -> None:
        self.dismiss()

