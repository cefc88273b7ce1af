"""One submission, one run: the console gives each action pane a submission key, and a
key that already ran an action is refused (and audited like every refusal).

The pane itself offers no second run once it is done, but a key typed again, a worker
started twice or a stray message must not draw a second temporary password or wipe a
device twice. The keys that ran, per operator, live in the counters table
(``submissions:<operator>``), written in the action's own transaction, and are kept for
:data:`KEPT` — far longer than a pane stays open.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.actions.errors import ActionRefused

KEPT = timedelta(days=2)


def _doc_name(operator: dict) -> str:
    return f"submissions:{operator['username']}"


def check_unused(tx: Any, key: str | None, operator: dict, action: str) -> None:
    """Refuse ``key`` if it already ran an action (None: the caller has no pane, no check)."""
    if key is None:
        return
    used = (tx.counters.get_doc(_doc_name(operator)) or {}).get("keys", {}).get(key)
    if used is not None:
        raise ActionRefused("already-submitted", action=used.get("action") or action,
                            at=clock.parse_iso(used["at"]))


def mark_used(tx: Any, key: str | None, operator: dict, action: str, now: datetime) -> None:
    """Record that ``key`` ran ``action`` (in the same transaction as the change)."""
    if key is None:
        return
    name = _doc_name(operator)
    keys = (tx.counters.get_doc(name) or {}).get("keys", {})
    kept = {k: v for k, v in keys.items() if now - clock.parse_iso(v["at"]) < KEPT}
    kept[key] = {"action": action, "at": clock.iso(now)}
    tx.counters.put_doc(name, {"keys": kept})
