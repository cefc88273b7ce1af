"""Finding the zone and its authoritative servers, given or discovered through NS."""

from __future__ import annotations

from helpdesk_tui.dns import check_domain, find_authority, find_zone, parse_domain, parse_resolver


async def test_zone_apex_is_found_by_walking_up(nsd):
    servers = [parse_resolver(nsd.spec)]
    for name, apex in [("verified.test", "verified.test"), ("mx.verified.test", "verified.test"),
                       ("a.b.missing.verified.test", "verified.test"), ("shop.cname.test", "cname.test")]:
        zone = await find_zone(parse_domain(name), servers, timeout=2)
        assert zone is not None and zone.ascii == apex, name


async def test_authoritative_servers_are_discovered_through_ns(nsd):
    # NS ns1.verified.test, whose A record is 127.0.0.1; nsd listens on its test port.
    authority = await find_authority(parse_domain("verified.test"), resolvers=[parse_resolver(nsd.spec)],
                                     timeout=2, ns_port=nsd.port)
    assert authority.source == "discovered" and authority.ns_names == ("ns1.verified.test",)
    assert [s.label for s in authority.servers] == [nsd.spec]
    assert authority.servers[0].name == "ns1.verified.test"


async def test_check_without_given_servers_asks_the_discovered_ones(nsd):
    report = await check_domain("verified.test", resolvers=[nsd.spec], timeout=2, ns_port=nsd.port)
    assert report.authority.source == "discovered"
    [auth] = report.authoritative
    assert auth.server.name == "ns1.verified.test" and auth.authoritative_answer
    assert report.truth is auth and auth.soa_serial == 1


async def test_discovery_that_finds_nothing_says_why(blackholes):
    authority = await find_authority(parse_domain("verified.test"),
                                     resolvers=[parse_resolver(blackholes[0].spec)], timeout=0.5)
    assert authority.source == "not-found" and authority.servers == ()
    assert "no SOA record found" in authority.problem
