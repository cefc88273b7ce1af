"""Server specs as typed on the command line: ADDR[:PORT], [IPv6]:PORT, DoH URLs."""

from __future__ import annotations

import pytest

from helpdesk_tui.dns import (
    DEFAULT_DOH,
    DEFAULT_RESOLVERS,
    InvalidResolver,
    default_resolvers,
    parse_doh,
    parse_resolver,
    parse_server,
)


@pytest.mark.parametrize(("spec", "address", "port", "label"), [
    ("8.8.8.8", "8.8.8.8", 53, "8.8.8.8"),
    ("127.0.0.1:5353", "127.0.0.1", 5353, "127.0.0.1:5353"),
    ("::1", "::1", 53, "[::1]"),
    ("[::1]:5353", "::1", 5353, "[::1]:5353"),
    ("[2001:DB8::53]", "2001:db8::53", 53, "[2001:db8::53]"),
    (" 9.9.9.9 ", "9.9.9.9", 53, "9.9.9.9"),
])
def test_resolver_specs(spec, address, port, label):
    server = parse_resolver(spec)
    assert (server.kind, server.address, server.port, server.label) == ("dns", address, port, label)


@pytest.mark.parametrize(("spec", "says"), [
    ("", "empty"),
    ("dns.google", "not an IP address"),
    ("8.8.8.8:0", "port must be"),
    ("8.8.8.8:99999", "port must be"),
    ("8.8.8.8:dns", "port must be"),
    ("[::1", "missing ']'"),
    ("[::1]5353", r"\[IPv6\]:PORT"),
    ("https://dns.google/dns-query", "--doh"),
    ("300.1.1.1", "not an IP address"),
])
def test_bad_resolver_specs_say_what_was_expected(spec, says):
    with pytest.raises(InvalidResolver, match=says):
        parse_resolver(spec)


def test_doh_urls():
    server = parse_doh("https://dns.google/dns-query")
    assert (server.kind, server.label) == ("doh", "https://dns.google/dns-query")
    assert parse_server("http://127.0.0.1:8053/dns-query").kind == "doh"
    assert parse_server("1.1.1.1").kind == "dns"
    for bad in ("dns.google", "ftp://dns.google/", "https:///dns-query", "https://dns.google/q?dns=x",
                "https://dns.google:notaport/"):
        with pytest.raises(InvalidResolver):
            parse_doh(bad)


def test_defaults_are_public_resolvers_of_different_operators():
    addresses = {s.address for s in DEFAULT_RESOLVERS}
    assert {"8.8.8.8", "1.1.1.1", "9.9.9.9", "208.67.222.222"} <= addresses
    assert {s.address for s in DEFAULT_DOH} == {"https://dns.google/dns-query",
                                                  "https://cloudflare-dns.com/dns-query"}
    assert len({s.name for s in default_resolvers()}) == len(default_resolvers())
