"""The domain check: ask the authoritative servers and every resolver at once, hand each
server's result over as it arrives, then conclude.

Everything runs concurrently with one time limit per query, so checking N servers
takes about as long as the slowest answer (or the timeout), never the sum: a dead
resolver in the list costs one timeout, not one per question. The only sequential
steps are those that need an earlier answer (the zone apex before its name servers,
the MX set before its hosts' addresses).

Use :func:`check_domain` (async, with an ``on_result`` callback), :func:`iter_check`
(async iterator: the :class:`ServerReport` s as they arrive, then the
:class:`CheckReport`), or :func:`check_domain_sync` from synchronous code.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import aclosing
from dataclasses import dataclass

import httpx

from helpdesk_tui.dns.analysis import analyse, is_verification_host
from helpdesk_tui.dns.answer import Answer
from helpdesk_tui.dns.authoritative import Authority, find_authority
from helpdesk_tui.dns.expectation import Expectation, make_expectation
from helpdesk_tui.dns.findings import Finding, sort_findings, worst
from helpdesk_tui.dns.mailauth import MailAsker, mail_auth_findings
from helpdesk_tui.dns.migration_rules import migration_findings, mx_addresses
from helpdesk_tui.dns.names import DomainName, looks_like_ip, parse_domain
from helpdesk_tui.dns.query import DEFAULT_TIMEOUT, ask
from helpdesk_tui.dns.report import AUTHORITATIVE, RESOLVER, ServerReport, mx_of
from helpdesk_tui.dns.resolvers import InvalidResolver, Resolver, default_resolvers, parse_server

__all__ = ["CheckReport", "check_domain", "check_domain_sync", "iter_check", "make_expectation",
           "servers_from"]

# What is asked about the domain itself. A/AAAA tell where mail goes when there is no
# MX (RFC 5321 §5.1 implicit MX); a CNAME shows up in any of them.
DOMAIN_TYPES = ("MX", "TXT", "A", "AAAA")


@dataclass(frozen=True)
class CheckReport:
    """The outcome of a domain check."""

    domain: DomainName
    expectation: Expectation
    authority: Authority
    authoritative: tuple[ServerReport, ...]  # in the order of authority.servers
    resolvers: tuple[ServerReport, ...]  # in the order the resolvers were given
    truth: ServerReport | None  # the report the zone findings rest on
    findings: tuple[Finding, ...]  # most severe first
    elapsed: float

    @property
    def severity(self) -> str | None:
        """The worst severity among the findings (None: nothing to report)."""
        return worst(self.findings)

    @property
    def ok(self) -> bool:
        return self.severity != "error"

    def has(self, finding_id: str) -> bool:
        return any(f.id == finding_id for f in self.findings)

    def to_json(self) -> dict:
        return {
            "domain": self.domain.to_json(),
            "expect_mx": [e.ascii for e in self.expectation.mx],
            "expect_txt": list(self.expectation.txt),
            "authority": self.authority.to_json(),
            "authoritative": [r.to_json() for r in self.authoritative],
            "resolvers": [r.to_json() for r in self.resolvers],
            "truth": self.truth.server.label if self.truth else None,
            "severity": self.severity,
            "ok": self.ok,
            "findings": [f.to_json() for f in self.findings],
            "elapsed": round(self.elapsed, 3),
        }


def servers_from(specs: Iterable[Resolver | str] | None) -> tuple[Resolver, ...]:
    """Resolver objects from specs (``ADDR[:PORT]`` or a DoH URL); raises InvalidResolver."""
    return tuple(s if isinstance(s, Resolver) else parse_server(s) for s in (specs or ()))


async def iter_check(domain: str | DomainName, *, expect_mx=(), expect_txt=(),
                     resolvers: Iterable[Resolver | str] | None = None,
                     authoritative: Iterable[Resolver | str] | None = None,
                     timeout: float = DEFAULT_TIMEOUT, ns_port: int = 53,
                     expect: Expectation | None = None,
                     ) -> AsyncIterator[ServerReport | Authority | CheckReport]:
    """Yield each server's :class:`ServerReport` as it completes, then the
    :class:`CheckReport` as the last item. When the zone's name servers are discovered
    (not given), the :class:`Authority` is yielded as soon as it is known, so a caller
    can say how many servers are really asked. ``expect`` (from
    :func:`make_expectation`) replaces ``expect_mx`` / ``expect_txt`` when given.

    ``resolvers`` None means the public defaults; ``authoritative`` None means discover
    the zone's name servers through the resolvers (listening on ``ns_port``). Bad input
    raises :class:`InvalidName` / :class:`InvalidResolver` before anything is sent.
    """
    name = domain if isinstance(domain, DomainName) else parse_domain(domain)
    expect = expect if expect is not None else make_expectation(expect_mx, expect_txt)
    recursive = default_resolvers() if resolvers is None else servers_from(resolvers)
    given = servers_from(authoritative)
    if not recursive and not given:
        raise InvalidResolver("no servers to ask: give --resolver, --doh or --authoritative")
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    started = time.monotonic()
    queue: asyncio.Queue = asyncio.Queue()
    async with httpx.AsyncClient() as client:
        run = _Run(name, timeout, client, queue)
        producers = [asyncio.create_task(run.server(r, RESOLVER)) for r in recursive]
        authority_task = asyncio.create_task(run.authority(recursive, given, ns_port))
        closer = asyncio.create_task(_close_when_done([*producers, authority_task], queue))
        by_role: dict[str, list[ServerReport]] = {AUTHORITATIVE: [], RESOLVER: []}
        try:
            while (report := await queue.get()) is not None:
                if isinstance(report, Authority):
                    yield report
                    continue
                by_role[report.role].append(report)
                yield report
            for task in producers:
                task.result()  # a failure here is a bug: let it surface, not vanish
            authority = authority_task.result()
            auth_reports = _ordered(by_role[AUTHORITATIVE], authority.servers)
            resolver_reports = _ordered(by_role[RESOLVER], recursive)
            truth, findings = analyse(name, expect, auth_reports, resolver_reports)
            findings += tuple(await _mail_findings(name, expect, authority, truth,
                                                   [*auth_reports, *resolver_reports], recursive, timeout, client))
        finally:
            for task in [*producers, authority_task, closer]:
                task.cancel()
            await asyncio.gather(*producers, authority_task, closer, return_exceptions=True)
    yield CheckReport(name, expect, authority, auth_reports, resolver_reports, truth, sort_findings(findings),
                      time.monotonic() - started)


async def _mail_findings(name: DomainName, expect: Expectation, authority: Authority, truth, reports,
                         recursive: Sequence[Resolver], timeout: float, client) -> list[Finding]:
    """Migration and mail-authentication findings (they need the truth's MX and TXT)."""
    if truth is None:
        return []
    addresses = mx_addresses(truth, reports)
    out = migration_findings(name, expect, truth, addresses)
    mx = truth.answer(name.ascii, "MX")
    if mx is None or mx.status == "nxdomain":
        return out
    # A resolver that timed out in this check is not asked again: it would cost a timeout.
    alive = {r.server for r in reports if r.status != "timeout"}
    asker = MailAsker(authority.zone, tuple(s for s in authority.servers if s in alive),
                      tuple(s for s in recursive if s in alive), timeout, client)
    out += await mail_auth_findings(name, asker, truth.answer(name.ascii, "TXT"), addresses,
                                    new_server=expect.new_server, dkim_selector=expect.dkim_selector)
    return out


async def check_domain(domain: str | DomainName, *, expect_mx=(), expect_txt=(),
                       resolvers: Iterable[Resolver | str] | None = None,
                       authoritative: Iterable[Resolver | str] | None = None,
                       timeout: float = DEFAULT_TIMEOUT, ns_port: int = 53,
                       on_result: Callable[[ServerReport], object] | None = None,
                       on_authority: Callable[[Authority], object] | None = None,
                       **migration) -> CheckReport:
    """Run the check; ``on_result(report)`` is called for each server as it finishes,
    ``on_authority`` when the zone's servers are discovered. ``migration``: the keyword
    options of :func:`make_expectation` (old_mx, old_addresses, new_server, switch_at,
    dkim_selector)."""
    expect = make_expectation(expect_mx, expect_txt, **migration)
    checking = iter_check(domain, expect=expect, resolvers=resolvers,
                          authoritative=authoritative, timeout=timeout, ns_port=ns_port)
    async with aclosing(checking) as items:
        async for item in items:
            if isinstance(item, CheckReport):
                return item
            if isinstance(item, Authority):
                if on_authority is not None:
                    on_authority(item)
            elif on_result is not None:
                on_result(item)
    raise AssertionError("iter_check ended without a report")  # pragma: no cover


def check_domain_sync(domain: str | DomainName, **options) -> CheckReport:
    """:func:`check_domain` for synchronous callers (the command line)."""
    return asyncio.run(check_domain(domain, **options))


class _Run:
    """The queries of one check; each finished server goes onto the queue."""

    def __init__(self, domain: DomainName, timeout: float, client: httpx.AsyncClient,
                 queue: asyncio.Queue) -> None:
        self.domain, self.timeout, self.client, self.queue = domain, timeout, client, queue

    async def authority(self, recursive: Sequence[Resolver], given: Sequence[Resolver],
                        ns_port: int) -> Authority:
        """Find the authoritative servers and ask each of them. Given servers are asked
        at once, while their zone apex is still being looked up (only the SOA and the
        in-zone MX hosts wait for it); discovered ones once discovery is done."""
        found = asyncio.ensure_future(find_authority(
            self.domain, resolvers=recursive, given=given, timeout=self.timeout,
            client=self.client, ns_port=ns_port))
        try:
            if given:
                await asyncio.gather(*(self.server(s, AUTHORITATIVE, found) for s in given))
                return await found
            authority = await found
            await self.queue.put(authority)  # how many servers are really asked
            await asyncio.gather(*(self.server(s, AUTHORITATIVE, found) for s in authority.servers))
            return authority
        finally:
            found.cancel()  # no-op when done; stops discovery when the check is abandoned

    async def server(self, server: Resolver, role: str, authority: asyncio.Future | None = None) -> None:
        started = time.monotonic()
        answers = list(await self._ask_all(server, [(self.domain.ascii, t) for t in DOMAIN_TYPES]))
        mx = next(a for a in answers if a.rdtype == "MX")
        if mx.definitive:  # a server that failed the first question is not asked more
            zone = (await authority).zone if authority is not None else None
            hosts = [h for h in (m.host for m in mx_of(mx)) if self._resolvable(h, role, zone)]
            later = [(h, t) for h in dict.fromkeys(hosts) for t in ("A", "AAAA")]
            if role == AUTHORITATIVE and zone is not None:
                later.append((zone.ascii, "SOA"))
            answers += await self._ask_all(server, later)
        serial = None
        soa = next((a for a in answers if a.rdtype == "SOA" and a.status == "answer"), None)
        if soa is not None and soa.rdata:
            serial = soa.rdata[0].serial
        await self.queue.put(ServerReport(server, role, self.domain.ascii, tuple(answers), serial,
                                          time.monotonic() - started))

    async def _ask_all(self, server: Resolver, questions) -> list[Answer]:
        return list(await asyncio.gather(*(ask(server, n, t, timeout=self.timeout, client=self.client)
                                           for n, t in questions)))

    @staticmethod
    def _resolvable(host: str, role: str, zone: DomainName | None) -> bool:
        """Whether to look up an MX host's addresses at this server: not for a null MX,
        an IP written as a name or a verification host (none of them resolve by design),
        and at an authoritative server only for hosts inside its zone."""
        if not host or looks_like_ip(host) or is_verification_host(host):
            return False
        if role == AUTHORITATIVE:
            return zone is not None and (host == zone.ascii or host.endswith("." + zone.ascii))
        return True


async def _close_when_done(tasks: Sequence[asyncio.Task], queue: asyncio.Queue) -> None:
    await asyncio.gather(*tasks, return_exceptions=True)
    await queue.put(None)


def _ordered(reports: list[ServerReport], servers: Sequence[Resolver]) -> tuple[ServerReport, ...]:
    """Reports in the order the servers were configured (arrival order is for display)."""
    rank = {server: index for index, server in enumerate(servers)}
    return tuple(sorted(reports, key=lambda r: rank.get(r.server, len(rank))))
