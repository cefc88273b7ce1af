"""A transaction's view of the store: tables loaded fresh under the lock on first use,
changes buffered in memory, turned into journal operations at commit."""

from __future__ import annotations

import json
from pathlib import Path

from . import applog, journal
from .errors import StoreCorruptError, StoreError
from .files import Perms
from .storage import dumps
from .tables import (
    CountersTx,
    DevicesTx,
    KeyedFile,
    Layout,
    MembersTx,
    OperatorsTx,
    TableSpec,
    TenantTx,
    TicketsTx,
)


class Transaction:
    """What a transaction body sees: tables read fresh under the lock, buffered writes."""

    def __init__(self, root: Path, layout: Layout, segment_bytes: int, perms: Perms):
        self._root = root
        self._layout = layout
        self._segment_bytes = segment_bytes
        self._perms = perms
        self._files: dict[Path, KeyedFile] = {}
        self._appends: dict[tuple[str, int], list[bytes]] = {}
        self._failed: StoreCorruptError | None = None
        self._closed = False
        self._after_commit: list = []
        self.members = MembersTx(self._layout, self._file)
        self.devices = DevicesTx(self._layout, self._file)
        self.tenant = TenantTx(self._layout, self._file)
        self.operators = OperatorsTx(self._layout, self._file)
        self.tickets = TicketsTx(self._layout, self._file)
        self.counters = CountersTx(self._layout, self._file)

    def append(self, name: str, entry: dict, key: str | None = None) -> None:
        """Append ``entry`` to log ``name`` at commit. Partitioned logs ("access") need
        ``key=member_id``, "timeline" ``key=ticket_id``; single-partition logs ("audit")
        take no key."""
        self._check_open()
        partitioned = applog.check_log(name, key)
        if not isinstance(entry, dict):
            raise TypeError(f"a log entry must be a dict, not {type(entry).__name__}")
        try:
            line = dumps(entry) + b"\n"
        except (TypeError, ValueError) as exc:
            raise StoreError(f"log entry is not storable as JSON: {exc}") from None
        partition = self._layout.shard(key) if partitioned else 0
        self._appends.setdefault((name, partition), []).append(line)

    def last_entry(self, name: str) -> dict | None:
        """The last entry of a single-partition log, including this transaction's own
        appends; reads only the log's tail (for hash chains)."""
        self._check_open()
        applog.check_log(name, None)
        pending = self._appends.get((name, 0))
        if pending:
            return json.loads(pending[-1])
        return applog.last_entry(applog.log_dir(self._root, name), 0)

    def after_commit(self, callback) -> None:
        """Call ``callback()`` once this transaction has committed, still under the store
        lock (the audit witness: heads leave in commit order). Its errors are its own."""
        self._after_commit.append(callback)

    def _committed(self) -> None:
        for callback in self._after_commit:
            callback()

    def _file(self, path: Path, spec: TableSpec) -> KeyedFile:
        self._check_open()
        file = self._files.get(path)
        if file is None:
            try:
                file = self._files[path] = KeyedFile(path, spec)
            except StoreCorruptError as exc:
                self._failed = exc  # even if the body catches it, the commit refuses
                raise
        return file

    def _close(self) -> None:
        self._closed = True
        self._files.clear()  # a put_many's whole tenant would otherwise outlive the transaction
        self._appends.clear()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("this transaction has ended; open a new one")

    def _commit(self, hook: journal.Hook | None) -> str | None:
        """None when applied; the reason when durable in the journal but not applied yet."""
        if self._failed is not None:
            raise self._failed
        ops: list[journal.Op] = [
            journal.Replace(self._layout.rel(path), file.storage.serialize())
            for path, file in self._files.items()
            if file.storage.dirty
        ]
        for (name, partition), lines in self._appends.items():
            ops += applog.plan_appends(self._root, name, partition, lines, self._segment_bytes, self._layout.width)
        if ops:
            return journal.commit(self._root, ops, self._perms, hook)
        return None
