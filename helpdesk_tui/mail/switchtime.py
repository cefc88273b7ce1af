"""When the hosting provider can switch DNS (seed 002 「DNS情報切り替えのご依頼方法」).

「切り替えの日時は弊社の営業時間内に限らせていただきます。営業時間: 月~金曜 9:00~17:30
(土・日・祝日での切り替えは対応外)」 and 「当日のご依頼は対応できない場合がございます」.

So a requested switch time must be, in Japan time, a weekday, between 9:00 and 17:30
(17:30 itself is inside: the hours are written 9:00~17:30), and on a later day than the
request. Public holidays (祝日) are not checked: there is no holiday calendar here, and the
console says so next to every accepted time. A refused time comes with the earliest
acceptable one at or after it (a Friday-evening request → Monday 9:00).

Japan has no daylight saving time, so a fixed +09:00 offset is Asia/Tokyo exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")
OPENS = time(9, 0)
CLOSES = time(17, 30)
PROBLEMS = ("past", "same-day", "weekend", "before-hours", "after-hours")


@dataclass(frozen=True)
class SwitchTimeCheck:
    at: datetime  # the requested time, in Japan time
    problems: tuple[str, ...]  # ids from PROBLEMS, empty when acceptable
    suggestion: datetime | None  # earliest acceptable time at or after ``at``

    @property
    def ok(self) -> bool:
        return not self.problems


def check_switch_time(at: datetime, now: datetime) -> SwitchTimeCheck:
    """Check ``at`` (aware) against the provider's switching hours, as seen at ``now``."""
    if at.tzinfo is None or now.tzinfo is None:
        raise ValueError("switch time and now must carry a UTC offset")
    local, today = at.astimezone(JST), now.astimezone(JST).date()
    problems = []
    if at <= now and local.date() != today:
        problems.append("past")
    if local.date() == today:
        problems.append("same-day")
    if local.weekday() >= 5:
        problems.append("weekend")
    if local.time() < OPENS:
        problems.append("before-hours")
    elif local.time() > CLOSES:
        problems.append("after-hours")
    suggestion = None if not problems else earliest_slot(local, today)
    return SwitchTimeCheck(local, tuple(problems), suggestion)


def earliest_slot(at: datetime, today: date) -> datetime:
    """The first acceptable time at or after ``at`` for a request made ``today``: the
    requested time of day is kept when it is inside the hours, else 9:00."""
    slot = at.astimezone(JST)
    if slot.date() <= today:
        slot = _on(today + timedelta(days=1), slot.time())
    if slot.time() < OPENS:
        slot = _on(slot.date(), OPENS)
    elif slot.time() > CLOSES:
        slot = _on(slot.date() + timedelta(days=1), OPENS)
    while slot.weekday() >= 5:
        slot = _on(slot.date() + timedelta(days=1), slot.time())
    return slot


def _on(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment.replace(tzinfo=None), tzinfo=JST)


def parse_switch_time(text: str) -> datetime:
    """ISO 8601 date and time; without an offset it is taken as Japan time (the
    provider's business hours are Japanese). ValueError when it does not parse."""
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=JST)
