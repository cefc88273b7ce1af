"""The audit log: one entry per thing an operator did (or was refused).

Every writer goes through ``record`` so the entry shape (and, with the actions issue, the
hash chain) lives in one place. The log itself is the store's single-partition "audit" log.
"""

from __future__ import annotations

from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.operators import connection_info


def record(tx: Any, *, operator: str, action: str, outcome: str = "done", **details: Any) -> dict:
    """Append an audit entry inside transaction ``tx`` and return it.

    ``outcome`` is "done" or "refused"; ``details`` are JSON values (member, ticket,
    domain, reason…). The connection (OS user, SSH client, tty) is recorded with it."""
    entry = {
        "at": clock.iso(clock.now()),
        "operator": operator,
        "action": action,
        "outcome": outcome,
        **{key: value for key, value in details.items() if value is not None},
        "connection": connection_info(),
    }
    tx.append("audit", entry)
    return entry
