"""Who is at the keyboard: the OS account, looked up in the store's operator table.

PRODUCT.md: operator identity comes from the OS account; unknown operators get nothing.
The name comes from the process's real uid (under the service account: the uid sudo
names, boundary/identity.py), never from $USER/$LOGNAME, which a caller could set.
"""

from __future__ import annotations

import pwd

from helpdesk_tui.boundary import identity
from helpdesk_tui.glossary import ROLES


class NotAnOperator(Exception):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"unknown operator {username!r}: this OS account is not an operator of the store; "
            "ask a helpdesk admin to add you"
        )
        self.username = username


def current_os_user() -> str:
    return pwd.getpwuid(identity.operator_uid()).pw_name


def connection_info() -> dict:
    """Where the operator is connected from (recorded in the audit with each action).
    Through the boundary the SSH client and tty are what the operator's own process
    reported, and the entry says so."""
    reported = identity.reported_session()
    if reported is not None:
        return {"os_user": current_os_user(), **reported, "reported_by": "operator-session"}
    return {"os_user": current_os_user(), **identity.own_session()}


def require_operator(store) -> dict:
    """The current OS user's operator record; NotAnOperator if absent or role unknown."""
    username = current_os_user()
    record = store.get_operator(username)
    if record is None or record.get("role") not in ROLES:
        raise NotAnOperator(username)
    return record


def admin_record(username: str, display_name: str | None = None) -> dict:
    return {"username": username, "role": "admin", "display_name": display_name or username}
