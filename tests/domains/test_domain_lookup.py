"""The dnspython adapter behind ``domain verify``, against a real DNS server on loopback."""

from __future__ import annotations

import time

import pytest

from helpdesk_tui.domains import LookupFailed
from helpdesk_tui.domains.lookup import mx_lookup, parse_resolver


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.53", ("192.0.2.53", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("2001:db8::53", ("2001:db8::53", 53)),
        ("[::1]:5353", ("::1", 5353)),
        ("[2001:db8::53]", ("2001:db8::53", 53)),
    ],
)
def test_resolver_addresses_with_and_without_port(text, expected):
    assert parse_resolver(text) == expected


@pytest.mark.parametrize("text", ["dns.google", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "1.2.3.4:x"])
def test_bad_resolver_addresses_are_refused(text):
    with pytest.raises(ValueError):
        parse_resolver(text)


def test_mx_values_come_back_with_preference_and_host(dns_server):
    dns_server.mx["example.jp"] = ["10 mx1.example.jp.", "100 abc.msv1.invalid."]
    seen = mx_lookup(dns_server.address, 2)("example.jp")
    assert sorted(seen) == ["10 mx1.example.jp.", "100 abc.msv1.invalid."]


def test_no_mx_is_an_empty_answer_and_nxdomain_is_a_finding(dns_server):
    dns_server.nxdomain.add("gone.jp")
    lookup = mx_lookup(dns_server.address, 2)
    assert lookup("empty.jp") == []
    with pytest.raises(LookupFailed) as failed:
        lookup("gone.jp")
    assert failed.value.finding == "nxdomain"


def test_a_silent_server_is_a_timeout_within_the_limit(dns_server):
    dns_server.silent = True
    started = time.monotonic()
    with pytest.raises(LookupFailed) as failed:
        mx_lookup(dns_server.address, 0.3)("example.jp")
    assert failed.value.finding == "resolver-timeout"
    assert time.monotonic() - started < 2
    assert dns_server.queries >= 1
