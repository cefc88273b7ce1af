"""Who is at the keyboard: the OS account, looked up in the store's operator table.

PRODUCT.md: operator identity comes from the OS account; unknown operators get nothing.
The name comes from the process's real uid, not from $USER/$LOGNAME, which a caller
could set to anything.
"""

from __future__ import annotations

import os
import pwd

from helpdesk_tui.glossary import ROLES


class NotAnOperator(Exception):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"unknown operator {username!r}: this OS account is not an operator of the store; "
            "ask a helpdesk admin to add you"
        )
        self.username = username


def current_os_user() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


def connection_info() -> dict:
    """Where the operator is connected from (recorded in the audit with each action)."""
    ssh = os.environ.get("SSH_CONNECTION", "").split()
    return {
        "os_user": current_os_user(),
        "ssh_client": f"{ssh[0]}:{ssh[1]}" if len(ssh) >= 2 else None,
        "tty": os.environ.get("SSH_TTY") or _tty(),
    }


def _tty() -> str | None:
    try:
        return os.ttyname(0)
    except OSError:
        return None


def require_operator(store) -> dict:
    """The current OS user's operator record; NotAnOperator if absent or role unknown."""
    username = current_os_user()
    record = store.get_operator(username)
    if record is None or record.get("role") not in ROLES:
        raise NotAnOperator(username)
    return record


def admin_record(username: str, display_name: str | None = None) -> dict:
    return {"username": username, "role": "admin", "display_name": display_name or username}
