"""The lower half of the domain screen: the live DNS rows and what was concluded.

:meth:`DomainDetail.check` runs one live check (call it inside ``asyncio.run`` in a
thread worker): it posts each server's report to this widget as it arrives, and the row
fills in at once. Each run has a number; answers of a superseded run are dropped.
:meth:`say` shows a text built by ``render(t, lang)``, built again after a language
switch.
"""

from __future__ import annotations

from contextlib import aclosing

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from helpdesk_tui.widgets.dns_results import CheckRows
from helpdesk_tui.widgets.safe import safe


class DomainDetail(VerticalScroll):
    DEFAULT_CSS = """
    DomainDetail { height: 1fr; }
    DomainDetail > CheckRows { display: none; }
    DomainDetail > CheckRows.-shown { display: block; }
    DomainDetail > #domain-info { height: auto; padding: 0 1; }
    """

    class Started(Message):
        def __init__(self, run: int, domain: str) -> None:
            super().__init__()
            self.run, self.domain = run, domain

    class Discovered(Message):
        """The zone's name servers were found: they are asked too."""

        def __init__(self, run: int, authority) -> None:
            super().__init__()
            self.run, self.authority = run, authority

    class Answered(Message):
        def __init__(self, run: int, report) -> None:
            super().__init__()
            self.run, self.report = run, report

    def __init__(self, resolvers, authoritative, timeout: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resolvers, self.authoritative, self.timeout = resolvers, authoritative, timeout
        self.run = 0
        self.domain, self.asking = "", 0  # the running check's domain and true server count
        self.shown = None
        self.hinting = True  # only the loading text or the hint is shown

    def compose(self) -> ComposeResult:
        yield CheckRows(id="domain-rows")
        yield Static(id="domain-info")

    # -- the text -------------------------------------------------------------------
    def say(self, render, *, hint: bool = False, rows: bool | None = None) -> None:
        """Show ``render(t, lang)``; ``rows`` True / False shows / hides the live rows."""
        self.shown, self.hinting = render, hint
        if rows is not None:
            self.query_one(CheckRows).set_class(rows, "-shown")
        self._update()

    def relabel(self) -> None:
        self.query_one(CheckRows).relabel(self.app.t)
        self._update()

    def _update(self) -> None:
        if self.shown is not None:
            self.query_one("#domain-info", Static).update(self.shown(self.app.t, self.app.lang))

    # -- the live check -------------------------------------------------------------
    def next_run(self) -> int:
        self.run += 1
        return self.run

    async def check(self, run: int, view, expect_mx=(), migration: dict | None = None):
        """Ask every server about ``view``'s domain; return the CheckReport (any thread).
        ``migration``: what the tenant's checklist knows (see :func:`migration_context`)."""
        from helpdesk_tui.dns import Authority, CheckReport, iter_check, make_expectation

        self.post_message(self.Started(run, view.display()))
        expect = make_expectation(expect_mx, **(migration or {}))
        checking = iter_check(view.name, expect=expect, resolvers=self.resolvers,
                              authoritative=self.authoritative, timeout=self.timeout)
        async with aclosing(checking) as items:
            async for item in items:
                if isinstance(item, CheckReport):
                    return item
                if isinstance(item, Authority):
                    self.post_message(self.Discovered(run, item))
                else:
                    self.post_message(self.Answered(run, item))
        raise AssertionError("iter_check ended without a report")  # pragma: no cover

    def on_domain_detail_started(self, message: Started) -> None:
        message.stop()
        if message.run != self.run:
            return
        servers = [(s, "authoritative") for s in self.authoritative or ()]
        servers += [(s, "resolver") for s in self.resolvers]
        self.query_one(CheckRows).begin(self.app.t, servers)
        self.domain, self.asking = message.domain, len(servers)
        self._asking()

    def _asking(self) -> None:
        """「…: 5 台のサーバに問い合わせ」: the true count, discovered name servers included."""
        from helpdesk_tui.dns.findings import servers_phrase

        domain, count, timeout = self.domain, self.asking, f"{self.timeout:g}"
        self.say(lambda t, lang: safe(t("dns.cli.checking", domain=domain, servers=servers_phrase(t, count),
                                         timeout=timeout), "italic"), rows=True)

    def on_domain_detail_discovered(self, message: Discovered) -> None:
        message.stop()
        if message.run != self.run:
            return
        self.query_one(CheckRows).expect((s, "authoritative") for s in message.authority.servers)
        self.asking += len(message.authority.servers)
        self._asking()

    def on_domain_detail_answered(self, message: Answered) -> None:
        message.stop()
        if message.run == self.run:
            report = message.report
            self.query_one(CheckRows).arrive(report.server, report.role, report)


def hint_text(key: str):
    """A render for a plain catalogue hint."""
    return lambda t, lang: Text(t(key), style="italic")


def expected_mx(view) -> tuple[str, ...]:
    """While ownership is being proven the verification host is expected, so the check
    says "verified" once it is there instead of calling it a leftover."""
    record = view.record
    if record is not None and view.status not in ("verified", "in-use"):
        return (record.host,)
    return ()


def migration_context(store, view) -> dict:
    """For a mail domain in use: the old server's IP, the switch time and the new server
    from the tenant's migration checklist (mx-dual-delivery, ttl-long, SPF); {} otherwise."""
    from helpdesk_tui.mail import load_checklist
    from helpdesk_tui.store import StoreError

    if view.status != "in-use":
        return {}
    try:
        known = load_checklist(store)
    except StoreError:
        return {}
    return {"old_addresses": (known.server_ip,) if known.server_ip else (),
            "switch_at": known.switch_at, "new_server": known.new_server}
