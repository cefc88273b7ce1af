"""Seed 001/004: only a mobile number receives the SMS code; format problems are named."""

from __future__ import annotations

import pytest

from helpdesk_tui import phone


@pytest.mark.parametrize(
    ("raw", "kind", "sms"),
    [
        ("09012345678", phone.KIND_MOBILE, True),
        ("080-1111-2222", phone.KIND_MOBILE, True),
        ("070 1234 5678", phone.KIND_MOBILE, True),
        ("03-1234-5678", phone.KIND_LANDLINE, False),
        ("050-1234-5678", phone.KIND_IP_PHONE, False),
        ("020-1234-5678", phone.KIND_M2M, False),
        ("0120-123-456", phone.KIND_TOLL_FREE, False),
        ("12345", phone.KIND_INVALID, False),
        ("電話なし", phone.KIND_INVALID, False),
    ],
)
def test_kind_and_sms(raw, kind, sms):
    info = phone.analyse(raw)
    assert (info.kind, info.can_receive_sms) == (kind, sms)


def test_format_problems_are_named_but_number_still_normalised():
    info = phone.analyse("０９０-１２３４-５６７８")
    assert info.e164 == "+819012345678"
    assert set(info.problems) == {phone.PROBLEM_FULL_WIDTH, phone.PROBLEM_HYPHENS}
    assert phone.analyse("09012345678").problems == ()


def test_empty_is_none_and_bad_input_never_raises():
    assert phone.analyse(None) is None and phone.analyse("  ") is None
    assert phone.analyse("+") .kind == phone.KIND_INVALID


def test_search_digits_fold_international_form():
    assert phone.digits_for_search("+81 (90) 1234-5678") == "09012345678"
    assert phone.looks_like_phone("０９０ー１２") and not phone.looks_like_phone("tanaka")
