"""Guided triage of one ticket: one question at a time, single-key answers.

The store answers what it knows before the operator is asked anything; each step shows
whether the store answered it (and from what evidence). ``backspace`` steps back one
question — onto a store-answered one too, which is then asked, with the store's answer
shown as a suggestion; choosing otherwise is an override. Every answer, step back and
conclusion lands on the ticket's timeline (triage/session.py does the recording).
At the conclusion the recommended actions are numbered: ``1``–``9`` open that action's
pane for the ticket directly, ``a`` the action menu (recommended ones first).

The session runs in a thread worker: each step is a store transaction. Digits typed
while a step is being saved answer the questions that follow, in order (type-ahead);
any left when the conclusion appears are dropped, never taken as action keys.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from helpdesk_tui.triage import text
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.widgets.triage_panes import ConclusionView, PathView, QuestionView
from helpdesk_tui.screens.base import HelpdeskScreenMixin


ANSWER_KEYS = Binding.Group("key.answer", compact=True)
ACT_KEYS = Binding.Group("key.recommended-action", compact=True)


class TriageScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    TriageScreen #triage-body {
        height: 1fr;
    }
    TriageScreen #triage-status {
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        *(Binding(str(n), f"answer({n})", "key.answer", id=f"answer-{n}", group=ANSWER_KEYS)
          for n in range(1, 10)),
        # The same digits, at the conclusion: its recommended actions.
        *(Binding(str(n), f"act({n})", "key.recommended-action", id=f"act-{n}", group=ACT_KEYS)
          for n in range(1, 10)),
        Binding("a", "actions", "key.actions", id="triage-actions"),
        Binding("backspace", "step_back", "key.step-back", id="step-back"),
        Binding("y", "copy_guidance", "key.copy-guidance", id="copy-guidance"),
        Binding("g", "guidance_language", "key.guidance-language", id="guidance-language"),
        Binding("t", "ticket", "key.show-ticket", id="show-ticket"),
    ]

    class Stepped(Message):
        """The session moved (or refused to): the walk to show, or an error."""

        def __init__(self, walk=None, error: str | None = None, notice: str | None = None) -> None:
            super().__init__()
            self.walk, self.error, self.notice = walk, error, notice

    def __init__(self, ticket_id: str) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.session = None
        self.walk = None
        self.error: str | None = None
        self.guidance_lang: str | None = None
        self.busy = False
        self._typed_ahead: list[int] = []  # answer digits typed while a step was saved

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        with VerticalScroll(id="triage-body"):
            yield PathView(id="triage-path")
            yield QuestionView(id="triage-question")
            yield ConclusionView(id="triage-conclusion")
        yield Static("", id="triage-status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.guidance_lang = self.helpdesk.lang
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.query_one("#triage-body").focus()
        self._title()
        self.query_one(QuestionView).update(Text(self.helpdesk.t("triage-screen.loading")))
        self.query_one(ConclusionView).display = False
        self._run("start")

    # -- the session, in a worker -----------------------------------------------------
    @work(thread=True, exclusive=True, group="triage")
    def _run(self, operation: str, argument: str | None = None) -> None:
        from helpdesk_tui.store import StoreError
        from helpdesk_tui.tickets import TicketError
        from helpdesk_tui.triage import TreeError, TriageError
        from helpdesk_tui.triage.session import TriageSession

        app = self.helpdesk
        notice = None
        try:
            if self.session is None:
                self.session = TriageSession(app.store, app.operator, self.ticket_id)
            session = self.session
            if operation == "start":
                result = session.start()
            elif operation == "answer":
                result = session.answer(argument)
            elif operation == "back":
                result = session.back()
            else:  # "guidance": copy (argument "copy") or save
                body = session.save_guidance(self.guidance_lang, copied=argument == "copy")
                if argument == "copy":
                    self.app.call_from_thread(self.app.copy_to_clipboard, body)
                notice = app.t("triage-screen.guidance-copied" if argument == "copy" else "triage-screen.guidance-saved")
                result = session.walk
        except (TicketError, TriageError, TreeError, StoreError) as problem:
            self.post_message(self.Stepped(error=str(problem)))
            return
        self.post_message(self.Stepped(result, notice=notice))

    def on_triage_screen_stepped(self, message: Stepped) -> None:
        self.busy = False
        if message.error:
            self._typed_ahead = []
            self.error = message.error
            if self.walk is None:
                self.query_one(QuestionView).update(safe(message.error, "bold red"))
            self.notify(message.error, severity="error", markup=False)
            return
        self.walk = message.walk
        if message.notice:
            self.notify(message.notice, timeout=3, markup=False)
        self.render_walk()
        self.refresh_bindings()
        typed, self._typed_ahead = self._typed_ahead, []
        if typed and self.walk.question is not None:  # at a conclusion they are dropped:
            self._typed_ahead = typed[1:]  # digits there would open action panes
            self.action_answer(typed[0])

    # -- rendering ---------------------------------------------------------------------
    def _title(self) -> None:
        app = self.helpdesk
        left = Text(app.t("triage-screen.title", ticket=self.ticket_id))
        if self.session is not None:
            # The member's name before the symptom: at 80 columns the end is cut, and the
            # name is what tells the operator whose ticket this is.
            member = app.index.get(self.session.member_id) if app.index is not None else None
            if member and member.get("name"):
                left.append(" · ")
                left.append_text(safe(member["name"], max_length=30))
            left.append(" · " + text(self.session.tree.title, app.lang))
        self.query_one(TitleBar).show(left, app.operator_label())

    def render_walk(self) -> None:
        app, result = self.helpdesk, self.walk
        if result is None:
            return
        self._title()
        self.query_one(PathView).show(result, app.t, app.lang)
        question, conclusion = self.query_one(QuestionView), self.query_one(ConclusionView)
        question.display = result.question is not None
        conclusion.display = result.conclusion is not None
        if result.question is not None:
            question.show(result, app.t, app.lang)
        else:
            conclusion.show(result, app.t, app.lang, self.guidance_lang)
        status = "triage-screen.hint-question" if result.question else "triage-screen.hint-conclusion"
        self.query_one("#triage-status", Static).update(Text(app.t(status), style="italic"))
        body = self.query_one("#triage-body", VerticalScroll)
        # After the layout settles: the question sits under the path; a conclusion is
        # shown from its top (the path above it can be read by scrolling up).
        if result.question is not None:
            self.call_after_refresh(body.scroll_end, animate=False)
        else:
            self.call_after_refresh(body.scroll_to_widget, conclusion, top=True, animate=False)

    def relabel(self) -> None:
        if self.walk is not None:
            self.render_walk()
        else:
            self._title()

    def store_changed(self) -> None:
        """Another operator changed members: the store's answers may have changed."""
        if self.session is not None and not self.busy:
            self._run("start")

    # -- keys ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        result = self.walk
        if action == "answer":
            if result is None or result.question is None:
                return None if result is not None and result.conclusion is None else False
            return int(parameters[0]) <= len(result.question.choices) or None
        if action == "act":
            return result is not None and result.conclusion is not None \
                and int(parameters[0]) <= len(result.conclusion.actions)
        if action == "actions":
            return self.session is not None
        if action in ("copy_guidance", "guidance_language"):
            return result is not None and result.conclusion is not None
        if action == "step_back":
            return result is not None and bool(result.path)
        return True

    def action_answer(self, number: int) -> None:
        if self.busy:  # typed ahead: answers the question that comes next
            self._typed_ahead.append(number)
            return
        if self.walk is None or self.walk.question is None:
            return
        choice = self.walk.question.choice_by_key(str(number))
        if choice is not None:
            self.busy = True
            self._run("answer", choice.id)

    def action_step_back(self) -> None:
        if not self.busy and self.walk is not None and self.walk.path:
            self.busy = True
            self._run("back")

    def action_copy_guidance(self) -> None:
        if not self.busy:
            self._run("guidance", "copy")

    def action_guidance_language(self) -> None:
        self.guidance_lang = "en" if self.guidance_lang == "ja" else "ja"
        self.render_walk()

    def action_act(self, number: int) -> None:
        if self.walk is None or self.walk.conclusion is None or self.session is None:
            return
        actions = self.walk.conclusion.actions
        if number <= len(actions):
            self.helpdesk.open_action(self.session.member_id, actions[number - 1], self.ticket_id)

    def action_actions(self) -> None:
        if self.session is not None:
            recommended = self.walk.conclusion.actions if self.walk is not None and self.walk.conclusion else ()
            self.helpdesk.open_action_menu(self.session.member_id, ticket=self.ticket_id, recommended=recommended)

    def action_ticket(self) -> None:
        self.helpdesk.open_ticket(self.ticket_id)

    def action_back(self) -> None:
        self.dismiss()

