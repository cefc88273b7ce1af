"""Regression tests for the crashes of issue 13 (``TypeError: cannot unpack non-iterable
NoneType`` in ``_mx_host``): an MX host whose addresses nobody could give is reported as
``mx-host-unresolvable`` with what each server said, never as an exception and never as
``mx-dangling`` (that would claim the host has no address)."""

from __future__ import annotations

import pytest

from helpdesk_tui.dns import check_domain, check_propagation
from loopback_dns import Relay


@pytest.fixture
def no_aaaa(nsd):
    relay = Relay(nsd.port, drop=("AAAA",))
    yield relay
    relay.close()


def _ids(report):
    return {f.id for f in report.findings}


async def test_authoritative_only_leaves_an_outside_mx_host_unknown_not_a_crash(nsd):
    # --authoritative without a resolver: nobody is asked about mx.faraway.test.
    report = await check_domain("outmx.test", resolvers=[], authoritative=[nsd.spec], timeout=1)
    [finding] = [f for f in report.findings if f.id == "mx-host-unresolvable"]
    assert finding.subject == "mx.faraway.test" and finding.severity == "warning"
    assert "mx-dangling" not in _ids(report)
    assert "アドレスがないという証拠ではありません" in finding.message("ja")


async def test_a_refusing_resolver_gives_evidence_per_server(nsd, blackholes):
    # nsd used as resolver refuses names outside its zones; a dead resolver times out.
    report = await check_domain("outmx.test", resolvers=[nsd.spec, blackholes[0].spec],
                                authoritative=[nsd.spec], timeout=1)
    [finding] = [f for f in report.findings if f.id == "mx-host-unresolvable"]
    said = {(e.server, e.said.split(": ", 1)[1]) for e in finding.evidence if "faraway" in e.said}
    assert (nsd.spec, "server answered REFUSED") in said
    # The dead resolver failed the domain's own questions, so it was not asked about the host.
    assert finding.params["asked"] == "1" and "resolver-timeout" in _ids(report)
    ja = {e.said_in("ja") for e in finding.evidence}
    assert "mx.faraway.test A: サーバの応答 REFUSED" in ja


async def test_aaaa_dropped_by_a_middlebox_is_unknown_not_dangling(no_aaaa):
    report = await check_domain("v6.test", resolvers=[no_aaaa.spec], authoritative=[no_aaaa.spec],
                                timeout=1)
    assert "mx-host-unresolvable" in _ids(report) and "mx-dangling" not in _ids(report)


async def test_mail_propagation_survives_the_same_answers(nsd):
    report = await check_propagation("outmx.test", "mx.faraway.test", resolvers=[],
                                     authoritative=[nsd.spec], timeout=1)
    assert report.source == "match" and report.to_json()["findings"] is not None


async def test_a_host_that_really_has_no_address_is_still_dangling(nsd):
    report = await check_domain("dangling.test", resolvers=[nsd.spec], authoritative=[nsd.spec], timeout=1)
    assert "mx-dangling" in _ids(report) and "mx-host-unresolvable" not in _ids(report)


async def test_a_cname_loop_as_mx_host_is_reported_not_followed_forever(nsd, unbound):
    # Asked directly (nsd) and through a real resolver (unbound answers SERVFAIL or the
    # partial chain): findings either way, never an exception or a hang.
    report = await check_domain("loop.test", resolvers=[nsd.spec, unbound.spec], authoritative=[nsd.spec],
                                timeout=2)
    found = {(f.id, f.subject) for f in report.findings}
    assert ("mx-points-to-cname", "a.loop.test") in found
    assert report.truth is not None and report.truth.role == "authoritative"
