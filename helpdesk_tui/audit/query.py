"""Reading the audit log: filtered entries, newest first, and who may see which.

Permission rule (GLOSSARY "Operator roles"): supervisors and admins see every entry; an
agent sees only the entries they wrote themselves. Asking as an agent is never refused:
the other operators' entries are simply left out (so ``audit show`` works for everyone,
and an agent's ``--operator someone-else`` finds nothing).
"""

from __future__ import annotations

from collections import deque
from typing import Any, Iterator

SEE_ALL_ROLES = frozenset({"supervisor", "admin"})

# Keys every entry has, and the chain's: not "details" worth a column.
STANDARD_KEYS = frozenset({"at", "operator", "action", "outcome", "member", "ticket",
                           "connection", "seq", "prev", "hash"})


def sees_everything(viewer: dict | None) -> bool:
    """Whether ``viewer`` (an operator record; None: a trusted caller) sees every entry."""
    return viewer is None or viewer.get("role") in SEE_ALL_ROLES


def visible_to(viewer: dict | None, entry: dict) -> bool:
    """The permission rule for one entry."""
    return sees_everything(viewer) or entry.get("operator") == (viewer or {}).get("username")


def find_entries(
    store: Any, *, member: str | None = None, ticket: str | None = None,
    operator: str | None = None, action: str | None = None, limit: int | None = None,
    newest_first: bool = True, viewer: dict | None = None,
) -> list[dict]:
    """Audit entries matching every filter given, newest first by default.

    ``viewer`` is the operator asking: an agent gets only their own entries (filtered,
    not refused); supervisors, admins and ``None`` (the domain itself, tests) get all.
    ``limit`` keeps the newest (or, with ``newest_first=False``, the oldest) ``limit``
    matches; the log is streamed, so memory is O(limit) whatever its size."""
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    matches = (entry for entry in _entries(store)
               if visible_to(viewer, entry)
               and (member is None or entry.get("member") == member)
               and (ticket is None or entry.get("ticket") == ticket)
               and (operator is None or entry.get("operator") == operator)
               and (action is None or entry.get("action") == action))
    if not newest_first:
        found = []
        for entry in matches:
            if limit is not None and len(found) >= limit:
                break
            found.append(entry)
        return found
    kept: deque[dict] = deque(maxlen=limit)
    kept.extend(matches)
    return list(reversed(kept))


def details(entry: dict) -> dict:
    """The entry's own details (symptom, reason, domain…): what is not a standard key."""
    return {key: value for key, value in entry.items() if key not in STANDARD_KEYS}


def details_text(entry: dict) -> str:
    """``key=value`` pairs of :func:`details`, for a line or a cell."""
    return " ".join(f"{key}={_short(value)}" for key, value in details(entry).items())


def _short(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items())
    return str(value)


def _entries(store: Any) -> Iterator[dict]:
    return store.iter_log("audit")
