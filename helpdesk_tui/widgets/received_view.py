"""Seed 002: the current mail server's IP from pasted headers, the hop chosen and why.

``ReceivedPane`` takes the paste; ``received_text`` renders the answer.

Every header value is pasted by a user (and written by mail servers we do not control):
it goes into literal ``Text`` through ``safe``.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static, TextArea

from helpdesk_tui.widgets.safe import safe

LONG = 2000
# Seconds of quiet typing before the headers are parsed (in a worker thread: a hostile
# paste of 100k addresses takes about a second even now that parsing is linear).
DEBOUNCE = 0.25
# Skipped addresses listed per hop; the rest are counted (a paste can hold thousands).
SKIPPED_SHOWN = 20


def received_text(result, t: Callable[..., str], lang: str) -> Text:
    """The address (or the clear message that there is none), the reason, every hop."""
    from helpdesk_tui.mail.received import HEADING, SEED

    if result.ip:
        out = safe(t("mail.received.ip", ip=result.ip), "bold green")
    else:
        out = Text(t("mail.received.none"), style="bold red")
    out.append("\n  ")
    out.append_text(safe(result.reason(lang), max_length=LONG))
    if result.hop is not None:
        out.append(f"\n{t('mail.received.chosen')}: ", style="bold")
        out.append_text(safe(result.hop.raw, max_length=LONG))
    if result.hops:
        out.append("\n" + t("mail.received.hops"), style="bold")
    for hop in result.hops:
        chosen = result.hop is not None and hop.hop == result.hop.hop
        sender = hop.from_names[0] if hop.from_names else "-"
        address = hop.global_ip or hop.by_global_ip or "-"
        out.append("\n")
        out.append_text(safe(f" {'*' if chosen else ' '}{hop.hop:>2}  {sender}  [{address}]  → {hop.by_host or '-'}",
                             "bold" if chosen else "", max_length=LONG))
        for ip, why in hop.skipped[:SKIPPED_SHOWN]:
            out.append("\n       ")
            out.append_text(safe(t("mail.received.skipped", ip=ip, why=t("mail.address." + why)), "dim"))
        if len(hop.skipped) > SKIPPED_SHOWN:
            out.append(f"\n       … +{len(hop.skipped) - SKIPPED_SHOWN}", style="dim")
    out.append("\n" + t("mail.received.source", seed=SEED, heading=HEADING), style="italic")
    return out


class ReceivedPane(Vertical):
    """Headers pasted into a text area (plus an optional hint naming the current server);
    the answer updates once typing pauses (``DEBOUNCE``), parsed in a worker thread so a
    huge paste never freezes the console; ``busy`` is true until the answer is shown."""

    DEFAULT_CSS = """
    ReceivedPane { height: 1fr; }
    ReceivedPane > #headers { height: 8; }
    ReceivedPane > #server-hint { margin: 0 0 1 0; }
    ReceivedPane > #received-body { height: 1fr; }
    ReceivedPane #received-result { height: auto; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = None
        self._generation = 0  # bumped per change: a slower, older parse never wins
        self._shown_generation = 0
        self._timer = None

    @property
    def busy(self) -> bool:
        return self._shown_generation != self._generation

    def compose(self) -> ComposeResult:
        yield TextArea(id="headers", soft_wrap=False, tab_behavior="focus")
        yield Input(id="server-hint", compact=True, max_length=300)
        with VerticalScroll(id="received-body"):
            yield Static(id="received-result")

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        t = self.app.t
        self.query_one(TextArea).placeholder = t("migration-screen.headers-placeholder")
        self.query_one("#server-hint", Input).placeholder = t("migration-screen.server-hint")
        self._show()

    @on(TextArea.Changed, "#headers")
    @on(Input.Changed, "#server-hint")
    def extract(self) -> None:
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._parse)

    def _parse(self) -> None:
        text = self.query_one(TextArea).text
        hint = self.query_one("#server-hint", Input).value.strip() or None
        if not text.strip():
            self._parsed(None, self._generation)
            return
        self._parse_in_worker(text, hint, self._generation)

    @work(thread=True, exclusive=True, group="received-parse")
    def _parse_in_worker(self, text: str, hint: str | None, generation: int) -> None:
        from helpdesk_tui.mail import find_server_ip

        result = find_server_ip(text, server=hint)
        self.app.call_from_thread(self._parsed, result, generation)

    def _parsed(self, result, generation: int) -> None:
        if generation != self._generation or not self.is_attached:
            return  # typed on since: a newer parse is coming
        self.result = result
        self._shown_generation = generation
        self._show()

    def _show(self) -> None:
        app = self.app
        if self.result is None:
            shown = Text(app.t("migration-screen.headers-hint"), style="italic")
        else:
            shown = received_text(self.result, app.t, app.lang)
        self.query_one("#received-result", Static).update(shown)
