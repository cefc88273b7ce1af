"""The audit log: one entry per thing an operator did (or was refused).

Every writer goes through ``record`` so the entry shape and the hash chain (chain.py)
live in one place. The log itself is the store's single-partition "audit" log;
``verify.verify_chain`` proves it whole, ``query.find_entries`` reads it.
"""

from __future__ import annotations

import json
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.audit import chain
from helpdesk_tui.operators import connection_info

SECRET_KEYS = frozenset({"password", "temp_password", "temporary_password", "secret", "token_value"})
"""Detail keys ``record`` refuses at any depth: the audit log must never hold a secret
(e.g. the temporary password of a reset), whatever a caller passes."""


def record(tx: Any, *, operator: str, action: str, outcome: str = "done", **details: Any) -> dict:
    """Append an audit entry inside transaction ``tx`` and return it.

    ``outcome`` is "done" or "refused"; ``details`` are JSON values (member, ticket,
    domain, reason…). The connection (OS user, SSH client, tty) is recorded with it, and
    the entry is chained (``seq``, ``prev``, ``hash``; the head moves in the same
    transaction). ValueError for a detail key that could carry a secret
    (:data:`SECRET_KEYS`, also inside nested values) or that the chain owns."""
    _refuse_secrets(details)
    clash = sorted(set(details) & set(chain.CHAIN_KEYS))
    if clash:
        raise ValueError(f"audit details may not use the chain's keys: {', '.join(clash)}")
    entry = {
        "at": clock.iso(clock.now()),
        "operator": operator,
        "action": action,
        "outcome": outcome,
        **{key: value for key, value in details.items() if value is not None},
        "connection": connection_info(),
    }
    # Hash exactly what a reader will parse back (tuples become lists…).
    try:
        entry = json.loads(json.dumps(entry, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"audit entry is not storable as JSON: {exc}") from None
    chain.link(tx, entry)
    tx.append("audit", entry)
    return entry


def _refuse_secrets(value: Any, where: str = "") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key).lower() in SECRET_KEYS:
                raise ValueError(f"audit detail {where}{key!r} could carry a secret; "
                                 "the audit log never stores one")
            _refuse_secrets(item, f"{where}{key}.")
    elif isinstance(value, (list, tuple)):
        for item in value:
            _refuse_secrets(item, where)
