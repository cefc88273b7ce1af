"""Live DNS results: one row per server, filled in the moment that server answers.

Servers known in advance (the configured resolvers, given authoritative servers) get a
"waiting…" row at once, so a server that never answers is visibly still pending while
the others already show what they said; a discovered authoritative server gets its row
when it answers. The zone's own servers stay on top (the truth first), then resolvers in
the order given. Everything a server said goes into literal ``Text`` through ``safe``:
a TXT record or an error may carry markup or escape sequences.

``findings_text`` renders findings with severity, evidence and fix in one language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.widgets import DataTable

from helpdesk_tui.widgets.safe import cell, label, safe

Translate = Callable[..., str]
AUTHORITATIVE = "authoritative"
LONG = 2000  # DNS texts and messages are cut only when absurdly long
SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan", "ok": "bold green"}
STATE_STYLES = {"match": "bold green", "stale": "bold yellow", "error": "bold red",
                "ok": "green", "timeout": "bold red", "waiting": "italic"}


def _key(server, role: str) -> str:
    return f"{role}|{server.label}"


class ServerRows(DataTable):
    """Subclasses set ``COLUMNS`` (column key, catalogue key, width) and ``cells``."""

    DEFAULT_CSS = """
    ServerRows {
        height: auto;
        max-height: 10;
        scrollbar-size-vertical: 1;
    }
    """

    COLUMNS: tuple[tuple[str, str, int], ...] = ()

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        # key -> (server, role, item or None while waiting), in arrival order
        self.entries: dict[str, tuple[object, str, object | None]] = {}
        self.t: Translate = str

    def begin(self, t: Translate, servers: Iterable[tuple[object, str]]) -> None:
        """Start a run: a waiting row for each (server, role) known in advance."""
        self.t = t
        self.entries = {_key(server, role): (server, role, None) for server, role in servers}
        self.redraw()

    def expect(self, servers: Iterable[tuple[object, str]]) -> None:
        """Servers found during the run (the zone's name servers): waiting rows for them."""
        for server, role in servers:
            self.entries.setdefault(_key(server, role), (server, role, None))
        self.redraw()

    def arrive(self, server, role: str, item) -> None:
        """One server's result; its row is filled in (or added)."""
        self.entries[_key(server, role)] = (server, role, item)
        self.redraw()

    def finish(self) -> None:
        """The run ended: rows still waiting were never reached (none normally)."""
        self.entries = {k: v for k, v in self.entries.items() if v[2] is not None}
        self.redraw()

    def relabel(self, t: Translate) -> None:
        self.t = t
        self.redraw()

    @property
    def waiting(self) -> int:
        return sum(1 for _server, _role, item in self.entries.values() if item is None)

    def redraw(self) -> None:
        t = self.t
        self.clear(columns=True)
        for key, label_key, width in self.COLUMNS:
            self.add_column(label(t(label_key), "bold"), width=width, key=key)
        ordered = sorted(self.entries.items(), key=lambda kv: kv[1][1] != AUTHORITATIVE)
        for key, (server, role, item) in ordered:
            self.add_row(*self.cells(server, role, item), key=key)

    def cells(self, server, role: str, item) -> list[Text]:
        raise NotImplementedError

    @property
    def lang(self) -> str:
        """The console's language (failures in a row are worded in it)."""
        return getattr(self.app, "lang", "en")

    def _lead(self, server, role: str) -> list[Text]:
        return [cell(server.display()), cell(self.t(f"domain-screen.role.{role}"))]


class CheckRows(ServerRows):
    """A domain check: server / role / status / what it said / time."""

    COLUMNS = (
        ("server", "domain-screen.col.server", 20),
        ("role", "domain-screen.col.role", 8),
        ("status", "domain-screen.col.status", 10),
        ("said", "domain-screen.col.said", 24),
        ("time", "domain-screen.col.time", 6),
    )

    def cells(self, server, role: str, report) -> list[Text]:
        t = self.t
        if report is None:
            return [*self._lead(server, role), cell(t("domain-screen.waiting"), STATE_STYLES["waiting"]),
                    Text(""), Text("")]
        status = report.status
        return [*self._lead(server, role), cell(t(f"dns.status.{status}"), STATE_STYLES.get(status, "")),
                cell(said(report, t, self.lang)), cell(f"{report.elapsed:.2f}s")]


class PropagationRows(ServerRows):
    """After a switch: server / role / match-stale-error / what it answered / TTL."""

    COLUMNS = (
        ("server", "domain-screen.col.server", 20),
        ("role", "domain-screen.col.role", 8),
        ("state", "domain-screen.col.state", 10),
        ("said", "domain-screen.col.said", 24),
        ("ttl", "domain-screen.col.ttl", 6),
    )

    def cells(self, server, role: str, row) -> list[Text]:
        t = self.t
        if row is None:
            return [*self._lead(server, role), cell(t("domain-screen.waiting"), STATE_STYLES["waiting"]),
                    Text(""), Text("")]
        ttl = "" if row.ttl is None else f"{row.ttl}s"
        return [*self._lead(server, role), cell(t(f"dns.state.{row.state}"), STATE_STYLES.get(row.state, "")),
                cell(row.answered(self.lang)), cell(ttl)]


def said(report, t: Translate, lang: str = "en") -> str:
    """What a server said about the domain, in one line (MX hosts, TXT count, failure)."""
    if report.status != "ok":
        problem = report.problem
        return problem.failure(lang) if problem is not None else t(f"dns.status.{report.status}")
    parts = []
    if report.role == AUTHORITATIVE:
        parts.append("AA" if report.authoritative_answer else "no-AA")
    mx = report.answer(report.domain, "MX")
    if report.mx:
        parts.append("MX " + ", ".join(m.text() for m in report.mx))
    elif mx is not None:
        parts.append(t("dns.cli.no-mx") if mx.status == "nodata" else mx.status.upper())
    parts.append(t("dns.cli.txt-count", count=len(report.txt)))
    return " · ".join(parts)


def findings_text(findings, t: Translate, lang: str) -> Text:
    """Every finding: severity and title, message, evidence (which server said what), fix."""
    out = Text()
    if not findings:
        out.append(t("dns.cli.no-findings"), style="bold green")
        return out
    for index, finding in enumerate(findings):
        if index:
            out.append("\n\n")
        out.append(f"{t(f'dns.severity.{finding.severity}')}  ", style=SEVERITY_STYLES.get(finding.severity, ""))
        out.append(finding.title(lang), style="bold")
        out.append(f"  ({finding.id})", style="dim")
        out.append("\n  ")
        out.append_text(safe(finding.message(lang), max_length=LONG))
        for evidence in finding.evidence:
            mark = " (AA)" if evidence.authoritative else ""
            out.append(f"\n  {t('dns.cli.evidence')}: ", style="italic")
            out.append_text(safe(f"{evidence.server}{mark}: {evidence.said_in(lang)}", max_length=LONG))
        out.append(f"\n  {t('dns.cli.fix')}: ", style="bold")
        out.append_text(safe(finding.fix(lang), max_length=LONG))
    return out
