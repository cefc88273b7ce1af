"""Ticket intake for one member: who they are (status at a glance, other open tickets),
the symptom with one key, the channel and priority, notes — then straight into triage.

Keys: ``c`` / ``p`` cycle channel / priority and ``tab`` moves to the notes first; then
``1``–``9`` pick the symptom and open the ticket in one key (``enter`` or ``ctrl+s`` on
the highlighted symptom does the same). ``o`` opens the member's other open ticket
instead (a choice when there are several), so a second call does not make a duplicate.
Reads and the write run in thread workers.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from helpdesk_tui import clock
from helpdesk_tui.glossary import CHANNELS, SYMPTOMS
from helpdesk_tui.phone import national
from helpdesk_tui.tickets import PRIORITIES
from helpdesk_tui.tickets.model import format_waited
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.fact_list import FactList
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import joined, safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


SYMPTOM_KEYS = Binding.Group("key.pick-symptom", compact=True)


class IntakeScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    IntakeScreen #intake-body { height: 1fr; }
    IntakeScreen #symptoms { height: auto; max-height: 11; border: round $primary; padding: 0 1; }
    IntakeScreen #symptoms:focus { border: round $accent; }
    IntakeScreen #intake-options { height: 1; padding: 0 1; }
    IntakeScreen #notes { margin: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        *(Binding(str(n), f"pick({n})", "key.pick-symptom", id=f"pick-{n}", group=SYMPTOM_KEYS)
          for n in range(1, len(SYMPTOMS) + 1)),
        Binding("o", "open_other", "key.open-other-ticket", id="open-other-ticket"),
        Binding("c", "cycle('channel')", "key.channel", id="cycle-channel"),
        Binding("p", "cycle('priority')", "key.priority", id="cycle-priority"),
        Binding("ctrl+s", "submit", "key.open-ticket", id="open-ticket", priority=True),
    ]

    class Loaded(Message):
        def __init__(self, view, others: list[dict], error: str | None = None) -> None:
            super().__init__()
            self.view, self.others, self.error = view, others, error

    class Created(Message):
        def __init__(self, ticket: dict | None, error: str | None = None) -> None:
            super().__init__()
            self.ticket, self.error = ticket, error

    def __init__(self, member_id: str) -> None:
        super().__init__()
        self.member_id = member_id
        self.view = None
        self.others: list[dict] = []
        self.channel = CHANNELS[0]
        self.priority = "normal"
        self.submitting = False

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        with VerticalScroll(id="intake-body"):
            yield FactList(id="intake-member", classes="-flush")
            yield Static("", id="intake-others")
            yield OptionList(id="symptoms")
            yield Static("", id="intake-options")
            yield Input(id="notes", max_length=4000)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.relabel()
        self.query_one("#symptoms", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="intake-load")
    def load(self) -> None:
        from helpdesk_tui.members import security_view
        from helpdesk_tui.store import StoreError
        from helpdesk_tui.tickets import open_tickets_for

        store = self.helpdesk.store
        try:
            view = security_view(store, self.member_id, clock.now())
            others = open_tickets_for(store, self.member_id)
        except StoreError as problem:
            self.post_message(self.Loaded(None, [], error=str(problem)))
            return
        self.post_message(self.Loaded(view, others))

    def on_intake_screen_loaded(self, message: Loaded) -> None:
        self.view, self.others = message.view, message.others
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        self.relabel()
        self.refresh_bindings()

    # -- rendering ----------------------------------------------------------------------
    def relabel(self) -> None:
        app, t = self.helpdesk, self.helpdesk.t
        left = Text(t("intake.title"))
        if self.view is not None:
            left.append(" · ")
            left.append_text(safe(self.view.member.get("name"), max_length=30))
        self.query_one(TitleBar).show(left, app.operator_label())
        self._member_facts()
        self._others()
        symptoms = self.query_one("#symptoms", OptionList)
        highlighted = symptoms.highlighted
        symptoms.clear_options()
        symptoms.add_options([Option(Text(f"{n}  {t('symptom.' + s)}"), id=s) for n, s in enumerate(SYMPTOMS, 1)])
        symptoms.border_title = t("intake.symptom")
        symptoms.highlighted = highlighted if highlighted is not None else 0
        self._options()
        self.query_one("#notes", Input).placeholder = t("intake.notes-placeholder")

    def _member_facts(self) -> None:
        t = self.helpdesk.t
        facts = self.query_one("#intake-member", FactList)
        if self.view is None:
            facts.show([(t("field.id"), safe(self.member_id))])
            return
        v = self.view
        status = [Text(t(f"status.{v.status}"), style="bold red" if v.status != "active" else "bold")]
        if v.app_access_blocked:
            status.append(Text(t("status.app-access-blocked"), style="bold red"))
        contacts = [safe(national(v.recovery_mobile)) if v.recovery_mobile else Text(""),
                    safe(v.recovery_email) if v.recovery_email else Text("")]
        recovery = joined(contacts, " / ") if any(c.plain for c in contacts) else Text(t("recovery.none"), style="red")
        facts.show([
            (t("field.id"), safe(v.member.get("id"))),
            (t("field.status"), joined(status, " · ")),
            (t("intake.recovery"), recovery),
        ])

    def _others(self) -> None:
        t, now = self.helpdesk.t, clock.now()
        widget = self.query_one("#intake-others", Static)
        if not self.others:
            widget.update(Text(" " + t("intake.no-other-tickets"), style="italic"))
            return
        from helpdesk_tui.clock import parse_iso

        line = Text(" " + t("intake.other-tickets") + " ", style="bold yellow")
        line.append(t("console.intake.other-key") + " ", style="bold")
        for ticket in self.others[:3]:
            waited = format_waited((now - parse_iso(ticket["created_at"])).total_seconds(), t)
            line.append(f"{ticket['id']} {t('symptom.' + ticket['symptom'])} ({waited})  ")
        if len(self.others) > 3:
            line.append(t("intake.more", count=len(self.others) - 3))
        widget.update(line)

    def _options(self) -> None:
        t = self.helpdesk.t
        line = Text(" ")
        line.append(f"{t('intake.channel')}: ", style="bold")
        line.append(t(f"channel.{self.channel}"), style="reverse")
        line.append(" (c)   ")
        line.append(f"{t('intake.priority')}: ", style="bold")
        line.append(t(f"ticket.priority.{self.priority}"), style="reverse")
        line.append(" (p)")
        self.query_one("#intake-options", Static).update(line)

    # -- keys -----------------------------------------------------------------------------
    def action_pick(self, number: int) -> None:
        """One key: this symptom, and the ticket is opened."""
        self.query_one("#symptoms", OptionList).highlighted = number - 1
        self.action_submit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_other":
            return bool(self.others)
        return True

    def action_open_other(self) -> None:
        """Open the member's other open ticket (or choose one) instead of a new one."""
        if not self.others:
            return
        if len(self.others) == 1:
            self._jump(self.others[0]["id"])
            return
        from helpdesk_tui.screens.ticket_choice import TicketChoiceModal

        t = self.helpdesk.t
        lines = [(tk["id"], Text(f"{tk['id']}  {t('ticket.priority.' + tk['priority'])}  "
                                 f"{t('symptom.' + tk['symptom'])}  {t('ticket.status.' + tk['status'])}"))
                 for tk in self.others]
        self.app.push_screen(TicketChoiceModal(t("console.intake.choose-other"), lines),
                             lambda chosen: self._jump(chosen) if chosen else None)

    def _jump(self, ticket_id: str) -> None:
        self.dismiss()
        self.helpdesk.open_ticket(ticket_id)

    def action_cycle(self, what: str) -> None:
        values = CHANNELS if what == "channel" else PRIORITIES
        current = getattr(self, what)
        setattr(self, what, values[(values.index(current) + 1) % len(values)])
        self._options()

    @on(OptionList.OptionSelected, "#symptoms")
    def _symptom_chosen(self) -> None:
        self.action_submit()

    @on(Input.Submitted, "#notes")
    def _notes_done(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        symptoms = self.query_one("#symptoms", OptionList)
        if self.submitting or symptoms.highlighted is None:
            return
        self.submitting = True
        symptom = SYMPTOMS[symptoms.highlighted]
        self.create(symptom, self.query_one("#notes", Input).value)

    @work(thread=True, exclusive=True, group="intake-create")
    def create(self, symptom: str, notes: str) -> None:
        from helpdesk_tui.store import StoreError
        from helpdesk_tui.tickets import TicketError, open_ticket

        app = self.helpdesk
        try:
            ticket = open_ticket(app.store, app.operator, self.member_id, symptom,
                                 channel=self.channel, note=notes or None, priority=self.priority)
        except (TicketError, StoreError) as problem:
            self.post_message(self.Created(None, error=str(problem)))
            return
        self.post_message(self.Created(ticket))

    def on_intake_screen_created(self, message: Created) -> None:
        from helpdesk_tui.triage import TRIAGE_SYMPTOMS

        self.submitting = False
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        ticket = message.ticket
        self.notify(self.helpdesk.t("intake.created", ticket=ticket["id"]), timeout=3, markup=False)
        self.dismiss()
        if ticket["symptom"] in TRIAGE_SYMPTOMS:
            self.helpdesk.open_triage(ticket["id"])
        else:
            self.helpdesk.open_ticket(ticket["id"])

    def action_back(self) -> None:
        self.dismiss()
