"""Import a document (GLOSSARY "Import format") into a store: all or nothing.

``import_document`` validates the whole document first and imports nothing on any problem
(``ImportRejected`` carries every problem). Otherwise one store transaction:

- members upserted (whole records, every format key, plus the derived ``phone_e164``,
  ``mobile_e164``, ``recovery_mobile_e164`` from ``phone.e164``);
- devices upserted (key: member id + device id);
- sessions appended to the "access" log as ``{"event": "session", …}``; a session whose
  session id the member already has is skipped, so importing the same file twice changes
  nothing the second time;
- the tenant replaced by the file's tenant object, when the file has one;
- operators upserted.

An existing member's status, app-access block and recovery contacts change only with
``apply_state_changes=True`` (``StateChangesNeedConfirmation`` lists them otherwise, and
nothing is imported); each such change is audited and notified on its own
(``state_changes``). A stored temporary password's hash is kept when the file carries
none (exports never do: ``members.secrets``).

``load_file`` reads a file with clear errors for unreadable, non-UTF-8 or invalid JSON
(line and column).
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import asdict, dataclass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpdesk_tui import audit, clock, phone
from helpdesk_tui.importexport import schema
from helpdesk_tui.importexport.schema import normalise
from helpdesk_tui.importexport.state_changes import StateChangesNeedConfirmation, changes_for, record_changes
from helpdesk_tui.importexport.validate import ImportProblem, Validator, show
from helpdesk_tui.members.secrets import keep_stored_secrets
from helpdesk_tui.operators.admin import apply_import as apply_operator_import

# Below this many members with sessions, look up existing sessions member by member;
# above it, read the access log once.
_PER_MEMBER_LOOKUP_LIMIT = 32


class ImportFileError(Exception):
    """The file cannot be read as a JSON document."""

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class ImportRejected(Exception):
    """The document has problems; nothing was imported."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        first = f": {self.problems[0]}" if self.problems else ""
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"import refused, {count} problem{'s' * (count != 1)}{first}{more}")


@dataclass(frozen=True)
class ImportSummary:
    members: int = 0  # member records written (added or replaced)
    devices: int = 0
    sessions_added: int = 0
    sessions_skipped: int = 0  # already in the store (re-import)
    tenant_replaced: bool = False
    operators: int = 0
    state_changes: int = 0  # existing members' status / app block / recovery contacts changed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- file


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def load_file(path: str | os.PathLike) -> Any:
    """Parse ``path`` as UTF-8 JSON (a leading BOM is allowed); ``ImportFileError`` says
    what is wrong and where. The result is not validated (see ``validate``)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFileError(path, "no such file") from None
    except IsADirectoryError:
        raise ImportFileError(path, "is a directory, not a file") from None
    except PermissionError:
        raise ImportFileError(path, "permission denied") from None
    except OSError as exc:
        raise ImportFileError(path, f"cannot read: {exc.strerror or exc}") from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportFileError(
            path,
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at line {line}, column {column}"
            f" (byte offset {exc.start}); save the file as UTF-8",
        ) from None
    if not text.strip():
        raise ImportFileError(path, "the file is empty")
    try:
        return json.loads(
            text, object_pairs_hook=_object_without_duplicates, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except _DuplicateKey as exc:
        raise ImportFileError(
            path, f"not valid JSON: the key {show(exc.args[0])} appears twice in one object"
        ) from None
    except ValueError as exc:
        raise ImportFileError(path, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportFileError(path, "not valid JSON: nested too deeply") from None


# --------------------------------------------------------------------------- records


def member_record(member: dict, e164: Callable[[str], str | None] | None = None) -> dict:
    """The store record of a (valid) import-format member: every format key, in format
    order, plus the derived E.164 fields. ``e164(raw)`` defaults to ``phone.e164``."""
    if e164 is None:
        e164 = phone.e164
    record = dict(schema.filled(member, schema.MEMBER))
    for derived, source in schema.DERIVED_MEMBER_FIELDS.items():
        raw = record[source]
        record[derived] = e164(raw) if raw else None
    return record


def session_event(session: dict) -> dict:
    """The access-log entry of a (valid) import-format session."""
    return {"event": schema.EVENT_SESSION, **schema.filled(session, schema.SESSION)}


def _operator_name(operator: Any) -> str | None:
    if operator is None:
        return None
    if isinstance(operator, dict):
        return operator.get("username")
    return str(operator)


# --------------------------------------------------------------------------- import


def import_document(
    store: Any, doc: Any, *, operator: Any = None, timeout: float | None = 10.0,
    apply_state_changes: bool = False,
) -> ImportSummary:
    """Validate ``doc`` and import it into ``store`` in one transaction.

    Raises ``ImportRejected`` (nothing imported) when the document has any problem.
    ``operator`` (a username or an operator record), when given, is recorded in an audit
    entry ``{"action": "import", …}``.
    """
    validator = Validator(member_exists=lambda member_id: store.get_member(member_id) is not None)
    problems = validator.run(doc)
    if problems:
        raise ImportRejected(problems)

    members = [member_record(m, validator.e164) for m in doc.get("members", ())]
    # (the store copies every record it is given; these are not modified)
    devices = [schema.filled(d, schema.DEVICE) for d in doc.get("devices", ())]
    events = [session_event(s) for s in doc.get("sessions", ())]
    operators = [normalise(o, schema.OPERATOR) for o in doc.get("operators", ())]
    tenant = normalise(doc["tenant"], schema.TENANT) if "tenant" in doc else None

    file_members = {m["id"] for m in members}
    outside = {r["member_id"] for r in devices} | {e["member_id"] for e in events}
    outside -= file_members

    with store.transaction(timeout) as tx:
        # The store may have changed since validation: re-check references, under the lock.
        gone = sorted(mid for mid in outside if tx.members.get(mid) is None)
        if gone:
            raise ImportRejected(_reference_problems(doc, set(gone)))

        stored = {m["id"]: tx.members.get(m["id"]) for m in members}
        given = {m["id"]: m for m in doc.get("members", ())}
        members = [keep_stored_secrets(m, stored[m["id"]], given[m["id"]]) for m in members]
        changes = [c for m in members for c in changes_for(stored[m["id"]], m)]
        if changes and not apply_state_changes:
            raise StateChangesNeedConfirmation(changes)
        existing = _existing_sessions(store, {e["member_id"] for e in events})
        if members:
            tx.members.put_many(members)
        if devices:
            tx.devices.put_many(devices)
        added = skipped = 0
        for event in events:
            key = (event["member_id"], event["session_id"])
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            tx.append("access", event, key=event["member_id"])
            added += 1
        if tenant is not None:
            tx.tenant.set(tenant)
        apply_operator_import(tx, operators, _operator_name(operator))  # admin-only, audited per change
        summary = ImportSummary(
            members=len(members),
            devices=len(devices),
            sessions_added=added,
            sessions_skipped=skipped,
            tenant_replaced=tenant is not None,
            operators=len(operators),
            state_changes=len(changes),
        )
        username = _operator_name(operator)
        if changes:
            record_changes(tx, changes, stored, {m["id"]: m for m in members}, tenant or tx.tenant.get(),
                           username or "-")
        if username is not None:
            audit.record(tx, operator=username, action="import", **summary.to_dict())
    return summary


def _existing_sessions(store: Any, member_ids: set[str]) -> set[tuple[str, str]]:
    """(member id, session id) of the session events already in the access log."""
    found: set[tuple[str, str]] = set()
    if not member_ids or store.log_count("access") == 0:
        return found
    if len(member_ids) <= _PER_MEMBER_LOOKUP_LIMIT:
        entries = (e for mid in sorted(member_ids) for e in store.access_events_for(mid))
    else:
        entries = store.iter_log("access")
    for entry in entries:
        if entry.get("event") == schema.EVENT_SESSION and entry.get("member_id") in member_ids:
            found.add((entry["member_id"], entry.get("session_id")))
    return found


def _reference_problems(doc: dict, gone: set[str]) -> list[ImportProblem]:
    problems = []
    for key in ("devices", "sessions"):
        for index, record in enumerate(doc.get(key, ())):
            if record["member_id"] in gone:
                problems.append(
                    ImportProblem(
                        f"{key}[{index}].member_id",
                        f"unknown member {show(record['member_id'])}: neither in this file's"
                        " members nor in the store",
                    )
                )
    return problems
