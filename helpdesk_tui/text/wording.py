"""Codes and record texts said in the operator's language: access environments ("Android
14 app"), audit action ids (``ticket-close``) and audit details (``to=closed``).

The store keeps the ids (they are stable, GLOSSARY); only what is shown is worded. An id
or key nobody labelled is shown as it is (it is data then, and still readable).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Translate = Callable[..., str]

# "iOS 18 app", "Windows 11 PC app", "Firefox 133 browser": the platform is a proper
# name; the kind of client is a word of the operator's language.
_ENVIRONMENT = re.compile(r"^(?P<platform>.*?)\s*\b(?P<kind>PC app|app|browser|web)$", re.IGNORECASE)
_KINDS = {"pc app": "pc-app", "app": "app", "browser": "browser", "web": "browser"}

# Detail keys whose values are glossary ids with a label group of their own.
_VALUE_GROUPS = {
    "symptom": "symptom.",
    "cause": "cause.",
    "channel": "channel.",
    "method": "verification.",
    "to": "ticket.status.",
    "from": "ticket.status.",
    "status": "ticket.status.",
    "priority": "ticket.priority.",
    "role": "role.",
}


def environment(text: Any, t: Translate) -> str:
    """``Android 14 app`` → ``Android 14 アプリ`` (``t`` of the operator's language)."""
    value = "" if text is None else str(text)
    found = _ENVIRONMENT.match(value)
    if not found or not found.group("platform"):
        return value
    kind = _KINDS[found.group("kind").lower()]
    return t(f"display.env.{kind}", platform=found.group("platform"))


def _labelled(t: Translate, key: str) -> str | None:
    text = t(key)
    return None if text == key else text


def audit_action(action: Any, t: Translate) -> str:
    """An audit entry's action: the action's own label, else the audit word for it."""
    ident = str(action or "")
    return (_labelled(t, f"action.{ident}") or _labelled(t, f"display.audit.action.{ident}")
            or ident)


def detail_value(key: str, value: Any, t: Translate) -> str:
    if isinstance(value, bool):
        return t("display.yes" if value else "display.no")
    if isinstance(value, (list, tuple)):
        return ", ".join(detail_value(key, item, t) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    group = _VALUE_GROUPS.get(key)
    if group and isinstance(value, str):
        return _labelled(t, group + value) or value
    return str(value)


def audit_details(details: Mapping[str, Any], t: Translate, context: Mapping[str, Any] = {}) -> str:
    """``to=closed method=…`` → ``状態: クローズ · 確認方法: …`` (unknown keys as they are).
    A refusal's ``reason`` is the refusal's own sentence, filled from the details and
    ``context`` (the entry's member and ticket)."""
    reason = details.get("reason")
    if isinstance(reason, str) and _labelled(t, f"actions.error.{reason}"):
        params = {k: detail_value(k, v, t) for k, v in {**context, **details}.items() if k != "reason"}
        return t(f"actions.error.{reason}", **params)
    parts = []
    for key, value in details.items():
        name = _labelled(t, f"display.audit.detail.{key}") or key
        parts.append(f"{name}: {detail_value(key, value, t)}")
    return " · ".join(parts)
