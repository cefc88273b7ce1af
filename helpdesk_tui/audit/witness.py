"""The audit witness: each new chain head, also written outside the store.

Whoever can write the store (its service account, root) can recompute the whole hash
chain; they cannot unsay what the witness already holds. After every commit that moved
the head (inside the store lock, so heads arrive in order) the head is sent as one line::

    helpdesk-tui-audit: store=/srv/helpdesk/store seq=42 hash=<sha256 hex>

to the system log (``/dev/log``, its own tag; rsyslog writes it to the file the system
configuration names under ``read``) or appended to a root-owned append-only file. The
store is identified by its path in the root-owned system configuration, which the
store's owner cannot change. Only a store named by the system configuration has a
witness; a private store has none (``audit verify`` says so).
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpdesk_tui.boundary.sysconfig import DEFAULT_WITNESS_TAG, BoundaryError, load_system_config
from helpdesk_tui.store import StoreError

SYSLOG_SOCKET = "/dev/log"
_LINE = re.compile(r"store=(?P<store>\S+) seq=(?P<seq>\d+) hash=(?P<hash>[0-9a-f]{64})")
_USER_INFO = 1 * 8 + 6  # syslog facility "user", severity "info"


@dataclass(frozen=True)
class Witness:
    kind: str  # "syslog" or "file"
    store: str  # the store's identity: its configured path
    tag: str = DEFAULT_WITNESS_TAG
    path: Path | None = None  # file: the witness file; syslog: the file rsyslog writes
    socket: str = SYSLOG_SOCKET  # syslog: the daemon's socket

    def describe(self) -> str:
        if self.kind == "file":
            return str(self.path)
        return f"syslog tag {self.tag}, " + (str(self.path) if self.path else "no [witness] read file to check")

    def message(self, seq: int, digest: str) -> str:
        return f"store={self.store} seq={seq} hash={digest}"

    def send(self, seq: int, digest: str) -> None:
        text = self.message(seq, digest)
        if self.kind == "file":
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
            try:
                os.write(fd, f"{self.tag}: {text}\n".encode())
            finally:
                os.close(fd)
            return
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(f"<{_USER_INFO}>{self.tag}: {text}".encode(), self.socket)

    def heads(self) -> list[tuple[int, str]]:
        """The heads witnessed for this store, in the order they were written."""
        if self.path is None:
            return []
        found = []
        try:
            with open(self.path, encoding="utf-8", errors="replace") as lines:
                for line in lines:
                    if self.tag not in line:
                        continue
                    match = _LINE.search(line)
                    if match and match["store"] == self.store:
                        found.append((int(match["seq"]), match["hash"]))
        except FileNotFoundError:
            return []
        except OSError as problem:
            raise StoreError(f"{self.path}: cannot read the audit witness ({problem.strerror}); "
                             f"its heads cannot be compared") from None
        return found


_cache: dict[str, Witness | None] = {}


def witness_for(store_path: Any) -> Witness | None:
    """The witness of the store at ``store_path``, if the system configuration names it."""
    key = os.path.realpath(store_path)
    if key not in _cache:
        try:
            config = load_system_config()
        except BoundaryError:
            config = None
        witness = None
        if config is not None and config.names_store(Path(key)):
            table = config.witness
            read = table.get("path") if table.get("kind") == "file" else table.get("read")
            witness = Witness(table.get("kind", "syslog"), key, str(table.get("tag") or DEFAULT_WITNESS_TAG),
                              Path(read) if read else None, str(table.get("socket") or SYSLOG_SOCKET))
        _cache[key] = witness
    return _cache[key]


def note_head(tx: Any, seq: int, digest: str) -> None:
    """Send ``seq``/``digest`` to the witness once ``tx`` has committed (the last head of
    the transaction only)."""
    first = getattr(tx, "_witness_head", None) is None
    tx._witness_head = (seq, digest)
    if first:
        tx.after_commit(lambda: _send(tx._root, *tx._witness_head))


def _send(root: Any, seq: int, digest: str) -> None:
    witness = witness_for(root)
    if witness is None:
        return
    try:
        witness.send(seq, digest)
    except OSError:
        pass  # the commit stands; `audit verify` shows how far the witness reaches
