"""The store's member table as the mirror of a live directory (LINE WORKS API 2.0).

A mirror record is an import-format member (the keys the API owns replaced on every read,
:data:`API_KEYS`) plus one key of its own, ``mirror`` — never exported (the exporter keeps
the format's keys only):

    "mirror": {"seen_at": ISO,        # when the API last returned this member
               "gone_at": ISO | None, # a sync found the API no longer lists it
               "awaiting": bool}      # the API's isAwaiting flag (lineworks/directory.py)

The counters document ``directory-sync`` says when the last full sync ended and what it
found: ``{"at", "members", "gone", "backend", "domain"}``. "Mirror as of" is the member's
own ``seen_at`` when it has one (a single-member read may be newer than the last sync).
No Textual here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from helpdesk_tui import clock

SYNC_DOC = "directory-sync"
MIRROR = "mirror"

# The member keys the API's User object maps to (lineworks/directory.py, user_to_member).
API_KEYS = ("id", "name", "kana", "email", "status", "is_admin", "department", "position", "rank",
            "workplace", "phone", "mobile", "recovery_mobile", "recovery_email")


def mirror_record(local: dict | None, fresh: dict, *, seen_at: datetime | None = None,
                  awaiting: bool | None = None) -> dict:
    """The mirror's record: ``local`` with the API-owned keys taken from ``fresh`` (an
    import-format member from the API), derived E.164 fields recomputed, the member's
    ``mirror`` facts updated (seen now: no longer gone)."""
    from helpdesk_tui.importexport import member_record

    merged = dict(local or {})
    for key in API_KEYS:
        merged[key] = fresh.get(key)
    merged["is_admin"] = bool(merged.get("is_admin"))
    record = member_record(merged)
    facts = dict((local or {}).get(MIRROR) or {})
    facts["seen_at"] = clock.iso(seen_at or clock.now())
    facts["gone_at"] = None
    if awaiting is not None:
        facts["awaiting"] = bool(awaiting)
    facts.setdefault("awaiting", False)
    record[MIRROR] = facts
    return record


def marked_gone(record: dict, at: datetime) -> dict:
    """``record`` marked as no longer in the directory (kept: tickets refer to it)."""
    facts = dict(record.get(MIRROR) or {})
    if facts.get("gone_at"):
        return record
    facts["gone_at"] = clock.iso(at)
    return {**record, MIRROR: facts}


def gone_at(member: dict | None) -> datetime | None:
    value = ((member or {}).get(MIRROR) or {}).get("gone_at")
    return clock.parse_iso(value) if value else None


def awaiting(member: dict | None) -> bool:
    return bool(((member or {}).get(MIRROR) or {}).get("awaiting"))


def last_sync(store) -> dict[str, Any] | None:
    """The ``directory-sync`` document (None: never synced)."""
    return store.counter(SYNC_DOC)


def as_of(store, member: dict | None) -> datetime | None:
    """When the mirror's copy of ``member`` (or, without one, the mirror) was true."""
    seen = ((member or {}).get(MIRROR) or {}).get("seen_at")
    if seen:
        return clock.parse_iso(seen)
    doc = last_sync(store)
    return clock.parse_iso(doc["at"]) if doc and doc.get("at") else None
