"""Changing who may use the console: admin-only, one audit entry per change.

Every change re-reads the acting operator from the store inside the transaction, so an
admin demoted a second ago can no longer promote anyone. The last admin cannot be
removed or demoted (nobody could add operators again). Operators in an import file go
through :func:`apply_import` — the same rule and the same audit entries.
"""

from __future__ import annotations

import pwd
from typing import Any, Iterable

from helpdesk_tui import audit
from helpdesk_tui.glossary import ROLES


class OperatorChangeRefused(Exception):
    """Not allowed (not an admin, the last admin); audited."""


class OperatorChangeInvalid(ValueError):
    """Malformed request (unknown role, no such operator or account); nothing changed."""


def fresh(tx_or_store: Any, username: str) -> dict | None:
    """The operator record as the store has it now (None if removed or role unknown)."""
    operators = getattr(tx_or_store, "operators", None)
    record = operators.get(username) if operators is not None else tx_or_store.get_operator(username)
    if record is None or record.get("role") not in ROLES:
        return None
    return record


def add(store: Any, actor: str, username: str, role: str, display_name: str | None = None,
        *, check_account: bool = True) -> dict:
    _check_role(role)
    if check_account:
        try:
            pwd.getpwnam(username)
        except KeyError:
            raise OperatorChangeInvalid(f"no OS account {username!r} on this host; operators are OS accounts "
                                        f"(create it first, e.g. useradd {username})") from None

    def change(tx) -> dict:
        if tx.operators.get(username) is not None:
            raise OperatorChangeInvalid(f"{username!r} is already an operator (operator set-role to change the role)")
        record = {"username": username, "role": role, "display_name": display_name or username}
        tx.operators.put(record)
        audit.record(tx, operator=actor, action="operator-add", target=username, role=role)
        return record

    return _audited(store, actor, "operator-add", username, change)


def remove(store: Any, actor: str, username: str) -> None:
    def change(tx) -> None:
        before = _existing(tx, username)
        _keep_an_admin(tx, username, before, None)
        tx.operators.delete(username)
        audit.record(tx, operator=actor, action="operator-remove", target=username, previous_role=before["role"])

    _audited(store, actor, "operator-remove", username, change)


def set_role(store: Any, actor: str, username: str, role: str) -> dict:
    _check_role(role)

    def change(tx) -> dict:
        before = _existing(tx, username)
        if before.get("role") == role:
            return before
        _keep_an_admin(tx, username, before, role)
        record = {**before, "role": role}
        tx.operators.put(record)
        audit.record(tx, operator=actor, action="operator-set-role", target=username, role=role,
                     previous_role=before.get("role"))
        return record

    return _audited(store, actor, "operator-set-role", username, change)


def _audited(store: Any, actor: str, action: str, target: str, change) -> Any:
    """Run ``change`` as ``actor`` (re-read: must be an admin now); a refusal is audited
    and raised after its commit, a malformed request changes nothing."""
    refused = None
    with store.transaction() as tx:
        try:
            _require_admin(tx, actor)
            return change(tx)
        except OperatorChangeRefused as problem:
            refused = problem
            audit.record(tx, operator=actor, action=action, outcome="refused", target=target, reason=str(problem))
    raise refused


def apply_import(tx: Any, records: Iterable[dict], actor: str | None) -> int:
    """Operators of an import file, inside the import's transaction: each addition or
    role change is its own audit entry; when the store already has operators, only an
    admin (re-read here) may make them."""
    changes = []
    for record in records:
        before = tx.operators.get(record["username"])
        if before is None or before.get("role") != record.get("role"):
            changes.append((before, record))
        elif before != record:
            tx.operators.put(record)  # a display name: no role changes hands
    if changes and actor is not None and tx.operators.all():
        _require_admin(tx, actor)
    for before, record in changes:
        tx.operators.put(record)
        if actor is None:
            continue
        if before is None:
            audit.record(tx, operator=actor, action="operator-add", target=record["username"],
                         role=record.get("role"), via="import")
        else:
            audit.record(tx, operator=actor, action="operator-set-role", target=record["username"],
                         role=record.get("role"), previous_role=before.get("role"), via="import")
    return len(changes)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise OperatorChangeInvalid(f"unknown role {role!r}; roles: {', '.join(ROLES)}")


def _existing(tx: Any, username: str) -> dict:
    record = tx.operators.get(username)
    if record is None:
        raise OperatorChangeInvalid(f"{username!r} is not an operator of this store")
    return record


def _require_admin(tx: Any, actor: str) -> None:
    current = fresh(tx, actor)
    if current is None or current["role"] != "admin":
        role = current["role"] if current else "-"
        raise _refused(f"{actor} is {role}; only an admin may change operators")


def _keep_an_admin(tx: Any, username: str, before: dict, role: str | None) -> None:
    if before.get("role") != "admin" or role == "admin":
        return
    admins = [op for op in tx.operators.all() if op.get("role") == "admin"]
    if len(admins) <= 1:
        raise _refused(f"{username} is the last admin; add another admin first")


def _refused(message: str) -> OperatorChangeRefused:
    return OperatorChangeRefused(message)


def as_stored_now(store: Any, held: dict | None) -> tuple[dict | None, bool]:
    """(the record ``held`` as ``store`` has it now, whether it was removed) for a
    console that keeps an operator record while it runs; an unreadable store keeps the
    held record (every action re-reads it inside its own transaction anyway). Parsed
    again only when operators.json was replaced (every commit gives it a new inode)."""
    import os

    from helpdesk_tui.store import StoreError

    if store is None or held is None:
        return held, False
    try:
        st = os.lstat(os.path.join(store.path, "operators.json"))
        stamp = (str(store.path), held["username"], st.st_ino, st.st_mtime_ns, st.st_size)
        if _seen.get(stamp[:2], (None,))[0] != stamp:
            _seen[stamp[:2]] = (stamp, fresh(store, held["username"]))
        current = _seen[stamp[:2]][1]
    except (StoreError, OSError):
        return held, False
    return (held, True) if current is None else (dict(current), False)


_seen: dict[tuple[str, str], tuple[tuple, dict | None]] = {}
