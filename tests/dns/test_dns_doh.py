"""DNS-over-HTTPS (RFC 8484) through httpx against a real local HTTP endpoint."""

from __future__ import annotations

import httpx

from helpdesk_tui.dns import ask, check_domain, parse_doh, parse_resolver


async def test_doh_returns_what_udp_returns(nsd, doh):
    before = len(doh.requests)
    for name, rdtype in [("verified.test", "MX"), ("verified.test", "TXT"), ("mx.verified.test", "AAAA"),
                         ("missing.verified.test", "MX"), ("nomx.test", "MX")]:
        over_udp = await ask(parse_resolver(nsd.spec), name, rdtype, timeout=2)
        over_doh = await ask(parse_doh(doh.url), name, rdtype, timeout=2)
        assert over_doh.transport == "doh" and over_udp.transport == "udp"
        assert (over_doh.status, over_doh.records, over_doh.ttl, over_doh.aa) == \
            (over_udp.status, over_udp.records, over_udp.ttl, over_udp.aa), (name, rdtype)
    # RFC 8484 §4.1: POST with the wire format, media type application/dns-message.
    assert set(doh.requests[before:]) == {("/dns-query", "application/dns-message")}


async def test_doh_resolver_in_a_check(nsd, doh):
    report = await check_domain("例え.test", expect_mx="mx.例え.test", resolvers=[doh.url],
                                authoritative=[nsd.spec], timeout=2)
    [row] = report.resolvers
    assert row.server.kind == "doh" and row.status == "ok"
    assert [m.text() for m in row.mx] == ["10 mx.xn--r8jz45g.test"]
    assert [f.id for f in report.findings] == ["verified"]


async def test_a_failing_doh_server_is_a_resolver_error(nsd, doh):
    report = await check_domain("verified.test", resolvers=[doh.broken_url, nsd.spec],
                                authoritative=[nsd.spec], timeout=2)
    [error] = [f for f in report.findings if f.id == "resolver-error"]
    assert error.subject == doh.broken_url and error.params["error"] == "HTTP 503"
    assert report.ok  # the other servers answered


async def test_doh_with_nothing_listening_is_an_error_not_a_crash():
    answer = await ask(parse_doh("http://127.0.0.1:9/dns-query"), "verified.test", "MX", timeout=1)
    assert answer.status == "error" and "HTTP request failed" in answer.error


async def test_a_shared_client_is_used_as_given(nsd, doh):
    async with httpx.AsyncClient() as client:
        answer = await ask(parse_doh(doh.url), "verified.test", "MX", timeout=2, client=client)
        assert not client.is_closed
    assert answer.records == ("10 mx.verified.test.",)
