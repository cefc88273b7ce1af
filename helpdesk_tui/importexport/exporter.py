"""Export a store as an import document (GLOSSARY "Import format").

Exactly the format's keys (derived fields such as ``phone_e164`` are stripped), in format
order, deterministically ordered: members by id, devices by (member id, device id),
sessions by (member id, start time, session id), operators by username. Access events
``{"event": "session"}`` become sessions whose ``connected`` is false once a later
``{"event": "disconnect"}`` for the same member and session was appended.

So ``export → import into a fresh store → export`` gives an identical document. Secrets
(a temporary password's hash) are never exported (``members.secrets``); importing an
export back keeps the store's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from helpdesk_tui.importexport import schema
from helpdesk_tui.importexport.schema import normalise
from helpdesk_tui.members.secrets import without_secrets


def sessions_from_events(events: Iterable[dict]) -> list[dict]:
    """Fold access events (append order) into import-format sessions, append order."""
    sessions: dict[tuple[Any, Any], dict] = {}
    for event in events:
        kind = event.get("event")
        key = (event.get("member_id"), event.get("session_id"))
        if kind == schema.EVENT_SESSION:
            if key not in sessions:  # the first event of a session wins
                sessions[key] = normalise(event, schema.SESSION)
        elif kind == schema.EVENT_DISCONNECT:
            session = sessions.get(key)
            if session is not None:
                session["connected"] = False
    return list(sessions.values())


def _session_order(session: dict) -> tuple:
    try:
        started = datetime.fromisoformat(session["started_at"]).timestamp()
    except (TypeError, ValueError):
        started = float("inf")
    return (session["member_id"], started, session["started_at"], session["session_id"])


def export_document(store: Any) -> dict:
    """The whole store as an import document (a dict ready for ``json.dump``)."""
    doc: dict[str, Any] = {}
    tenant = store.get_tenant()
    if tenant is not None:
        doc["tenant"] = normalise(tenant, schema.TENANT)
    members = [without_secrets(normalise(m, schema.MEMBER)) for m in store.iter_members()]
    members.sort(key=lambda m: m["id"])
    devices = [normalise(d, schema.DEVICE) for d in store.iter_devices()]
    devices.sort(key=lambda d: (d["member_id"], d["device_id"]))
    sessions = sessions_from_events(store.iter_log("access"))
    sessions.sort(key=_session_order)
    operators = [normalise(o, schema.OPERATOR) for o in store.list_operators()]
    operators.sort(key=lambda o: o["username"])
    doc["members"] = members
    doc["devices"] = devices
    doc["sessions"] = sessions
    doc["operators"] = operators
    return doc
