"""The record parsers behind SPF, DMARC and DKIM findings: exact results for the forms
admins publish, and no exception for any text a zone may hold (a property test)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk_tui.dns.mailrecords import dkim_key, is_spf, parse_dmarc, parse_spf


def test_spf_terms_qualifiers_and_lookup_cost():
    record = parse_spf("v=spf1 ip4:192.0.2.0/24 a/24 mx:mail.example.jp -include:_spf.example.net "
                       "exists:%{i}.x.example ?all redirect=_spf.example.org bogus:1")
    assert [(t.qualifier, t.name, t.value) for t in record.terms] == [
        ("+", "ip4", "192.0.2.0/24"), ("+", "a", ""), ("+", "mx", "mail.example.jp"),
        ("-", "include", "_spf.example.net"), ("+", "exists", "%{i}.x.example"), ("?", "all", ""),
        ("", "redirect", "_spf.example.org")]
    assert [t.text() for t in record.terms if t.costs_lookup] == [
        "a", "mx:mail.example.jp", "-include:_spf.example.net", "exists:%{i}.x.example",
        "redirect=_spf.example.org"]
    assert record.all.qualifier == "?" and record.problems == ("unknown term 'bogus:1'",)
    assert is_spf("V=SPF1 -all") and is_spf("v=spf1") and not is_spf("v=spf10 -all")


def test_dmarc_forms():
    assert parse_dmarc("v=DMARC1; p=Reject; rua=mailto:d@example.jp").policy == "reject"
    assert parse_dmarc("v=DMARC1;p=none").problem is None
    assert parse_dmarc("v=DMARC1; rua=mailto:d@example.jp").problem == "no-policy"
    assert parse_dmarc("p=reject; v=DMARC1").problem == "no-version"
    bad = parse_dmarc("v=DMARC1; p=reject; pct=150")
    assert (bad.problem, bad.detail) == ("bad-pct", {"value": "150"})
    assert parse_dmarc("v=DMARC1; p=reject; junk").detail == {"part": "junk"}


def test_dkim_key_problems():
    assert dkim_key("v=DKIM1; p=").problem == "revoked"
    assert dkim_key("v=DKIM1; p=!!!").problem == "not-base64"
    assert dkim_key("v=DKIM1; p=AAAA").problem == "not-rsa"
    assert (dkim_key("v=DKIM2; p=AAAA").problem, dkim_key("v=DKIM2; p=AAAA").detail) == ("bad-version",
                                                                                      {"version": "DKIM2"})
    assert dkim_key("v=DKIM1; k=ed25519; p=" + "A" * 43 + "=").problem is None


WORDS = st.sampled_from(["v=spf1", "v=DMARC1", "v=DKIM1", "p=", "p=none", "include:", "all", "-all", "+",
                         "?", "~", "=", ";", ":", "/", "a/24", "ip4:999.1.1.1/99", "ip6:zz::/200",
                         "k=rsa", "k=ed25519", "redirect=", "%{i}", "\x00", "\x1b[31m", "ｐ＝ｒｅｊｅｃｔ"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(WORDS, max_size=12).map(" ".join)))
def test_no_record_text_makes_a_parser_raise(text):
    spf = parse_spf(text)
    [t.text() for t in spf.terms]
    parse_dmarc(text)
    dkim_key(text)


def test_every_problem_code_is_labelled_in_both_languages():
    from helpdesk_tui.i18n import catalogue

    codes = {"not-tag", "no-version", "no-policy", "bad-policy", "bad-pct", "several", "bad-version", "no-key",
             "revoked", "not-base64", "not-ed25519", "unknown-type", "not-rsa", "short", "no-record", "no-all"}
    for lang in ("ja", "en"):
        assert all(f"dns.problem.{code}" in catalogue(lang) for code in codes)
