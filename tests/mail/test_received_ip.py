"""The current server's IP from pasted headers (seed 002 「IPアドレスをメールヘッダーから
調べる方法」): which hop is chosen on each mail system's headers, and why."""

from __future__ import annotations

import pytest
from mail_helpers import FIXTURES

from helpdesk_tui.mail import find_server_ip


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fixture", "ip", "rule", "hop", "hops"),
    [
        # sent from the current account to a partner's Postfix: the current server handed it over
        ("postfix_sent_to_partner.txt", "203.0.113.25", "handed-over", 2, 3),
        # received at the hosting's front MX from Office 365; the MX relays to the mailbox
        ("exchange_o365_inbound.txt", "203.0.113.26", "receiving-relay", 4, 4),
        # Gmail "Show original": summary block above, Gmail's internal hop on top
        ("gmail_show_original.txt", "203.0.113.25", "handed-over", 2, 3),
        ("qmail.txt", "203.0.113.25", "handed-over", 2, 3),
        ("sendmail_inbound.txt", "203.0.113.26", "receiving-relay", 3, 3),
        ("ipv6.txt", "2001:db8:20::7", "handed-over", 2, 2),
        ("private_only.txt", None, "only-non-global", None, 3),
        ("no_received.txt", None, "no-received", None, 0),
    ],
)
def test_each_mail_system_gives_the_expected_hop(fixture, ip, rule, hop, hops):
    result = find_server_ip(_fixture(fixture))
    assert (result.ip, result.rule, len(result.hops)) == (ip, rule, hops)
    assert (result.hop.hop if result.hop else None) == hop
    if ip:
        assert ip in result.hop.raw or ip.upper() in result.hop.raw.upper()
        assert result.hop.raw.startswith("Received: from ")
    assert result.reason_ja and result.reason_en and result.reason_ja != result.reason_en


def test_hops_are_numbered_bottom_up_and_positions_top_down():
    result = find_server_ip(_fixture("postfix_sent_to_partner.txt"))
    assert [h.hop for h in result.hops] == [1, 2, 3]
    assert [h.position for h in result.hops] == [3, 2, 1]
    oldest = result.hops[0]
    assert oldest.from_names == ("p1234-ipngn.example.ne.jp",) and oldest.by_host == "mail.ows-server.jp"
    assert oldest.skipped == (("192.168.1.20", "private"),)
    assert result.hops[2].skipped == (("127.0.0.1", "loopback"),)


def test_the_reason_says_which_hop_and_what_to_do_when_unsure():
    result = find_server_ip(_fixture("gmail_show_original.txt"))
    assert "hop 2" in result.reason_en and "mx.google.com" in result.reason_en
    assert "sent this message from the current account" in result.reason_en
    assert "下から 2 番目" in result.reason_ja


def test_naming_the_current_server_pins_the_answer():
    inbound = _fixture("exchange_o365_inbound.txt")
    pinned = find_server_ip(inbound, server="OWS-SERVER.JP.")
    assert (pinned.ip, pinned.rule, pinned.hop.hop) == ("203.0.113.26", "server-from", 4)
    outlook = find_server_ip(inbound, server="outlook.com")
    assert (outlook.ip, outlook.rule) == ("40.107.113.101", "server-from")
    absent = find_server_ip(_fixture("qmail.txt"), server="example-isp.ne.jp")
    assert (absent.ip, absent.rule) == (None, "server-not-found")
    assert "example-isp.ne.jp" in absent.reason_en


def test_an_exchange_server_writing_its_own_address_in_the_by_part():
    text = ("Received: from client.example.net (198.51.100.20) by EXCH01.hosting.example.jp\r\n"
            " (203.0.113.40) with Microsoft SMTP Server id 15.1.2507.39; Thu, 19 Nov 2026\r\n"
            " 10:00:00 +0900\r\n")
    result = find_server_ip(text, server="hosting.example.jp")
    assert (result.ip, result.rule) == ("203.0.113.40", "server-by")
    assert find_server_ip(text).rule == "receiving-by"


def test_body_lines_after_the_headers_are_not_hops():
    result = find_server_ip(_fixture("postfix_sent_to_partner.txt"))
    assert "192.0.2.200" not in {h.global_ip for h in result.hops}


def test_folding_crlf_indentation_and_junk_are_tolerated():
    text = ("  some junk the mail client added\r\n"
            "  Received: from\r\n"
            "  \tmail.ows-server.jp\r\n"
            "  \t(mail.ows-server.jp [203.0.113.25]) by mx.example.jp with ESMTP;\r\n"
            "  \tThu, 19 Nov 2026 10:00:00 +0900\r\n"
            "  this line is not a header\r\n")
    result = find_server_ip(text)
    assert result.ip == "203.0.113.25"
    assert result.hop.raw == ("Received: from mail.ows-server.jp (mail.ows-server.jp [203.0.113.25])"
                              " by mx.example.jp with ESMTP; Thu, 19 Nov 2026 10:00:00 +0900")


@pytest.mark.parametrize(
    ("line", "ip"),
    [
        ("from mail.example.jp ([203.0.113.9]:51234 helo=mail.example.jp) by mx.example.org", "203.0.113.9"),
        ("from unknown (HELO mail.example.jp) (203.0.113.9) by mx.example.org", "203.0.113.9"),
        ("from mail.example.jp (mail.example.jp [IPv6:2001:db8::9]) by mx.example.org", "2001:db8::9"),
        ("from mail.example.jp (HELO x) ([::ffff:203.0.113.9]) by mx.example.org", "203.0.113.9"),
        # the client's own HELO literal is private; the address the server saw is global
        ("from [10.1.2.3] (p1.example.ne.jp [198.51.100.9]) by mx.example.org", "198.51.100.9"),
    ],
)
def test_address_dialects(line, ip):
    assert find_server_ip(f"Received: {line}; Thu, 19 Nov 2026 10:00:00 +0900").ip == ip


@pytest.mark.parametrize(
    ("address", "why"),
    [("100.64.1.2", "shared"), ("169.254.1.1", "link-local"), ("0.0.0.0", "unspecified"),
     ("::1", "loopback"), ("fd00::1", "private"), ("ff02::1", "multicast"),
     ("240.0.0.1", "reserved")],
)
def test_non_global_addresses_are_skipped_with_the_reason(address, why):
    result = find_server_ip(f"Received: from h.example.jp ([{address}]) by mx.example.org; date")
    assert result.ip is None and result.rule == "only-non-global"
    assert result.hops[0].skipped == ((address, why),)
    mapped = find_server_ip("Received: from h.example.jp ([::ffff:192.168.0.1]) by mx.example.org")
    assert mapped.hops[0].skipped == (("192.168.0.1", "private"),)


def test_headers_without_any_address_or_garbage_do_not_crash():
    qmail_only = "Received: (qmail 123 invoked by uid 89); 19 Nov 2026 01:20:05 -0000\n"
    assert find_server_ip(qmail_only).rule == "no-address"
    for garbage in ("", "\x00\x1b[31m", "Received:", "Received: from (((( by [[[", "::::\n\t\t"):
        result = find_server_ip(garbage)
        assert result.ip is None and result.reason_en


def test_json_has_the_hop_the_raw_line_and_both_reasons():
    data = find_server_ip(_fixture("sendmail_inbound.txt")).to_json()
    assert data["ip"] == "203.0.113.26" and data["hop"] == 3 and data["rule"] == "receiving-relay"
    assert data["raw"].startswith("Received: from mx1.ows-server.jp")
    assert set(data["reason"]) == {"ja", "en"} and "002_c707fd664de90ac5.txt" in data["source"]
    assert [h["hop"] for h in data["hops"]] == [1, 2, 3]
