"""Domain names as admins paste them: Unicode, full-width, punycode, with stray dots."""

from __future__ import annotations

import pytest

from helpdesk_tui.dns import InvalidName, parse_domain


@pytest.mark.parametrize("typed", [
    "例え.jp",
    "例え。jp",  # ideographic full stop from a Japanese IME
    "例え．ｊｐ",  # full-width dot and letters
    "xn--r8jz45g.jp",
    "XN--R8JZ45G.JP.",  # upper case, trailing dot
    "ｘｎ－－ｒ８ｊｚ４５ｇ．ｊｐ",  # the punycode typed in full width
    "  例え.jp  ",
])
def test_every_spelling_of_an_idn_is_the_same_name(typed):
    name = parse_domain(typed)
    assert (name.ascii, name.unicode) == ("xn--r8jz45g.jp", "例え.jp")
    assert name.is_idn
    assert name.display() == "例え.jp (xn--r8jz45g.jp)"


def test_full_width_ascii_folds_to_ascii():
    name = parse_domain("ＥＸＡＭＰＬＥ．ＣＯ．ＪＰ")
    assert (name.ascii, name.unicode, name.is_idn) == ("example.co.jp", "example.co.jp", False)
    assert name.display() == "example.co.jp"


def test_service_labels_with_underscore_are_names_too():
    assert parse_domain("_dmarc.example.jp").ascii == "_dmarc.example.jp"


@pytest.mark.parametrize(("typed", "says"), [
    ("", "empty"),
    ("   ", "empty"),
    ("example", "at least 2 labels"),
    ("exa mple.jp", "no spaces"),
    ("example..jp", "empty label"),
    ("192.0.2.1", "IP address"),
    ("tanaka@example.jp", "after the @"),
    ("https://example.jp/", "http://"),
    ("-bad.example.jp", "letters, digits and hyphens"),
    ("a" * 64 + ".jp", "at most 63"),
    ("xn--zzzz.jp", "not valid punycode"),
    ("ex!ample.jp", "letters, digits and hyphens"),
    ("例え.123", "numeric label"),
    ("a." * 130 + "jp", "longer than 253"),
])
def test_malformed_names_are_refused_with_the_reason(typed, says):
    with pytest.raises(InvalidName, match=says):
        parse_domain(typed)


def test_parent_and_within():
    name = parse_domain("mail.例え.jp")
    assert name.parent().unicode == "例え.jp"
    assert name.is_within("xn--r8jz45g.jp") and name.is_within(parse_domain("例え.jp"))
    assert not name.is_within("jp.example")
    assert parse_domain("jp", min_labels=1).parent() is None
