"""Seed 002: moving the tenant's mail to a new server without losing a message.

Three panes (keys ``1``–``3`` outside a text field; ``escape`` leaves a text field, then
the screen):

1. Headers → IP: paste a message's headers; the current server's address appears with
   the hop it came from and why (or the clear message that there is none).
2. Checklist: the zero-loss steps with their state and seed citation; space / enter
   toggles the highlighted step (``mail.mark_step``; the IP found in pane 1 is recorded
   with the first step); the switch time is checked as it is typed (weekday 9:00–17:30,
   not the same day) and enter requests it (``mail.request_switch``).
3. Propagation: domain, new MX, old MX; rows per server fill in as they answer.

The mail layer decides every rule (role, order, hours) and audits it; the screen shows
its verdict in the operator's language. Store and DNS work run in thread workers.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, TabbedContent, TabPane, Tabs, TextArea

from helpdesk_tui import clock
from helpdesk_tui.dns import default_resolvers, servers_from
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.mail.steps import SEED as STEPS_SEED
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.checklist import MigrationChecklist
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.propagation_pane import PropagationPane
from helpdesk_tui.widgets.received_view import ReceivedPane
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


PANES = (("received", "migration-screen.tab-received"),
         ("checklist", "migration-screen.tab-checklist"),
         ("propagation", "migration-screen.tab-propagation"))
PANE_KEYS = Binding.Group("key.panes", compact=True)
FIRST_FOCUS = {"received": "#headers", "checklist": "#checklist-steps", "propagation": "#prop-domain"}


class MigrationScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    MigrationScreen TabbedContent { height: 1fr; }
    MigrationScreen TabPane { padding: 0; }
    MigrationScreen #switch-at { margin: 1 0 0 0; }
    MigrationScreen #checklist-notes { height: auto; max-height: 7; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("1", "show_pane('received')", "key.migration-received", id="migration-pane-received",
                group=PANE_KEYS),
        Binding("2", "show_pane('checklist')", "key.migration-checklist", id="migration-pane-checklist",
                group=PANE_KEYS),
        Binding("3", "show_pane('propagation')", "key.migration-propagation",
                id="migration-pane-propagation", group=PANE_KEYS),
    ]

    class Loaded(Message):
        """The checklist as stored now, or why it could not be read / changed."""

        def __init__(self, checklist=None, problem=None) -> None:
            super().__init__()
            self.checklist, self.problem = checklist, problem

    def __init__(self, resolvers=None, authoritative=None, timeout: float = 3.0) -> None:
        super().__init__()
        self.resolvers = default_resolvers() if resolvers is None else list(servers_from(resolvers))
        self.authoritative = list(servers_from(authoritative)) or None
        self.timeout = timeout
        self.checklist = None
        self.problem = None  # the last refusal (a LocalizedError or a plain message)

    def compose(self) -> ComposeResult:
        t = self.helpdesk.t
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        with TabbedContent(id="migration-panes"):
            with TabPane(Content(t("migration-screen.tab-received")), id="received"):
                yield ReceivedPane(id="received-pane")
            with TabPane(Content(t("migration-screen.tab-checklist")), id="checklist"):
                yield MigrationChecklist(id="checklist-steps")
                yield Input(id="switch-at", compact=True, max_length=40)
                with VerticalScroll(id="checklist-notes"):
                    yield Static(id="switch-verdict")
                    yield Static(id="checklist-status")
            with TabPane(Content(t("migration-screen.tab-propagation")), id="propagation"):
                yield PropagationPane(self.resolvers, self.authoritative, self.timeout, id="propagation-pane")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.relabel()
        self.query_one("#headers", TextArea).focus()
        self.load()

    # -- the checklist, in workers ------------------------------------------------------
    @work(thread=True, exclusive=True, group="migration-store")
    def load(self) -> None:
        from helpdesk_tui.mail import load_checklist
        from helpdesk_tui.store import StoreError

        try:
            self.post_message(self.Loaded(load_checklist(self.helpdesk.store)))
        except StoreError as problem:
            self.post_message(self.Loaded(problem=str(problem)))

    @work(thread=True, exclusive=True, group="migration-store")
    def change(self, step: str, done: bool, *, server_ip: str | None = None, switch_at=None,
               old_ttl: int | None = None) -> None:
        from helpdesk_tui.mail import MigrationError, mark_step, request_switch
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        try:
            if switch_at is not None:
                current = request_switch(app.store, app.operator, switch_at)
            else:
                current = mark_step(app.store, app.operator, step, done=done, server_ip=server_ip,
                                    old_ttl=old_ttl)
        except (MigrationError, StoreError) as problem:
            self.post_message(self.Loaded(problem=problem))
            return
        self.post_message(self.Loaded(current))

    def on_migration_screen_loaded(self, message: Loaded) -> None:
        self.problem = message.problem
        if message.checklist is not None:
            self.checklist = message.checklist
            self.query_one(PropagationPane).checklist = message.checklist  # old IP, new server
        self._checklist()
        self._verdict()  # the TTL step may move the earliest safe switch

    def store_changed(self) -> None:
        self.load()

    @on(MigrationChecklist.Toggle)
    def _toggle(self, message: MigrationChecklist.Toggle) -> None:
        if message.step == "switch-requested" and not message.done:
            at = self._switch_time()
            if at is None:
                self.problem = self.helpdesk.t("migration-screen.switch-needs-time")
                self._checklist()
                self.query_one("#switch-at", Input).focus()
                return
            self.change(message.step, True, switch_at=at)
            return
        if message.step == "ttl-lowered" and not message.done:
            self._ask_old_ttl()
            return
        found = self.query_one(ReceivedPane).result
        ip = found.ip if found is not None and message.step == "server-ip-found" and not message.done else None
        self.change(message.step, not message.done, server_ip=ip)

    def _ask_old_ttl(self) -> None:
        """The TTL the MX had before it was lowered: caches may keep the old MX that long."""
        from helpdesk_tui.screens.text_prompt import TextPromptModal

        t = self.helpdesk.t

        def preview(text: str) -> tuple[Text, bool]:
            value = text.strip()
            ok = value.isdigit() and int(value) < 2**31
            shown = "" if ok else t("mail.error.bad-ttl", ttl=value)
            return Text(shown, style="bold red"), ok

        prompt = TextPromptModal(t("migration-screen.ttl-title"), placeholder=t("migration-screen.ttl-placeholder"),
                                 hint=t("migration-screen.ttl-hint"), preview=preview, max_length=10)
        self.app.push_screen(prompt, lambda text: self.change("ttl-lowered", True, old_ttl=int(text))
                             if text else None)

    # -- the switch time ----------------------------------------------------------------
    def _switch_time(self):
        """The typed time when it parses and meets the provider's hours, else None."""
        from helpdesk_tui.mail import check_switch_time, parse_switch_time

        text = self.query_one("#switch-at", Input).value.strip()
        try:
            at = parse_switch_time(text)
        except ValueError:
            return None
        if self.checklist is not None and self.checklist.switch_too_soon(at) is not None:
            return None
        return at if check_switch_time(at, clock.now()).ok else None

    @on(Input.Changed, "#switch-at")
    def _switch_typed(self) -> None:
        self._verdict()

    @on(Input.Submitted, "#switch-at")
    def _switch_submitted(self) -> None:
        at = self._switch_time()
        if at is not None:
            self.change("switch-requested", True, switch_at=at)

    def _verdict(self) -> None:
        from helpdesk_tui.mail import check_switch_time, parse_switch_time

        t, lang = self.helpdesk.t, self.helpdesk.lang
        text = self.query_one("#switch-at", Input).value.strip()
        widget = self.query_one("#switch-verdict", Static)
        if not text:
            widget.update(Text(t("migration-screen.switch-hint"), style="italic"))
            return
        try:
            verdict = check_switch_time(parse_switch_time(text), clock.now())
        except ValueError:
            widget.update(safe(t("migration-screen.switch-unreadable", text=text), "bold red"))
            return
        when = format_datetime(verdict.at, lang)
        ready = self.checklist.switch_too_soon(verdict.at) if self.checklist is not None else None
        if verdict.ok and ready is not None:  # the provider's hours are met, the TTL is not
            shown = Text(t("migration-screen.switch-ttl-too-soon", ready=format_datetime(ready, lang)),
                         style="bold red")
        elif verdict.ok:
            shown = Text(t("migration-screen.switch-ok", at=when), style="bold green")
            shown.append("\n" + t("mail.switch.holidays"), style="yellow")
        else:
            problems = ", ".join(t("mail.switch.problem." + p) for p in verdict.problems)
            shown = Text(t("migration-screen.switch-refused", at=when, problems=problems), style="bold red")
            if verdict.suggestion is not None:
                shown.append("  " + t("mail.switch.suggest", at=format_datetime(verdict.suggestion, lang)))
        widget.update(shown)

    # -- showing ------------------------------------------------------------------------
    def _checklist(self) -> None:
        app = self.helpdesk
        t, lang = app.t, app.lang
        current = self.checklist
        if current is not None:
            self.query_one(MigrationChecklist).show(current, t, lang)
        out = Text()
        if self.problem is not None:
            message = self.problem.message(lang) if hasattr(self.problem, "message") else str(self.problem)
            out.append_text(safe(message, "bold red", max_length=2000))
            out.append("\n")
        if current is not None:
            if current.server_ip:
                out.append_text(safe(t("mail.checklist.server_ip", ip=current.server_ip)))
                out.append("\n")
            if current.ttl_ready_at:
                out.append(t("mail.checklist.ttl_ready", ttl=current.old_ttl,
                             ready=format_datetime(current.ttl_ready_at, lang)) + "\n", style="yellow")
            if current.switch_at:
                out.append(t("mail.checklist.switch_at", at=format_datetime(current.switch_at, lang)) + "\n")
                out.append(t("mail.checklist.parallel_until",
                             until=format_datetime(current.parallel_until, lang)) + "\n", style="yellow")
            if current.complete:
                out.append(t("mail.checklist.complete"), style="bold green")
            else:
                out.append(t("mail.checklist.next", step=t("mail.step." + current.next_step)), style="bold")
            out.append("\n" + t("mail.checklist.source", seed=STEPS_SEED), style="italic dim")
        self.query_one("#checklist-status", Static).update(out)

    def relabel(self) -> None:
        app = self.helpdesk
        self.query_one(TitleBar).show(Text(app.t("migration-screen.title")), app.operator_label())
        tabs = self.query_one(TabbedContent)
        for pane_id, key in PANES:
            tabs.get_tab(pane_id).label = Content(app.t(key))
        self.query_one("#switch-at", Input).placeholder = app.t("migration-screen.switch-placeholder")
        self.query_one(ReceivedPane).relabel()
        self.query_one(PropagationPane).relabel()
        self._verdict()
        self._checklist()

    # -- keys ---------------------------------------------------------------------------
    def action_show_pane(self, pane_id: str) -> None:
        self.query_one(TabbedContent).active = pane_id
        self.query_one(FIRST_FOCUS[pane_id]).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_pane" and isinstance(self.focused, (Input, TextArea)):
            return False  # the digit goes into the text field
        return True

    def action_back(self) -> None:
        if isinstance(self.focused, (Input, TextArea)):
            self.query_one(TabbedContent).query_one(Tabs).focus()  # leave the text field first
            return
        self.dismiss()
