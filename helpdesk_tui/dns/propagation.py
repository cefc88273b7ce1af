"""After the MX switch: which resolvers already see the new mail server.

Seed 002 asks for the switch only when every device is set up, and then a parallel week
with both servers, because caches all over the Internet keep the old MX for a while.
This view makes "a while" concrete: per resolver, ``match`` (already answers the new
MX), ``stale`` (still answers the old one; its remaining TTL says when its cache
expires) or ``error``; and it checks the source first: if the zone's own servers do not
serve the new MX yet, the change has not been made and waiting will not help.

The TTL estimate is a lower bound for well-behaved caches; some resolvers keep records
longer, which is why seed 002 still says 48 hours to a week.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime, timedelta

from helpdesk_tui import clock
from helpdesk_tui.dns.authoritative import Authority
from helpdesk_tui.dns.check import CheckReport, iter_check, make_expectation
from helpdesk_tui.dns.server_rules import lagging
from helpdesk_tui.dns.findings import Evidence, Finding, sort_findings, worst
from helpdesk_tui.dns.names import DomainName, parse_domain
from helpdesk_tui.dns.query import DEFAULT_TIMEOUT
from helpdesk_tui.dns.report import AUTHORITATIVE, ServerReport
from helpdesk_tui.dns.resolvers import Resolver
from helpdesk_tui.i18n import catalogue

__all__ = [
    "PropagationReport",
    "PropagationRow",
    "check_propagation",
    "check_propagation_sync",
    "iter_propagation",
    "propagation_note",
    "transfer_vs_dns_change",
]

MATCH, STALE, ERROR = "match", "stale", "error"
# Findings of the full check that matter after a switch: whether mail can reach the new
# server at all. (Expected TXT values and leftover records are the domain check's job.)
# A migration breaks mail authentication too: the new server must pass SPF, DKIM and PTR
# checks at receivers, so those findings stay as well.
_KEPT = {"nxdomain", "mx-missing", "mx-wrong-host", "mx-points-to-cname", "mx-points-to-ip",
         "mx-dangling", "null-mx", "cname-at-apex", "resolver-timeout", "resolver-error",
         "mx-host-unresolvable", "soa-serial-mismatch", "lame-delegation", "resolver-not-recursive",
         "mx-dual-delivery", "ttl-long", "spf-missing", "spf-too-many-lookups", "spf-permissive-all",
         "spf-missing-server", "dmarc-missing", "dmarc-policy-none", "dmarc-malformed", "dkim-missing",
         "ptr-mismatch"}


@dataclass(frozen=True)
class PropagationRow:
    """One server's state; ``expires_at`` (stale rows) is when its cached answer runs out."""

    report: ServerReport
    state: str  # match / stale / error
    hosts: tuple[str, ...]  # MX hosts it answered
    ttl: int | None  # remaining TTL it reported (negative-cache TTL for NXDOMAIN/NODATA)
    expires_at: datetime | None

    @property
    def server(self) -> Resolver:
        return self.report.server

    @property
    def role(self) -> str:
        return self.report.role

    def answered(self, lang: str = "en") -> str:
        """What it answered, for the table: the MX hosts, or NXDOMAIN / NODATA / the
        failure (worded in ``lang``)."""
        answer = self.report.answer(self.report.domain, "MX")
        if self.hosts:
            return ", ".join(self.hosts)
        if answer is None:
            return "—"
        return {"nodata": "NODATA", "nxdomain": "NXDOMAIN"}.get(answer.status) or answer.failure(lang)

    def to_json(self) -> dict:
        return {
            **self.server.to_json(),
            "role": self.role,
            "state": self.state,
            "mx": list(self.hosts),
            "answered": self.answered(),
            "ttl": self.ttl,
            "expires_at": clock.iso(self.expires_at) if self.expires_at else None,
            "soa_serial": self.report.soa_serial,
        }


@dataclass(frozen=True)
class PropagationReport:
    domain: DomainName
    expected: tuple[DomainName, ...]
    old: DomainName | None
    authority: Authority
    source: str | None  # match / stale / error of the authoritative truth; None: not asked
    rows: tuple[PropagationRow, ...]  # resolvers, in the order given
    authoritative_rows: tuple[PropagationRow, ...]
    findings: tuple[Finding, ...]
    checked_at: datetime  # when the check started
    estimate: datetime | None  # when every stale cache has expired, by TTL
    elapsed: float

    @property
    def severity(self) -> str | None:
        return worst(self.findings)

    @property
    def propagated(self) -> bool:
        return any(f.id == "propagated" for f in self.findings)

    def to_json(self) -> dict:
        return {
            "domain": self.domain.to_json(),
            "expect_mx": [e.ascii for e in self.expected],
            "old_mx": self.old.ascii if self.old else None,
            "authority": self.authority.to_json(),
            "source": self.source,
            "authoritative": [r.to_json() for r in self.authoritative_rows],
            "resolvers": [r.to_json() for r in self.rows],
            "checked_at": clock.iso(self.checked_at),
            "estimate": clock.iso(self.estimate) if self.estimate else None,
            "propagated": self.propagated,
            "severity": self.severity,
            "findings": [f.to_json() for f in self.findings],
            "elapsed": round(self.elapsed, 3),
        }


def classify(report: ServerReport, expected: Iterable[DomainName], old: DomainName | None,
             now: datetime) -> PropagationRow:
    """Match when every expected host is there and the old one is gone."""
    answer = report.answer(report.domain, "MX")
    hosts = tuple(mx.host or "." for mx in report.mx)
    if report.status != "ok" or answer is None:
        return PropagationRow(report, ERROR, hosts, None, None)
    wanted = {e.ascii for e in expected}
    if wanted <= set(hosts) and (old is None or old.ascii not in hosts):
        return PropagationRow(report, MATCH, hosts, answer.ttl, None)
    expires = now + timedelta(seconds=answer.ttl) if answer.ttl is not None else None
    return PropagationRow(report, STALE, hosts, answer.ttl, expires)


async def iter_propagation(domain: str | DomainName, expect_mx, *, old_mx: str | None = None,
                           resolvers: Iterable[Resolver | str] | None = None,
                           authoritative: Iterable[Resolver | str] | None = None,
                           timeout: float = DEFAULT_TIMEOUT, ns_port: int = 53,
                           old_addresses=(), new_server: str | None = None,
                           ) -> AsyncIterator[PropagationRow | Authority | PropagationReport]:
    """Yield a :class:`PropagationRow` per server as it answers (authoritative servers
    too: see ``row.role``; the discovered :class:`Authority` when known), then the
    :class:`PropagationReport` last. ``old_addresses`` (the old server's IP from the
    migration checklist) recognise the old MX by address; ``new_server`` is checked
    against SPF."""
    name = domain if isinstance(domain, DomainName) else parse_domain(domain)
    expected = make_expectation(expect_mx).mx
    if not expected:
        raise ValueError("propagation needs the new MX host (--expect-mx)")
    old = make_expectation(old_mx).mx[0] if old_mx else None
    if old is not None and old in expected:
        raise ValueError(f"the old MX {old.ascii} is also the new one")
    started = clock.now()
    # Rows by report identity: the final report reuses the rows made on arrival.
    rows: dict[int, PropagationRow] = {}
    expect = make_expectation(expected, old_mx=(old,) if old else (), old_addresses=old_addresses,
                              new_server=new_server)
    checking = iter_check(name, expect=expect, resolvers=resolvers,
                          authoritative=authoritative, timeout=timeout, ns_port=ns_port)
    async with aclosing(checking) as items:
        async for item in items:
            if isinstance(item, CheckReport):
                yield _conclude(item, expected, old, started, rows)
            elif isinstance(item, Authority):
                yield item
            else:
                # A cache's remaining TTL counts from when it answered: classify on arrival.
                rows[id(item)] = row = classify(item, expected, old, clock.now())
                yield row


async def check_propagation(domain: str | DomainName, expect_mx, *,
                            on_result: Callable[[PropagationRow], object] | None = None,
                            **options) -> PropagationReport:
    """Run the propagation check; ``on_result(row)`` for each server as it answers.
    Options as :func:`iter_propagation`."""
    async with aclosing(iter_propagation(domain, expect_mx, **options)) as items:
        async for item in items:
            if isinstance(item, PropagationReport):
                return item
            if on_result is not None and isinstance(item, PropagationRow):
                on_result(item)
    raise AssertionError("iter_propagation ended without a report")  # pragma: no cover


def check_propagation_sync(domain: str | DomainName, expect_mx, **options) -> PropagationReport:
    return asyncio.run(check_propagation(domain, expect_mx, **options))


def _conclude(check: CheckReport, expected, old, now: datetime,
              streamed: dict[int, PropagationRow]) -> PropagationReport:
    rows = tuple(streamed[id(r)] for r in check.resolvers)
    auth_rows = tuple(streamed[id(r)] for r in check.authoritative)
    truth = check.truth
    source = None
    if truth is not None and truth.role == AUTHORITATIVE:
        source = streamed[id(truth)].state
    findings = [f for f in check.findings if f.id in _KEPT]
    if source == STALE and not any(f.id == "mx-wrong-host" and f.severity == "error" for f in findings):
        # The new MX is there but so is the old one: the switch is half done at the source
        # (an error, replacing the domain check's "not the preferred MX" warning).
        findings = [f for f in findings if f.id != "mx-wrong-host"]
        findings.append(Finding("mx-wrong-host", "error", check.domain.display(),
                                (_evidence(truth),), {
                                    "expected": ", ".join(e.ascii for e in expected),
                                    "found": ", ".join(mx.text() for mx in truth.mx),
                                }))
    # The truth's own state is the source check above (when it is authoritative).
    # A secondary behind on the SOA serial is soa-serial-mismatch: waiting does not fix
    # it, so it is left out of the estimate (its finding says so).
    behind = lagging(check.authoritative)
    stale = [row for row in (*auth_rows, *rows)
             if row.state == STALE and (row.report is not truth or source is None)
             and id(row.report) not in behind]
    for row in stale:
        evidence = tuple(_evidence(r) for r in (truth, row.report) if r is not None)
        findings.append(Finding("stale", "warning", row.server.label, evidence, {
            "type": "MX",
            "ttl": "?" if row.ttl is None else str(row.ttl),
            "until": _when(row.expires_at),
        }))
    expires = [row.expires_at for row in stale if row.expires_at is not None]
    # No estimate while the source itself is wrong: caches would only refetch the same.
    estimate = max(expires) if expires and source != STALE else None
    matching = [row for row in rows if row.state == MATCH]
    # Old and new MX both at the source: half the mail still goes to the old server.
    dual = any(f.id == "mx-dual-delivery" for f in findings)
    if source in (MATCH, None) and not stale and matching and not dual:
        findings.append(Finding("propagated", "ok", check.domain.display(), (), {
            "expected": ", ".join(e.ascii for e in expected),
            "count": str(len(matching)),
        }))
    return PropagationReport(check.domain, tuple(expected), old, check.authority, source, rows,
                             auth_rows, sort_findings(findings), now, estimate, check.elapsed)


def _evidence(report: ServerReport) -> Evidence:
    answer = report.answer(report.domain, "MX")
    said = answer.said() if answer is not None else "—"
    return Evidence(report.server.label, said, report.role == AUTHORITATIVE)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip() if moment else "?"


def transfer_vs_dns_change(lang: str) -> str:
    """Seed 002 「ドメイン移管とDNS情報切り替えの違い」: a registrar transfer does not move mail."""
    return catalogue(lang).t("dns.explain.transfer_vs_change")


def propagation_note(lang: str) -> str:
    """Seed 002: propagation is said to take 48 h to a week; keep both servers for a week."""
    return catalogue(lang).t("dns.explain.parallel_week")
