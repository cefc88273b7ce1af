"""How was the caller's identity verified? The four glossary methods on keys 1–4.

Each option says what the method means; a callback and an e-mailed code also show the
contact on file they will use (``tickets.registered_contact``, the one the store records)
— or that there is none, and then the option is refused. The reminder stays on top:
call back only the number on file, never one the caller gives.

``code-to-registered-email`` is real: confirming it e-mails a one-time code to the address
on file (``tickets.email_code.send_code``, in a worker) and asks for the code the caller
reads out; the modal returns the choice only once that code checks out, so the
verification the caller records is backed by it (wrong codes are counted and audited).
"""

from __future__ import annotations

from typing import NamedTuple, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from helpdesk_tui.glossary import VERIFICATION_METHODS
from helpdesk_tui.phone import shown_contact
from helpdesk_tui.tickets import registered_contact
from helpdesk_tui.tickets.model import NOTE_MAX
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.screens.base import HelpdeskScreenMixin


# Methods that reach the member through a contact on file: (label when present, when absent).
CONTACT_LABELS = {
    "callback-registered-phone": ("verify.contact.phone", "verify.no-phone"),
    "code-to-registered-email": ("verify.contact.email", "verify.no-email"),
}

METHOD_KEYS = Binding.Group("key.verify-method", compact=True)


class VerifyChoice(NamedTuple):
    method: str
    note: str | None


class VerifyModal(HelpdeskScreenMixin, ModalScreen[VerifyChoice | None]):
    """Returns the chosen method and the optional note, or None when cancelled."""

    DEFAULT_CSS = """
    VerifyModal {
        align: center middle;
    }
    VerifyModal > #verify-box {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    VerifyModal #verify-reminder {
        color: $warning;
        text-style: bold;
    }
    VerifyModal #methods {
        height: auto;
        max-height: 13;
        border: none;
        padding: 0;
    }
    VerifyModal #verify-hint {
        color: $text-muted;
    }
    VerifyModal #verify-code {
        display: none;
    }
    VerifyModal.-code #verify-code {
        display: block;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.modal-cancel", id="verify-cancel"),
        *(Binding(str(n), f"choose({n - 1})", "key.verify-method", id=f"verify-method-{n}", group=METHOD_KEYS)
          for n in range(1, len(VERIFICATION_METHODS) + 1)),
        # Priority: enter records from the list and from the note alike.
        Binding("enter", "confirm", "key.modal-confirm", id="verify-confirm", priority=True),
    ]

    def __init__(self, member: dict | None, ticket: str | None = None) -> None:
        super().__init__()
        self.member = member or {}
        self.ticket = ticket  # needed to e-mail a code (None: the code method cannot be used here)
        self.contacts = {method: registered_contact(self.member, method) for method in CONTACT_LABELS}
        self.code_sent = False

    def compose(self) -> ComposeResult:
        with Vertical(id="verify-box"):
            yield Static(id="verify-reminder")
            yield OptionList(id="methods")
            yield Input(id="verify-note", max_length=NOTE_MAX)
            yield Input(id="verify-code", max_length=8, restrict=r"[0-9 ]*")
            yield Static(id="verify-hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(OptionList).focus()

    def usable(self, method: str) -> bool:
        return method not in CONTACT_LABELS or self.contacts[method] is not None

    def _option(self, number: int, method: str) -> Option:
        t = self.helpdesk.t
        prompt = Text(f"{number}  ", style="bold")
        prompt.append(t(f"verification.{method}"), style="bold")
        prompt.append("\n   ")
        prompt.append(t(f"verify.help.{method}"), style="italic")
        if method in CONTACT_LABELS:
            present, absent = CONTACT_LABELS[method]
            prompt.append("\n   ")
            contact = self.contacts[method]
            if contact is None:
                prompt.append(t(absent), style="bold red")
            else:
                prompt.append_text(safe(t(present, contact=shown_contact(contact)), "bold green"))
        return Option(prompt, id=method)

    def relabel(self) -> None:
        t = self.helpdesk.t
        box = self.query_one("#verify-box")
        box.border_title = Content(t("verify.title"))
        self.query_one("#verify-reminder", Static).update(Text(t("verify.reminder")))
        methods = self.query_one(OptionList)
        highlighted = methods.highlighted
        methods.clear_options()
        methods.add_options([self._option(n, m) for n, m in enumerate(VERIFICATION_METHODS, 1)])
        methods.highlighted = highlighted if highlighted is not None else 0
        self.query_one(Input).placeholder = t("verify.note-placeholder")
        self.query_one("#verify-hint", Static).update(Text(t("verify.hint")))

    # -- keys -------------------------------------------------------------------------
    @property
    def chosen(self) -> str | None:
        highlighted = self.query_one(OptionList).highlighted
        return VERIFICATION_METHODS[highlighted] if highlighted is not None else None

    def action_choose(self, index: int) -> None:
        self.query_one(OptionList).highlighted = index

    @on(OptionList.OptionSelected, "#methods")
    def _selected(self) -> None:  # a mouse click
        self.action_confirm()

    def _refuse_unusable(self) -> bool:
        method = self.chosen
        if method is None or self.usable(method):
            return False
        t = self.helpdesk.t
        self.notify(t("verify.refused", method=t(f"verification.{method}")), severity="error", markup=False)
        return True

    def action_confirm(self) -> None:
        method = self.chosen
        if method is None or self._refuse_unusable():
            return
        if method == "code-to-registered-email":
            if not self.code_sent:
                self.notify(self.helpdesk.t("email-code.sending"), markup=False)
                self._send_code()
            else:
                self._check_code(self.query_one("#verify-code", Input).value)
            return
        self._done(method)

    def _done(self, method: str) -> None:
        note = self.query_one("#verify-note", Input).value.strip() or None
        self.dismiss(VerifyChoice(method, note))

    # -- the e-mailed code (workers: scrypt and SMTP stay off the UI thread) ------------
    @work(thread=True, exclusive=True, group="verify-code")
    def _send_code(self) -> None:
        from helpdesk_tui.delivery import load_smtp
        from helpdesk_tui.tickets.email_code import send_code

        app = self.helpdesk
        try:
            source = getattr(getattr(app.backend, "config", None), "source", None)
            sent = send_code(app.store, app.operator, self.ticket or "", smtp=load_smtp(source))
        except Exception as problem:  # TicketError, ConfigError, StoreError: said, never raised
            self.app.call_from_thread(self._say, str(problem), "error")
            return
        self.app.call_from_thread(self._code_sent, sent)

    def _code_sent(self, sent) -> None:
        t = self.helpdesk.t
        if sent.state != "sent":
            self._say(t("email-code.not-sent", why=sent.why or sent.state), "error")
            return
        self.code_sent = True
        self.add_class("-code")
        code = self.query_one("#verify-code", Input)
        code.placeholder = t("email-code.prompt")
        code.focus()
        self._say(t("email-code.title", to=sent.to), "information")

    @work(thread=True, exclusive=True, group="verify-code")
    def _check_code(self, typed: str) -> None:
        from helpdesk_tui.tickets.email_code import check_code

        app = self.helpdesk
        try:
            check_code(app.store, app.operator, self.ticket or "", typed)
        except Exception as problem:  # CodeRefused (audited), StoreError
            self.app.call_from_thread(self._say, str(problem), "error")
            return
        self.app.call_from_thread(self._done, "code-to-registered-email")

    def _say(self, text: str, severity: str) -> None:
        self.notify(text, severity=severity, markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
