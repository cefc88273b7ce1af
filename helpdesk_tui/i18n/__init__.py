"""Label catalogue for the console and the command line: ``ja.json`` and ``en.json``,
plus one fragment per feature in ``ja/<feature>.json`` and ``en/<feature>.json`` (tickets,
triage, dns…), merged at load; a key defined twice is an error.

Keys are flat, dotted strings. Glossary ids are labelled under ``<group>.<id>``
(``status.suspended-admin``, ``symptom.sms-not-arriving``, ``cause.…``, ``action.…``,
``role.…``, ``channel.…``, ``verification.…``) and phone kinds under
``phone.kind.<kind>``. Values may carry ``{name}`` placeholders filled by
:meth:`Catalogue.t`.

This package never imports Textual: the command line shares it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path

LANGS = ("ja", "en")
DEFAULT_LANG = "en"

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "Catalogue",
    "catalogue",
    "detect_lang",
    "format_datetime",
    "t",
]


class _Missing(dict):
    """Leave an unknown placeholder visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Catalogue:
    """Labels of one language, falling back to English, then to the key itself."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
        self.lang = lang
        self._labels = _load(lang)
        self._fallback = _load(DEFAULT_LANG) if lang != DEFAULT_LANG else {}

    def __contains__(self, key: str) -> bool:
        return key in self._labels

    def keys(self) -> set[str]:
        return set(self._labels)

    def t(self, key: str, /, **params: object) -> str:
        """The label for ``key`` with ``{placeholders}`` filled from ``params``."""
        text = self._labels.get(key)
        if text is None:
            text = self._fallback.get(key, key)
        if params:
            text = text.format_map(_Missing({k: str(v) for k, v in params.items()}))
        return text

    __call__ = t


@lru_cache(maxsize=None)
def _load(lang: str) -> Mapping[str, str]:
    # The package's own folder (installed as files): importlib.resources would add its
    # zip support to the console's start-up for nothing.
    package = Path(__file__).parent
    labels: dict[str, str] = json.loads(package.joinpath(f"{lang}.json").read_text(encoding="utf-8"))
    fragments = package.joinpath(lang)
    if fragments.is_dir():
        for fragment in sorted(fragments.iterdir(), key=lambda f: f.name):
            if not fragment.name.endswith(".json"):
                continue
            for key, text in json.loads(fragment.read_text(encoding="utf-8")).items():
                if key in labels:
                    raise ValueError(f"i18n key {key!r} is defined twice ({lang}/{fragment.name})")
                labels[key] = text
    return labels


@lru_cache(maxsize=None)
def catalogue(lang: str) -> Catalogue:
    """The shared :class:`Catalogue` for ``lang``."""
    return Catalogue(lang)


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """``ja`` when the locale says Japanese, else ``en``.

    POSIX precedence: ``LC_ALL`` overrides ``LC_MESSAGES``, which overrides ``LANG``;
    the first one set and non-empty decides.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return DEFAULT_LANG


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """Label for ``key`` in ``lang`` (default: :func:`detect_lang`)."""
    return catalogue(lang or detect_lang()).t(key, **params)


def format_datetime(moment: datetime | str | None, lang: str, *, zone=None,
                    always_zone: bool = False, zone_mark: bool = True,
                    pattern: str = "%Y-%m-%d %H:%M") -> str:
    """``2026-11-20 10:00`` in the tenant's zone (helpdesk_tui.timezones), followed by the
    zone's name (``10:00 JST``) when the operator's own zone reads another time, or
    ``always_zone`` (messages to members); ``—`` for None. ``zone`` names the tenant's
    zone explicitly (a message built for one tenant's member). ``zone_mark=False``: a table
    cell, whose column header names the zone (timezones.column_zone_note). Never the
    host's or the record's own offset: that was the bug (a 16:55 JST login read 07:55 on a
    UTC host).
    """
    from helpdesk_tui.timezones import in_display_zone, zone_label

    if moment is None or moment == "":
        return catalogue(lang).t("value.none")
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    try:
        moment = in_display_zone(moment, zone)
        label = zone_label(moment, always=always_zone) if zone_mark or always_zone else ""
    except OverflowError:  # 9999-12-31T23:59:59-23:59 has no time in the zone: show it as stored
        return moment.isoformat(timespec="minutes")
    text = moment.strftime(pattern)
    return f"{text} {label}" if label else text
