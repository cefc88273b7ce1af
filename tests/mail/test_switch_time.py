"""The DNS switch time rule of seed 002 「DNS情報切り替えのご依頼方法」: weekdays 9:00–17:30,
not the same day, with the earliest acceptable time suggested."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from mail_helpers import JST, at

from helpdesk_tui.mail import check_switch_time, parse_switch_time

THURSDAY_10 = at(19, 10)


@pytest.mark.parametrize(
    "requested",
    [at(20, 9, 0), at(20, 17, 30), at(20, 13, 15), at(23, 9, 0), at(24, 17, 29, 59)],
)
def test_accepted_times(requested):
    verdict = check_switch_time(requested, THURSDAY_10)
    assert verdict.ok and verdict.problems == () and verdict.suggestion is None


@pytest.mark.parametrize(
    ("requested", "problems", "suggestion"),
    [
        (at(20, 17, 30, 1), ("after-hours",), at(23, 9, 0)),  # Friday after 17:30 → Monday 9:00
        (at(20, 18, 0), ("after-hours",), at(23, 9, 0)),
        (at(20, 8, 59), ("before-hours",), at(20, 9, 0)),
        (at(21, 10, 0), ("weekend",), at(23, 10, 0)),  # Saturday → Monday, same time of day
        (at(22, 20, 0), ("weekend", "after-hours"), at(23, 9, 0)),
        (at(19, 15, 0), ("same-day",), at(20, 15, 0)),  # later today → tomorrow
        (at(19, 9, 30), ("same-day",), at(20, 9, 30)),  # earlier today: same-day too
        (at(18, 11, 0), ("past",), at(20, 11, 0)),
    ],
)
def test_refused_times_say_why_and_suggest_the_earliest(requested, problems, suggestion):
    verdict = check_switch_time(requested, THURSDAY_10)
    assert (verdict.ok, verdict.problems, verdict.suggestion) == (False, problems, suggestion)
    assert check_switch_time(verdict.suggestion, THURSDAY_10).ok


def test_a_friday_evening_request_for_the_same_evening_lands_on_monday():
    friday_evening = at(20, 18, 0)
    verdict = check_switch_time(at(20, 19, 0), friday_evening)
    assert verdict.problems == ("same-day", "after-hours")
    assert verdict.suggestion == at(23, 9, 0)


def test_times_are_judged_in_japan_time_whatever_offset_is_given():
    utc = datetime(2026, 11, 20, 0, 30, tzinfo=timezone.utc)  # 09:30 JST Friday
    verdict = check_switch_time(utc, THURSDAY_10)
    assert verdict.ok and verdict.at == at(20, 9, 30) and verdict.at.utcoffset() == JST.utcoffset(None)
    late_utc = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)  # 18:00 JST
    assert check_switch_time(late_utc, THURSDAY_10).problems == ("after-hours",)


def test_a_time_without_offset_is_japan_time():
    assert parse_switch_time("2026-11-20T10:00") == at(20, 10)
    assert parse_switch_time("2026-11-20T01:00:00+00:00") == at(20, 10)
    with pytest.raises(ValueError):
        parse_switch_time("next friday")
    with pytest.raises(ValueError):
        check_switch_time(datetime(2026, 11, 20, 10, 0), THURSDAY_10)
