"""Seed 000: the tenant's domains, their ownership and the primary-domain switch.

The table lists every domain with its state (pending → verified → primary). Keys act on
the highlighted domain: ``a`` add one (IDN and full-width input; the prompt shows the
Unicode and punycode forms), ``r`` the exact record to publish, ``c`` a live DNS check
(authoritative servers first, then the resolvers; each row fills in as its server
answers, then the findings with evidence and fix), ``v`` verify (the same live check,
its verdict recorded by ``domains.verify_domain``), ``p`` make primary (every seed-000
warning, the domain typed back), ``d`` delete (typed back; irreversible for the provided
``*.by-works.com`` domain).

The domain layer decides every rule (role, state, the 24 h lock) and audits it; this
screen shows its verdict in the operator's language. Store and DNS work run in thread
workers; each DNS run has a number so a late answer from a superseded run is ignored.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable

from helpdesk_tui import clock
from helpdesk_tui.dns import default_resolvers, servers_from
from helpdesk_tui.screens.confirm_typed import ConfirmTypedModal
from helpdesk_tui.screens.text_prompt import TextPromptModal
from helpdesk_tui.widgets import domain_texts as texts
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.domain_detail import DomainDetail, expected_mx, hint_text, migration_context
from helpdesk_tui.widgets.domain_table import DomainTable
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


NEEDS_DOMAIN = {"record", "check", "verify", "primary", "delete"}


class DomainsScreen(HelpdeskScreenMixin, Screen):
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("a", "add", "key.domain-add", id="domain-add"),
        Binding("r", "record", "key.domain-record", id="domain-record"),
        Binding("c", "check", "key.domain-check", id="domain-check"),
        Binding("v", "verify", "key.domain-verify", id="domain-verify"),
        Binding("p", "primary", "key.domain-primary", id="domain-primary"),
        Binding("d", "delete", "key.domain-delete", id="domain-delete"),
    ]

    class Loaded(Message):
        def __init__(self, views: list, error: str | None = None) -> None:
            super().__init__()
            self.views, self.error = views, error

    class Said(Message):
        """For the detail pane: ``render(t, lang) -> Text``. ``rows``: keep the live rows
        shown; ``reload``: read the domains again and then highlight ``select``; ``run``:
        the DNS run it belongs to (dropped when superseded)."""

        def __init__(self, render, *, rows: bool = False, reload: bool = False,
                     select: str | None = None, run: int | None = None) -> None:
            super().__init__()
            self.render, self.rows, self.reload, self.select, self.run = render, rows, reload, select, run

    class PrimaryAllowed(Message):
        """Every rule but the acknowledgement is met: show the warnings."""

        def __init__(self, target, params: dict) -> None:
            super().__init__()
            self.target, self.params = target, params

    def __init__(self, resolvers=None, authoritative=None, timeout: float = 3.0) -> None:
        super().__init__()
        # Parsed now (no I/O): a bad address fails here, not in a worker.
        self.resolvers = default_resolvers() if resolvers is None else list(servers_from(resolvers))
        self.authoritative = list(servers_from(authoritative)) or None
        self.timeout = timeout
        self.views: list | None = None
        self.select_next: str | None = None

    @property
    def detail(self) -> DomainDetail:
        return self.query_one(DomainDetail)

    @property
    def selected(self):
        return self.query_one(DomainTable).selected

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        yield DomainTable(id="domain-table")
        yield DomainDetail(self.resolvers, self.authoritative, self.timeout, id="domain-detail")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.query_one(DomainTable).focus()
        self.detail.say(hint_text("domain-screen.loading"), hint=True)
        self._title()
        self.load()

    # -- reading and showing --------------------------------------------------------
    @work(thread=True, exclusive=True, group="domains-load")
    def load(self) -> None:
        from helpdesk_tui.domains import list_domains
        from helpdesk_tui.store import StoreError

        try:
            self.post_message(self.Loaded(list_domains(self.helpdesk.store, clock.now())))
        except StoreError as problem:
            self.post_message(self.Loaded([], error=str(problem)))

    def on_domains_screen_loaded(self, message: Loaded) -> None:
        self.views = message.views
        self._table()
        if self.select_next:
            self.query_one(DomainTable).select(self.select_next)
            self.select_next = None
        if message.error:
            self.detail.say(lambda t, lang: texts.problem_text(message.error))
        elif self.detail.hinting:
            self.detail.say(hint_text("domain-screen.hint" if self.views else "domains.none"), hint=True)
        self.refresh_bindings()

    def store_changed(self) -> None:
        self.load()

    def _title(self) -> None:
        app = self.helpdesk
        self.query_one(TitleBar).show(Text(app.t("domain-screen.title")), app.operator_label())

    def _table(self) -> None:
        if self.views is not None:
            app = self.helpdesk
            self.query_one(DomainTable).show(self.views, app.t, app.lang)

    def relabel(self) -> None:
        self._title()
        self._table()
        self.detail.relabel()

    def on_domains_screen_said(self, message: Said) -> None:
        if message.run is not None and message.run != self.detail.run:
            return
        self.detail.say(message.render, rows=message.rows)
        if message.reload:
            self.select_next = message.select
            self.load()

    def _failed(self, problem, run: int | None = None) -> Said:
        """The domain layer's refusal (in the operator's language) or another failure."""
        if hasattr(problem, "message"):
            return self.Said(lambda t, lang: texts.problem_text(problem.message(lang)), run=run)
        return self.Said(lambda t, lang: texts.problem_text(str(problem)), run=run)

    def _engine_error(self, problem: BaseException, run: int) -> Said:
        """Any other failure of the DNS engine: said on the screen (the console stays)."""
        detail = f"{type(problem).__name__}: {problem}"
        return self.Said(lambda t, lang: texts.problem_text(t("dns.cli.engine-error", error=detail)), run=run)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_DOMAIN:
            return True if self.selected is not None else None
        return True

    @on(DataTable.RowHighlighted, "#domain-table")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    # -- c: the live check; v: the same check, its verdict recorded -------------------
    def action_check(self) -> None:
        if self.selected is not None:
            self.check(self.detail, self.detail.next_run(), self.selected)

    @work(thread=True, group="domains-dns")
    def check(self, detail: DomainDetail, run: int, view) -> None:
        from helpdesk_tui.dns import InvalidName, InvalidResolver

        try:
            context = migration_context(self.helpdesk.store, view)
            report = asyncio.run(detail.check(run, view, expected_mx(view), context))
        except (InvalidName, InvalidResolver) as bad:
            self.post_message(self._failed(bad, run))
            return
        except Exception as problem:  # noqa: BLE001 - an engine bug must not end the console
            self.post_message(self._engine_error(problem, run))
            return
        self.post_message(self.Said(lambda t, lang: texts.check_text(report, t, lang), rows=True, run=run))

    def action_verify(self) -> None:
        if self.selected is not None:
            self.verify(self.detail, self.detail.next_run(), self.selected)

    @work(thread=True, group="domains-dns")
    def verify(self, detail: DomainDetail, run: int, view) -> None:
        from helpdesk_tui.dns import InvalidName, InvalidResolver
        from helpdesk_tui.domains import LocalizedError, verify_domain
        from helpdesk_tui.domains.lookup import mx_from_report
        from helpdesk_tui.store import StoreError

        app, seen = self.helpdesk, {}

        def lookup(name: str) -> list[str]:  # verify_domain calls it outside the store lock
            seen["report"] = report = asyncio.run(detail.check(run, view, expected_mx(view)))
            return mx_from_report(report)

        try:
            result = verify_domain(app.store, app.operator, view.name, lookup)
        except (LocalizedError, StoreError, InvalidName, InvalidResolver) as problem:
            self.post_message(self._failed(problem, run))
            return
        except Exception as problem:  # noqa: BLE001 - an engine bug must not end the console
            self.post_message(self._engine_error(problem, run))
            return
        report = seen.get("report")
        self.post_message(self.Said(lambda t, lang: texts.verify_text(result, report, t, lang),
                                    rows=report is not None, reload=True, run=run))

    # -- a: add (Unicode and punycode shown as typed); r: the record to publish ---------
    def action_add(self) -> None:
        t = self.helpdesk.t
        prompt = TextPromptModal(t("domain-screen.add-title"), placeholder=t("domain-screen.add-placeholder"),
                                 hint=t("domain-screen.add-hint"),
                                 preview=lambda text: texts.name_preview(text, self.helpdesk.t, self.helpdesk.lang))
        self.app.push_screen(prompt, lambda text: self.add(text) if text else None)

    @work(thread=True, group="domains-store")
    def add(self, text: str) -> None:
        from helpdesk_tui.domains import LocalizedError, add_domain
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        try:
            view = add_domain(app.store, app.operator, text)
        except (LocalizedError, StoreError) as problem:
            self.post_message(self._failed(problem))
            return

        def render(t, lang: str) -> Text:
            out = safe(t("domains.added", domain=view.display()), "bold green")
            out.append("\n\n")
            out.append_text(texts.record_text(view.record, t, owned=False))
            return out

        self.post_message(self.Said(render, reload=True, select=view.name))

    def action_record(self) -> None:
        if self.selected is not None:
            self.record(self.selected)

    @work(thread=True, group="domains-store")
    def record(self, view) -> None:
        from helpdesk_tui.domains import LocalizedError, get_domain, publish_record
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        try:
            record = publish_record(app.store, app.operator, view.name)  # may issue a token
            owned = get_domain(app.store, view.name).status in ("verified", "in-use")
        except (LocalizedError, StoreError) as problem:
            self.post_message(self._failed(problem))
            return
        self.post_message(self.Said(lambda t, lang: texts.record_text(record, t, owned=owned), reload=True))

    # -- p: make primary; d: delete (both typed back) ---------------------------------
    def action_primary(self) -> None:
        if self.selected is not None:
            self.primary_allowed(self.selected)

    @work(thread=True, group="domains-store")
    def primary_allowed(self, view) -> None:
        """Ask the domain layer first: a refusal for the role, the state or the 24 h lock
        comes without the warnings."""
        from helpdesk_tui.domains import LocalizedError, check_primary, switch_impact, warning_params
        from helpdesk_tui.store import StoreError

        app, now = self.helpdesk, clock.now()
        try:
            target = check_primary(app.store, app.operator, view.name)
            params = warning_params(app.store.get_tenant(), target.name, switch_impact(app.store), now)
        except (LocalizedError, StoreError) as problem:
            self.post_message(self._failed(problem))
            return
        self.post_message(self.PrimaryAllowed(target, params))

    def on_domains_screen_primary_allowed(self, message: PrimaryAllowed) -> None:
        from helpdesk_tui.domains import SWITCH_WARNINGS, DomainInputError, parse_domain_name, switch_warnings

        app, target, t = self.helpdesk, message.target, self.helpdesk.t
        first = SWITCH_WARNINGS[0]
        citation = t("domains.warning.source", seed=first.seed, heading=first.heading)

        def matches(typed: str) -> bool:
            try:
                return parse_domain_name(typed).ascii == target.name
            except DomainInputError:
                return False

        lines = texts.primary_lines(target, switch_warnings(app.lang, message.params), citation, t)
        modal = ConfirmTypedModal(t("domain-screen.primary-title"), lines,
                                  t("domain-screen.type-back", domain=target.display()), matches,
                                  waiting=t("domain-screen.type-waiting"), ready=t("domain-screen.type-ready"))
        self.app.push_screen(modal, lambda typed: self.make_primary(target.name) if typed else None)

    @work(thread=True, group="domains-store")
    def make_primary(self, name: str) -> None:
        from helpdesk_tui.domains import WARNING_IDS, LocalizedError, make_primary
        from helpdesk_tui.domains.names import unicode_form
        from helpdesk_tui.i18n import format_datetime
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        try:
            result = make_primary(app.store, app.operator, name, acknowledged=WARNING_IDS)
        except (LocalizedError, StoreError) as problem:
            self.post_message(self._failed(problem))
            return
        old = unicode_form(result.previous) if result.previous else "-"

        def render(t, lang: str) -> Text:
            until = format_datetime(result.locked_until, lang)
            return safe(t("domains.primary.done", new=result.domain.display(), old=old, until=until),
                        "bold green", max_length=texts.LONG)

        self.post_message(self.Said(render, reload=True, select=name))

    def action_delete(self) -> None:
        view, t = self.selected, self.helpdesk.t
        if view is None:
            return
        modal = ConfirmTypedModal(t("domain-screen.delete-title"), texts.delete_lines(view, t),
                                  t("domain-screen.type-back", domain=view.display()),
                                  lambda typed: typed in (view.name, view.unicode),
                                  waiting=t("domain-screen.type-waiting"), ready=t("domain-screen.type-ready"))
        self.app.push_screen(modal, lambda typed: self.delete(view.name, typed) if typed else None)

    @work(thread=True, group="domains-store")
    def delete(self, name: str, typed: str) -> None:
        from helpdesk_tui.domains import LocalizedError, delete_domain
        from helpdesk_tui.store import StoreError

        app = self.helpdesk
        try:
            result = delete_domain(app.store, app.operator, name, confirm=typed)
        except (LocalizedError, StoreError) as problem:
            self.post_message(self._failed(problem))
            return

        def render(t, lang: str) -> Text:
            shown = f"{result.unicode} ({result.name})" if result.unicode != result.name else result.name
            out = safe(t("domains.delete.done", domain=shown), "bold green")
            if result.irreversible:
                out.append("\n" + t("domains.delete.irreversible"), style="bold red")
            return out

        self.post_message(self.Said(render, reload=True))

    def action_back(self) -> None:
        self.dismiss()
