"""After the MX switch (seed 002): which resolvers already answer the new mail server.

The operator types the domain, the new MX host and optionally the old one; enter starts
the check. Each server's row fills in as it answers (match / stale / error, what it
answered, the TTL left in its cache), then the estimate from those TTLs, the findings,
and the explanation of a domain transfer versus a DNS change. The DNS work runs in a
thread worker; each run has a number so a superseded run's late answers are dropped.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.widgets.dns_results import PropagationRows, findings_text
from helpdesk_tui.widgets.safe import safe

if TYPE_CHECKING:
    from helpdesk_tui.app import HelpdeskApp

LONG = 2000


class PropagationPane(Vertical):
    DEFAULT_CSS = """
    PropagationPane { height: 1fr; }
    PropagationPane > #prop-inputs { height: 1; margin-bottom: 1; }
    PropagationPane > #prop-inputs > Input { width: 1fr; margin-right: 1; }
    PropagationPane #prop-rows { display: none; }
    PropagationPane #prop-rows.-shown { display: block; }
    PropagationPane #prop-result { height: auto; padding: 0 1; }
    """

    class Started(Message):
        def __init__(self, run: int) -> None:
            super().__init__()
            self.run = run

    class Arrived(Message):
        def __init__(self, run: int, row) -> None:
            super().__init__()
            self.run, self.row = run, row

    class Finished(Message):
        def __init__(self, run: int, report=None, error: str | None = None) -> None:
            super().__init__()
            self.run, self.report, self.error = run, report, error

    def __init__(self, resolvers, authoritative, timeout: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resolvers, self.authoritative, self.timeout = resolvers, authoritative, timeout
        self.run = 0
        self.report = None
        self.error: str | None = None
        self.checklist = None  # the tenant's migration checklist: the old server's IP, the new server

    @property
    def helpdesk(self) -> HelpdeskApp:
        return cast("HelpdeskApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="prop-inputs"):
            yield Input(id="prop-domain", compact=True, max_length=300)
            yield Input(id="prop-new", compact=True, max_length=300)
            yield Input(id="prop-old", compact=True, max_length=300)
        with VerticalScroll(id="prop-body"):
            yield PropagationRows(id="prop-rows")
            yield Static(id="prop-result")

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        t = self.helpdesk.t
        for name in ("domain", "new", "old"):
            self.query_one(f"#prop-{name}", Input).placeholder = t(f"migration-screen.prop-{name}")
        self.query_one(PropagationRows).relabel(t)
        self._show()

    def _show(self) -> None:
        app = self.helpdesk
        t, lang = app.t, app.lang
        if self.error:
            shown = safe(self.error, "bold red", max_length=LONG)
        elif self.report is not None:
            shown = result_text(self.report, t, lang)
        elif self.run:
            shown = Text(t("migration-screen.prop-running"), style="italic")
        else:
            shown = Text(t("migration-screen.prop-hint"), style="italic")
        self.query_one("#prop-result", Static).update(shown)

    # -- running ------------------------------------------------------------------
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start()

    def start(self) -> None:
        value = {name: self.query_one(f"#prop-{name}", Input).value.strip() for name in ("domain", "new", "old")}
        if not value["domain"] or not value["new"]:
            self.error = self.helpdesk.t("migration-screen.prop-needs")
            self._show()
            return
        self.run += 1
        self.report, self.error = None, None
        self.propagate(self.run, value["domain"], value["new"], value["old"] or None)

    @work(thread=True, group="migration-dns")
    def propagate(self, run: int, domain: str, new: str, old: str | None) -> None:
        from helpdesk_tui.dns import InvalidName, InvalidResolver

        try:
            report = asyncio.run(self._propagate(run, domain, new, old))
        except (InvalidName, InvalidResolver, ValueError) as bad:
            self.post_message(self.Finished(run, error=str(bad)))
            return
        except Exception as problem:  # noqa: BLE001 - an engine bug must not end the console
            detail = f"{type(problem).__name__}: {problem}"
            self.post_message(self.Finished(run, error=self.helpdesk.t("dns.cli.engine-error", error=detail)))
            return
        self.post_message(self.Finished(run, report))

    async def _propagate(self, run: int, domain: str, new: str, old: str | None):
        from contextlib import aclosing

        from helpdesk_tui.dns import PropagationReport, PropagationRow, iter_propagation

        known = self.checklist
        checking = iter_propagation(domain, new, old_mx=old, resolvers=self.resolvers,
                                    authoritative=self.authoritative, timeout=self.timeout,
                                    old_addresses=(known.server_ip,) if known and known.server_ip else (),
                                    new_server=known.new_server if known else None)
        self.post_message(self.Started(run))
        async with aclosing(checking) as items:
            async for item in items:
                if isinstance(item, PropagationReport):
                    return item
                if isinstance(item, PropagationRow):
                    self.post_message(self.Arrived(run, item))
        raise AssertionError("iter_propagation ended without a report")  # pragma: no cover

    def on_propagation_pane_started(self, message: Started) -> None:
        if message.run != self.run:
            return
        servers = [(s, "authoritative") for s in self.authoritative or ()]
        servers += [(s, "resolver") for s in self.resolvers]
        rows = self.query_one(PropagationRows)
        rows.begin(self.helpdesk.t, servers)
        rows.add_class("-shown")
        self._show()

    def on_propagation_pane_arrived(self, message: Arrived) -> None:
        if message.run == self.run:
            self.query_one(PropagationRows).arrive(message.row.server, message.row.role, message.row)

    def on_propagation_pane_finished(self, message: Finished) -> None:
        if message.run != self.run:
            return
        self.report, self.error = message.report, message.error
        if message.error:
            self.query_one(PropagationRows).remove_class("-shown")
        self._show()


def result_text(report, t, lang: str) -> Text:
    """The source's state, the TTL estimate, the findings, then seed 002's explanations."""
    from helpdesk_tui.dns import propagation_note, transfer_vs_dns_change

    out = Text()
    if report.source is not None:
        out.append(t("dns.cli.source", state=t(f"dns.state.{report.source}")) + "\n", style="bold")
    if report.estimate is not None:
        when = format_datetime(report.estimate, lang)
        out.append(t("dns.cli.estimate", when=when), style="bold yellow")
    elif report.source == "stale":
        out.append(t("dns.cli.no-estimate"), style="bold red")
    elif report.propagated:
        out.append(t("migration-screen.prop-done"), style="bold green")
    out.append("\n\n" + t("dns.cli.findings") + "\n", style="bold underline")
    out.append_text(findings_text(report.findings, t, lang))
    out.append("\n\n" + propagation_note(lang), style="italic")
    out.append("\n\n" + transfer_vs_dns_change(lang))
    return out
