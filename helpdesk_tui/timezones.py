"""The tenant's time zone: every time an operator reads, and every time written in a
message to a member, is in it (GLOSSARY import format ``tenant.time_zone``).

A helpdesk host often runs in UTC while the tenant works in Japan: a last access at
16:55+09:00 must read 16:55, not 07:55. When the operator's own zone (the host's local
zone) gives another wall-clock time, the time names its zone (``16:55 JST``) so nobody
has to guess.

Zone data comes from the ``tzdata`` package when the system has none, so a container
without /usr/share/zoneinfo still knows ``Asia/Tokyo``.

One process serves one tenant: the console and each command set the zone once, after
opening the store (:func:`use_tenant`); until then it is the default.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Tokyo"

_current: ZoneInfo | None = None


class UnknownZone(ValueError):
    """Not an IANA time-zone name this machine (or the tzdata package) knows."""


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; :class:`UnknownZone` when there is no such zone."""
    if not isinstance(name, str) or not name or name != name.strip() or ".." in name or name.startswith("/"):
        raise UnknownZone(f"not an IANA time-zone name: {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as problem:
        raise UnknownZone(f"unknown time zone {name!r} (an IANA name such as Asia/Tokyo)") from problem


def tenant_zone(tenant: dict | None) -> ZoneInfo:
    """The zone a tenant record names (the default when it names none or a bad one)."""
    name = (tenant or {}).get("time_zone") or DEFAULT_ZONE
    try:
        return zone(name)
    except UnknownZone:
        return zone(DEFAULT_ZONE)  # import refuses bad names; an old store keeps working


def use_tenant(tenant: dict | None) -> ZoneInfo:
    """Make ``tenant``'s zone the one times are shown in (after opening a store)."""
    global _current
    _current = tenant_zone(tenant)
    return _current


def display_zone() -> ZoneInfo:
    """The zone times are shown in: the tenant's, once a store is open."""
    return _current or zone(DEFAULT_ZONE)


def operator_zone() -> tzinfo:
    """The operator's own zone: the host's local zone (``TZ``, /etc/localtime)."""
    return datetime.now().astimezone().tzinfo


def in_display_zone(moment: datetime, target: tzinfo | None = None) -> datetime:
    """``moment`` in the tenant's zone, or ``target`` (a naive time is taken as already
    being in it)."""
    target = target or display_zone()
    if moment.tzinfo is None:
        return moment.replace(tzinfo=target)
    return moment.astimezone(target)


def zone_label(moment: datetime, *, always: bool = False) -> str:
    """The zone's abbreviation (``JST``) when ``moment``'s wall-clock time differs from
    the operator's (or ``always``); else ``""``. ``moment`` is in the display zone."""
    local = moment.astimezone(operator_zone())
    if not always and local.utcoffset() == moment.utcoffset():
        return ""
    return moment.tzname() or moment.strftime("%z")


def column_zone_note(moment: datetime | None = None) -> str:
    """`` (JST)`` for the header of a column of times when the operator's zone reads them
    differently (the cells then carry no zone of their own: no room at 80 columns)."""
    from helpdesk_tui import clock

    label = zone_label(in_display_zone(moment or clock.now()))
    return f" ({label})" if label else ""
