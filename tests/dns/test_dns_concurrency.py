"""Many servers at once: a dead one costs one timeout (not one per server or per
question), and each server's result is handed over as soon as it is in.

The time bounds are structural (well above one timeout, well below the sum), not a
benchmark: asking N dead servers one after the other would take N × timeout or more.
"""

from __future__ import annotations

import time
from contextlib import aclosing

from helpdesk_tui.dns import CheckReport, ServerReport, check_domain, iter_check

TIMEOUT = 1.0


async def test_dead_resolvers_cost_one_timeout_not_one_each(nsd, blackholes, doh):
    servers = [nsd.spec, *(hole.spec for hole in blackholes), doh.url]
    started = time.monotonic()
    report = await check_domain("verified.test", resolvers=servers, authoritative=[nsd.spec],
                                timeout=TIMEOUT)
    elapsed = time.monotonic() - started
    assert TIMEOUT <= elapsed < TIMEOUT * 2
    assert [r.status for r in report.resolvers] == ["ok", "timeout", "timeout", "timeout", "ok"]
    # Every question went to every dead server at once, none was waited for in turn.
    assert all(hole.received >= 4 for hole in blackholes)
    timeouts = [f for f in report.findings if f.id == "resolver-timeout"]
    assert sorted(f.subject for f in timeouts) == sorted(hole.spec for hole in blackholes)
    assert {f.severity for f in timeouts} == {"warning"}  # the others still answered
    assert "no answer within 1.0 s" in timeouts[0].evidence[0].said
    assert report.truth.server.label == nsd.spec and report.ok


async def test_when_nobody_answers_the_timeouts_are_errors_and_nothing_is_concluded(blackholes):
    started = time.monotonic()
    report = await check_domain("verified.test", resolvers=[blackholes[0].spec, blackholes[1].spec],
                                authoritative=[blackholes[2].spec], timeout=TIMEOUT)
    assert time.monotonic() - started < TIMEOUT * 2
    assert report.truth is None and report.authority.zone is None
    assert {(f.id, f.severity) for f in report.findings} == {("resolver-timeout", "error")}
    assert len(report.findings) == 3 and not report.ok


async def test_results_arrive_one_by_one_fast_before_slow(nsd, slow):
    started = time.monotonic()
    arrivals: list[tuple[str, str, float]] = []

    def on_result(server_report: ServerReport) -> None:
        arrivals.append((server_report.server.label, server_report.role, time.monotonic() - started))

    report = await check_domain("verified.test", resolvers=[slow.spec, nsd.spec],
                                authoritative=[nsd.spec], timeout=3, on_result=on_result)
    order = [(label, role) for label, role, _t in arrivals]
    assert order.index((nsd.spec, "resolver")) < order.index((slow.spec, "resolver"))
    fast_at = next(t for label, role, t in arrivals if (label, role) == (nsd.spec, "resolver"))
    assert fast_at < slow.delay  # handed over while the slow one was still waiting
    slow_report = next(r for r in report.resolvers if r.server.label == slow.spec)
    assert slow_report.status == "ok" and slow_report.elapsed >= slow.delay
    # The slow server's answers count like any other: same MX as the fast one.
    assert slow_report.mx == report.resolvers[1].mx
    assert len(arrivals) == 3  # two resolvers and one authoritative server, each once


async def test_iterator_yields_server_reports_then_the_check_report(nsd, doh):
    items = [item async for item in iter_check("verified.test", resolvers=[nsd.spec, doh.url],
                                               authoritative=[nsd.spec], timeout=2)]
    *servers, last = items
    assert isinstance(last, CheckReport)
    assert all(isinstance(s, ServerReport) for s in servers) and len(servers) == 3
    assert {s.server.label for s in servers} == {nsd.spec, doh.url}


async def test_leaving_early_does_not_wait_for_slow_servers(nsd, blackholes):
    # A screen closed mid-check: the remaining queries are cancelled, not waited for.
    started = time.monotonic()
    async with aclosing(iter_check("verified.test", resolvers=[nsd.spec, blackholes[0].spec],
                                   authoritative=[nsd.spec], timeout=5)) as items:
        async for item in items:
            assert isinstance(item, ServerReport)
            break
    assert time.monotonic() - started < 2


async def test_discovery_asks_each_step_at_once_not_label_by_label(fleet):
    # One slow resolver and two dead ones: the SOA/NS of every ancestor in one round, the
    # name servers' A and AAAA in a second. Label by label (the old way) took a round per
    # step: 4 slow answers for www.lag.test, and a timeout per unanswered A-then-AAAA.
    from helpdesk_tui.dns import find_authority, parse_domain, parse_resolver
    from loopback_dns import Blackhole, Relay

    slow, holes = Relay(fleet.port, delay=0.6), [Blackhole(), Blackhole()]
    try:
        started = time.monotonic()
        authority = await find_authority(parse_domain("www.lag.test"),
                                         resolvers=[parse_resolver(s.spec) for s in (slow, *holes)],
                                         timeout=2, ns_port=fleet.port)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
        for hole in holes:
            hole.close()
    assert authority.zone.ascii == "lag.test" and len(authority.servers) == 3
    assert 2 * slow.delay <= elapsed < 3 * slow.delay  # two rounds, not four, and no timeout
