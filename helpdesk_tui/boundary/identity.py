"""Who is at the keyboard, and where from, on either side of the boundary.

Outside the boundary the operator is the process's real uid. Under the service account,
reached through sudo, it is the account sudo names in ``SUDO_UID`` (sudo sets it; its
``env_reset`` removes anything the caller put there), checked against the passwd
database. The SSH client and tty cannot be seen from there: the operator's own process
passes them along, and the audit marks them as reported by the operator's session.
"""

from __future__ import annotations

import os
import pwd

from helpdesk_tui.boundary.sysconfig import BoundaryError

_operator_uid: int | None = None
_reported: dict | None = None


def operator_uid() -> int:
    return _operator_uid if _operator_uid is not None else os.getuid()


def through_boundary() -> bool:
    """Whether this process is the privileged half serving another account."""
    return _reported is not None


def reported_session() -> dict | None:
    return dict(_reported) if _reported is not None else None


def enter(uid: int, ssh_client: str | None, tty: str | None) -> None:
    """Act for ``uid`` from now on (the privileged half, once per process)."""
    global _operator_uid, _reported
    _operator_uid = uid
    _reported = {"ssh_client": ssh_client, "tty": tty}


def leave() -> None:
    """Back to the process's own account (tests)."""
    global _operator_uid, _reported
    _operator_uid = _reported = None


def sudo_caller() -> int | None:
    """The uid sudo says ran it, checked against passwd; None when not run by sudo."""
    raw = os.environ.get("SUDO_UID")
    if raw is None:
        return None
    try:
        uid = int(raw)
        name = pwd.getpwuid(uid).pw_name
    except (ValueError, KeyError):
        raise BoundaryError(f"sudo named uid {raw!r}, which is not an account of this host; refused") from None
    if os.environ.get("SUDO_USER", name) != name:
        raise BoundaryError(f"sudo named uid {uid} ({name}) but user {os.environ['SUDO_USER']!r}; refused")
    return uid


def own_session() -> dict:
    """The SSH client address and tty of this (unprivileged) process, to pass along."""
    ssh = os.environ.get("SSH_CONNECTION", "").split()
    return {"ssh_client": f"{ssh[0]}:{ssh[1]}" if len(ssh) >= 2 else None,
            "tty": os.environ.get("SSH_TTY") or _tty()}


def _tty() -> str | None:
    try:
        return os.ttyname(0)
    except OSError:
        return None
