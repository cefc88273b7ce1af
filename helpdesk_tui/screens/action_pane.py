"""One action on one member (seed 003), its consequences stated before it runs.

Top: the kind, the seed heading, the member and ticket, the consequences; then the gate
as the domain's preflight sees it (role, the identity verification used or exactly what
is missing — ``v`` records one on the ticket, as on the ticket screen); then what the
action needs: a device (MDM-registered only), a connected session, the new contacts or
the new ID. ``ctrl+s`` (or ``enter`` outside a text field) runs it in a thread worker;
factory reset first asks for the device id typed back.

A refusal shows the domain's sentence in the operator's language and changes nothing
else (the domain records it). Success shows what was done; a temporary password goes
to :class:`~helpdesk_tui.screens.secret.SecretModal` and this screen forgets it at once.
The screens below (member, ticket, triage) are told to read the store again.

A pane runs once: after "done" (or a failure of the run itself) it shows the outcome and
offers only closing it — no ctrl+s, enter on a row or in a field does nothing — and each
pane passes its own submission key to ``run_action``, so the domain refuses a second run
of the same pane even if one slipped through. A refusal (nothing changed) may be
corrected and submitted again.
"""

from __future__ import annotations

import uuid

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from helpdesk_tui import clock
from helpdesk_tui.actions import ActionError, ActionFailed, ActionRefused, preflight, run_action, spec
from helpdesk_tui.actions.catalog import DEVICE, SESSION
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.action_fields import ActionFields
from helpdesk_tui.widgets.action_info import VERIFICATION_CODES, ActionAbout, GateView
from helpdesk_tui.widgets.action_status import ActionStatus, outcome_lines
from helpdesk_tui.widgets.action_targets import DeviceTable, SessionTable, TargetPane, TargetTable
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


class ActionScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    ActionScreen #action-body {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+s", "run", "key.action-run", id="action-run", priority=True),
        Binding("enter", "run", "", id="action-run-enter", show=False),  # see the status hint
        Binding("v", "verify", "key.verify-identity", id="action-verify"),
    ]

    class Loaded(Message):
        def __init__(self, member, devices, sessions, pre, now) -> None:
            super().__init__()
            self.member, self.devices, self.sessions, self.pre, self.now = member, devices, sessions, pre, now

    class Checked(Message):
        def __init__(self, pre, target: dict) -> None:
            super().__init__()
            self.pre, self.target = pre, target

    class Finished(Message):
        """The run (or the verification) ended: ``kind`` done / refused / failed / verified."""

        def __init__(self, kind: str, value) -> None:
            super().__init__()
            self.kind, self.value = kind, value

    def __init__(self, member_id: str, action: str, ticket: str | None = None, *,
                 device: str | None = None) -> None:
        super().__init__()
        self.member_id, self.action, self.ticket = member_id, action, ticket
        self.initial_device = device  # opened from the device screen: start on it
        self.spec = spec(action)
        self.member: dict | None = None
        self.pre = None
        self.now = None
        self.busy = False
        self._focused = False
        self.outcome: tuple[str, object] | None = None  # what the status line says
        self.final: str | None = None  # "done" / "failed" once the run ended for good
        self.submission = uuid.uuid4().hex  # this pane's one run (actions.submission)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        with VerticalScroll(id="action-body"):
            yield ActionAbout(id="action-about")
            yield GateView(id="action-gate")
            if self.spec.target in (DEVICE, SESSION):
                yield TargetPane(self.spec.target, id="target-pane")
            yield ActionFields(self.action, id="action-fields")
        yield ActionStatus(id="action-status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.query_one("#action-body").focus()
        self.relabel()
        self.load()

    # -- reading: the member, the targets and the preflight, in a worker ----------------
    @property
    def targets(self) -> TargetTable | None:
        found = self.query(TargetPane)
        return found.first().table if found else None

    def _target(self) -> dict:
        """The device or session the action would work on now (the highlighted row)."""
        table = self.targets
        if table is None:
            return {}
        return {"device" if self.spec.target == DEVICE else "session": table.current_key}

    def load(self) -> None:
        target = self._target()
        if self.initial_device and self.spec.target == DEVICE and not target.get("device"):
            target["device"] = self.initial_device
        self._load(target)

    def check(self) -> None:
        self._check(self._target())

    @work(thread=True, exclusive=True, group="action-load")
    def _load(self, target: dict) -> None:
        from helpdesk_tui.members.access import fold_sessions

        app, now = self.helpdesk, clock.now()
        try:
            member = app.store.get_member(self.member_id)
            devices = app.store.devices_for(self.member_id) if member else []
            sessions = fold_sessions(app.store.access_events_for(self.member_id), now) if member else []
            if self.spec.target == DEVICE and not target["device"]:  # the first row shown
                target["device"] = next((d["device_id"] for d in devices if d.get("mdm_registered")), None)
            if self.spec.target == SESSION and not target["session"]:
                target["session"] = next((r.session_id for r in sessions if r.connected), None)
            pre = preflight(app.store, app.operator, self.action, self.member_id, ticket=self.ticket,
                            backend=app.backend, **target)
        except Exception as problem:  # a damaged store file: say so, stay usable
            self.post_message(self.Finished("failed", visible(str(problem))))
            return
        self.post_message(self.Loaded(member, devices, sessions, pre, now))

    @work(thread=True, exclusive=True, group="action-check")
    def _check(self, target: dict) -> None:
        app = self.helpdesk
        try:
            pre = preflight(app.store, app.operator, self.action, self.member_id, ticket=self.ticket,
                            backend=app.backend, **target)
        except Exception as problem:
            self.post_message(self.Finished("failed", visible(str(problem))))
            return
        self.post_message(self.Checked(pre, target))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.member, self.pre, self.now = message.member, message.pre, message.now
        table = self.targets
        for pane in self.query(TargetPane):
            pane.show(message.devices, message.sessions, self.helpdesk.t, self.when)
        if self.initial_device and table is not None:
            table.keep_cursor_on(self.initial_device)
            self.initial_device = None
        self.relabel()
        self.refresh_bindings()
        if not self._focused:  # where the operator types or chooses; while the caller is
            # still to be verified, the body keeps the focus so that v (verify) works.
            code = self.pre.problem.code if self.pre is not None and self.pre.problem is not None else None
            if code not in VERIFICATION_CODES:
                self._focused = True
                if table is not None and table.row_count:
                    table.focus()
                else:
                    self.query_one(ActionFields).focus_first()

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        if message.target == self._target():  # not an older check overtaken by the cursor
            self.pre = message.pre
            self.relabel()

    @on(TargetTable.RowHighlighted, "#targets")
    def _target_moved(self) -> None:
        if self.member is not None:
            self.check()

    def store_changed(self) -> None:
        self.load()

    def index_changed(self) -> None:
        for banner in self.query(Banner):  # none while the screen is being removed
            banner.show(self.helpdesk.banner_text())

    # -- rendering ----------------------------------------------------------------------
    def when(self, moment) -> str:
        return format_datetime(moment, self.helpdesk.lang)

    def relabel(self) -> None:
        app, t = self.helpdesk, self.helpdesk.t
        left = Text(t("action-pane.title", action=t(f"action.{self.action}")))
        left.append(" · ")
        left.append_text(safe((self.member or {}).get("name") or self.member_id, max_length=40))
        self.query_one(TitleBar).show(left, app.operator_label())
        self.query_one(ActionAbout).show(self.spec, self.member, self.member_id, self.ticket, t)
        self.query_one(GateView).show(self.spec, self.pre, app.operator, self.ticket, t, app.lang, self.when,
                                      final=self.final)
        for pane in self.query(TargetPane):
            pane.relabel(t)
        self.query_one(ActionFields).show(self.member, t)
        self._status()

    def _status(self) -> None:
        kind, value = self.outcome or ("hint", None)
        shown = "guided" if kind == "done" and getattr(value, "guided", False) else kind  # numbered steps
        lines = outcome_lines(kind, value, action=self.action, sets_password=self.spec.sets_password,
                              ticket=self.ticket, labels=self.helpdesk.catalogue)
        if self.final is not None:
            lines.append(self.helpdesk.t("console.action.closed-hint"))
        self.query_one(ActionStatus).say(shown, lines)

    def _say(self, kind: str, value=None) -> None:
        self.outcome = (kind, value)
        self._status()

    # -- running ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.final is not None and action in ("run", "verify"):
            return False  # single-shot: only closing is offered
        if action == "verify":
            if not (self.spec.restorative and self.ticket is not None):
                return False
            return None if self.helpdesk.read_only else True
        if action == "run":
            return None if self.busy or self.member is None or self.helpdesk.read_only else True
        return True

    def _params(self) -> dict | None:
        """What the action needs, or None after saying what is missing."""
        params = self._target()
        table = self.targets
        if isinstance(table, DeviceTable):
            device = table.current
            if device is None:
                return self._say("local", "action-pane.need-device")
            if not device.get("mdm_registered"):  # a disabled row: not even attempted
                return self._say("refused", ActionRefused("device-not-mdm", device=device["device_id"]))
        elif isinstance(table, SessionTable) and not params["session"]:
            return self._say("local", "action-pane.need-session")
        values = self.query_one(ActionFields).values()
        if self.action == "update-recovery-contact" and not values:
            return self._say("local", "action-pane.need-contact")
        if self.action == "change-initial-id" and not values:
            return self._say("local", "action-pane.need-new-id")
        return {**params, **values}

    def action_run(self) -> None:
        if self.busy or self.member is None or self.final is not None:
            return
        params = self._params()
        if params is None:
            return
        if self.spec.typed_back and params.get("device"):
            self._confirm_typed(params)
        else:
            self._start(params)

    def _confirm_typed(self, params: dict) -> None:
        from helpdesk_tui.screens.confirm_typed import ConfirmTypedModal

        t, device = self.helpdesk.t, params["device"]
        lines = [Text(t(f"actions.consequence.{self.action}"), style="bold yellow"), safe(device)]

        def typed(value: str | None) -> None:
            if value is not None and self.final is None:
                self._start({**params, "confirm": value})

        self.app.push_screen(ConfirmTypedModal(
            t("action-pane.typed-back.title", device=visible(device)), lines,
            t("action-pane.typed-back.prompt", device=visible(device)), lambda typed_: typed_ == device,
            waiting=t("action-pane.typed-back.waiting"), ready=t("action-pane.typed-back.ready")), typed)

    def _start(self, params: dict) -> None:
        self.busy = True
        self._say("running")
        self.refresh_bindings()
        self._run(params)

    @work(thread=True, group="action-run")
    def _run(self, params: dict) -> None:
        app = self.helpdesk
        try:
            result = run_action(app.store, app.operator, self.action, self.member_id, ticket=self.ticket,
                                backend=app.backend, submission=self.submission, **params)
        except ActionError as problem:  # already audited by the domain
            self.post_message(self.Finished("refused", problem))
        except Exception as problem:  # a store failure: say it, never a traceback with locals
            self.post_message(self.Finished("failed", visible(str(problem))))
        else:
            self.post_message(self.Finished("done", result))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        ran, self.busy = self.busy, False
        value = message.value
        password = None
        if ran and (message.kind in ("done", "failed") or isinstance(value, ActionFailed)):
            if message.kind == "done":  # guided: nothing changed here, the steps are shown
                self.final = "guided" if getattr(value, "guided", False) else "done"
            else:
                self.final = "failed"
            self.query_one(ActionFields).disabled = True
        if message.kind == "done":
            password, value.temp_password = value.temp_password, None  # the modal holds the only copy
            self.query_one(ActionFields).clear()
        self._say(message.kind, value)
        self.relabel()
        self.refresh_bindings()
        if password is not None:
            from helpdesk_tui.screens.secret import SecretModal

            self.app.push_screen(SecretModal(password))
            del password
        if message.kind in ("done", "verified"):
            self.load()
        if message.kind == "done":
            for screen in self.app.screen_stack:  # the member / ticket / triage below
                if screen is not self and hasattr(screen, "store_changed"):
                    screen.store_changed()

    @on(Input.Submitted)
    def _submitted(self) -> None:  # enter in a field: on to the next one
        self.focus_next()

    @on(TargetTable.Run)
    def _run_row(self) -> None:  # enter on a device or session row
        self.action_run()

    # -- verification, as on the ticket ------------------------------------------------
    def action_verify(self) -> None:
        from helpdesk_tui.screens.verify import VerifyModal

        def chosen(choice) -> None:
            if choice is not None:
                self._verify(choice.method, choice.note)

        self.app.push_screen(VerifyModal(self.member, ticket=self.ticket), chosen)

    @work(thread=True, group="action-verify")
    def _verify(self, method: str, note: str | None) -> None:
        from helpdesk_tui.tickets import record_verification

        app = self.helpdesk
        try:
            record_verification(app.store, app.operator, self.ticket, method, note=note)
        except Exception as problem:  # a closed ticket, a store failure
            self.post_message(self.Finished("failed", visible(str(problem))))
        else:
            self.post_message(self.Finished("verified", None))

    def action_back(self) -> None:
        self.dismiss()
