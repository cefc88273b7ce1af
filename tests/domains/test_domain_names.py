"""Domain names as admins type them: one stored spelling, the Unicode form beside it."""

from __future__ import annotations

import pytest

from helpdesk_tui.domains import DomainInputError, parse_domain_name


@pytest.mark.parametrize(
    ("typed", "ascii_name", "unicode_name"),
    [
        ("example.co.jp", "example.co.jp", "example.co.jp"),
        ("ＥＸＡＭＰＬＥ．ｃｏ．ｊｐ", "example.co.jp", "example.co.jp"),  # full-width IME input
        (" Example.CO.JP. ", "example.co.jp", "example.co.jp"),
        ("例え。jp", "xn--r8jz45g.jp", "例え.jp"),  # ideographic full stop
        ("xn--r8jz45g.jp", "xn--r8jz45g.jp", "例え.jp"),  # the registrar's punycode
        ("ドメイン.テスト", "xn--eckwd4c7c.xn--zckzah", "ドメイン.テスト"),
    ],
)
def test_every_spelling_gives_the_stored_ascii_and_the_readable_unicode(typed, ascii_name, unicode_name):
    name = parse_domain_name(typed)
    assert (name.ascii, name.unicode) == (ascii_name, unicode_name)
    assert name.is_idn == (ascii_name != unicode_name)


def test_an_idn_is_displayed_both_ways():
    assert parse_domain_name("例え.jp").display() == "例え.jp (xn--r8jz45g.jp)"
    assert parse_domain_name("example.jp").display() == "example.jp"


@pytest.mark.parametrize(
    ("typed", "code", "says"),
    [
        ("tanaka@example.co.jp", "name-is-address", "(example.co.jp)"),
        ("https://example.co.jp/", "name-is-url", "URL"),
        ("203.0.113.5", "name-is-ip", "IP address"),
        ("localhost", "bad-name", "at least 2 labels"),
        ("foo_bar.example.jp", "bad-name", "foo_bar"),
        ("-bad.example.jp", "bad-name", "hyphen"),
        ("a..example.jp", "bad-name", "empty label"),
        ("example.123", "bad-name", "numeric"),
        ("", "bad-name", "empty"),
        ("x" * 64 + ".jp", "bad-name", "at most 63 characters"),
    ],
)
def test_unusable_names_are_refused_saying_why(typed, code, says):
    with pytest.raises(DomainInputError) as refused:
        parse_domain_name(typed)
    assert refused.value.code == code
    assert says in refused.value.message("en")
    assert refused.value.kind == "input"
    assert refused.value.message("ja") != refused.value.message("en")
