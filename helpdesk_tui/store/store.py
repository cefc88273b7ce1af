"""The tenant store: lock-free fresh reads, serialised atomic transactions.

Reads parse the files fresh on every call; every file is replaced atomically, so a reader
sees a whole old or whole new file. (A reader may see one file of a multi-file commit
before another; the journal makes the commit whole on disk.)

Writes happen only in ``store.transaction()``: it takes the store-wide lock, replays a
journal left by a dead writer, removes stale temp files, then lets the body read fresh
data and buffer changes (transaction.py); commit goes through the journal (journal.py).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from tinydb import Query

from helpdesk_tui import clock

from . import applog, journal, schema
from .errors import (StoreAccessError, StoreClockError, StoreCorruptError, StoreError, StoreInsecureError, StoreNotFoundError,
                     StoreProblem, StoreSchemaError)
from .files import PRIVATE, Perms, fsync_dir, is_temp, open_under, perms_for, remove_stale_temps
from .lock import LOCK_NAME, StoreLock
from .names import refuse_links_at_top, unexpected_entries
from .storage import load_table_file, read_table
from .tables import COUNTERS, DEFAULT_SHARDS, DEVICES, MEMBERS, OPERATORS, TENANT, TICKETS, Layout, TableSpec
from .transaction import Transaction

# Files that may sit in a directory Store.create accepts as empty (a crashed create).
_CREATE_LEFTOVERS = {LOCK_NAME}

# Warnings for the operator that arise below the caller's result (a commit the store will
# finish applying, a store open read-only): the CLI prints them after its output.
_notices: list[str] = []


def take_notices() -> list[str]:
    """The warnings raised since the last call (each once), oldest first."""
    taken = list(dict.fromkeys(_notices))
    _notices.clear()
    return taken


class Store:
    """One store directory. Construct with Store.create() or Store.open()."""

    def __init__(self, root: Path, meta: dict):
        self.path = root
        self.training: bool = meta.get("training") is True  # HELPDESK_NOW allowed (clock.py)
        self.schema_version: int = meta["schema"]
        self.shards: int = meta["shards"]
        self.segment_bytes: int = meta["segment_bytes"]
        self._layout = Layout(root, self.shards)
        self._lock = StoreLock(root, perms_for(root))
        self.pending: str | None = None
        """Why a committed change waits in the journal and cannot be applied yet (None:
        nothing waits). While set, the store reads on and refuses writes."""

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, schema={self.schema_version})"

    # ----------------------------------------------------------------- create / open

    @classmethod
    def create(
        cls,
        path: str | os.PathLike,
        *,
        training: bool = False,
        shards: int = DEFAULT_SHARDS,
        segment_bytes: int = applog.DEFAULT_SEGMENT_BYTES,
    ) -> Store:
        """A new, empty store in a new or empty directory: directory 0700, files 0600
        (shared use goes through the service account: ``store secure``).

        ``training`` marks it a training store (demo, ``import --training``): the only
        kind whose clock HELPDESK_NOW may set (clock.py)."""
        root = Path(path).absolute()
        if shards < 1 or segment_bytes < 1:
            raise ValueError("shards and segment_bytes must be positive")
        _accept_clock(training, root)
        try:
            if root.exists():
                if not root.is_dir():
                    raise StoreError(f"cannot create a store at {root}: it is not a directory")
                _refuse_non_empty(root)
            else:
                _make_parents(root.parent)
                os.mkdir(root, 0o700)
                fsync_dir(root.parent)
            perms = PRIVATE
            os.chmod(root, perms.dir_mode)
            _create_lock_file(root, perms)
        except PermissionError as exc:
            raise StoreError(f"cannot create a store at {root}: {exc.strerror} "
                             f"({exc.filename}); choose a directory this account may write") from None
        meta = schema.new_meta(shards, segment_bytes, training=training)
        lock = StoreLock(root, perms)
        lock.acquire(10.0)
        try:
            _refuse_non_empty(root)  # another process may have created it meanwhile
            schema.write_meta(root, meta, perms)
        finally:
            lock.release()
        return cls(root, meta)

    @classmethod
    def open(
        cls, path: str | os.PathLike, *, timeout: float | None = 10.0, _hook: journal.Hook | None = None
    ) -> Store:
        """Open an existing store: migrate an older schema (waiting up to ``timeout`` for
        the lock), finish a dead writer's commit if the lock is free.

        ``_hook`` is a test seam: called with "migration-written" / "migration-backed-up"."""
        root = Path(path).absolute()
        try:
            return cls._open(root, timeout, _hook)
        except PermissionError as exc:
            raise StoreAccessError(root) from exc

    @classmethod
    def _open(cls, root: Path, timeout: float | None, _hook: journal.Hook | None) -> Store:
        if not root.exists():
            raise StoreNotFoundError(f"no helpdesk store at {root}: the directory does not exist")
        if not root.is_dir():
            raise StoreNotFoundError(f"no helpdesk store at {root}: it is not a directory")
        if not any(name not in _CREATE_LEFTOVERS for name in os.listdir(root)):
            raise StoreNotFoundError(f"no helpdesk store at {root}: the directory is empty")
        version = schema.schema_of(root)
        if version is None:
            raise StoreNotFoundError(f"no helpdesk store at {root}: there is no {schema.META_NAME}")
        schema.refuse_newer(root, version)
        perms = perms_for(root)
        if perms.shared:
            raise StoreInsecureError(root)
        if version < schema.SCHEMA_VERSION:
            lock = StoreLock(root, perms)
            lock.acquire(timeout)
            try:
                _remove_stale_temps(root)
                version = schema.schema_of(root)  # another process may have migrated it
                if version is not None and version < schema.SCHEMA_VERSION:
                    schema.migrate(root, version, perms, _hook)
            finally:
                lock.release()
        meta = schema.read_meta(root)
        store = cls(root, meta)
        _accept_clock(store.training, root)
        if (root / journal.JOURNAL_NAME).exists():
            store._recover_if_unlocked()
        return store

    def _recover_if_unlocked(self) -> None:
        # A journal with the lock free means its writer died: finish its commit now, so
        # readers see it whole. If someone holds the lock, their transaction does it.
        already_pending = self.pending is not None
        try:
            self._lock.acquire(0)
        except (StoreError, OSError):
            return
        try:
            self._prepare_write()
        except StoreCorruptError:
            pass  # a damaged journal: reads still work, verify() reports it, writes refuse
        except journal.StorePendingError as waiting:
            if not already_pending:  # reads go on, read-only; the caller shows why (once)
                _notices.append(str(waiting))
        finally:
            self._lock.release()

    def read_only_reason(self) -> str | None:
        """Why this store can only be read right now (a change waits in the journal
        that cannot be applied yet), or None. Cheap when nothing waits (one stat); while
        something does, each call tries to finish it (space may have been freed)."""
        if not (self.path / journal.JOURNAL_NAME).exists():
            self.pending = None
        elif self.pending is not None:
            self._recover_if_unlocked()
        return self.pending

    # ----------------------------------------------------------------- reads

    def get_tenant(self) -> dict | None:
        docs = self._read(self._layout.file_for(TENANT), TENANT).all()
        return dict(docs[0]) if docs else None

    def list_operators(self) -> list[dict]:
        docs = self._read(self._layout.file_for(OPERATORS), OPERATORS).all()
        return sorted((dict(d) for d in docs), key=lambda d: d["username"])

    def get_operator(self, username: str) -> dict | None:
        doc = self._read(self._layout.file_for(OPERATORS), OPERATORS).get(Query().username == username)
        return dict(doc) if doc is not None else None

    def get_member(self, member_id: str) -> dict | None:
        doc = self._read(self._layout.file_for(MEMBERS, member_id), MEMBERS).get(Query().id == member_id)
        return dict(doc) if doc is not None else None

    def iter_members(
        self, problems: list[StoreProblem] | None = None, *, shards: Iterable[int] | None = None
    ) -> Iterator[dict]:
        """Every member (or those of the given shard numbers). A damaged shard raises
        StoreCorruptError — unless ``problems`` is given: then it is recorded there and
        skipped, so a read-only console can still show every member of the healthy
        shards."""
        return self._iter_shards(MEMBERS, problems, shards)

    def shard_of(self, member_id: str) -> int:
        """The shard number holding ``member_id`` (and its devices and access events)."""
        return self._layout.shard(member_id)

    def member_shard_stamps(self) -> dict[int, tuple[int, int, int]]:
        """(mtime_ns, size, inode) of each member shard file by shard number. Every write
        replaces a file (new inode), so comparing two of these tells which shards another
        process rewrote: a console re-reads just those."""
        stamps = {}
        for path in self._layout.shard_files(MEMBERS):
            try:
                stat = os.lstat(path)
            except FileNotFoundError:
                continue
            stamps[int(path.stem)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        return stamps

    def member_count(self) -> int:
        return sum(1 for _ in self._iter_shards(MEMBERS, None, None))

    def devices_for(self, member_id: str) -> list[dict]:
        table = self._read(self._layout.file_for(DEVICES, member_id), DEVICES)
        return [dict(doc) for doc in table.search(Query().member_id == member_id)]

    def iter_devices(self) -> Iterator[dict]:
        return self._iter_shards(DEVICES, None, None)

    def _iter_shards(
        self, spec: TableSpec, problems: list[StoreProblem] | None, shards: Iterable[int] | None
    ) -> Iterator[dict]:
        # Bulk reads parse each shard once and hand out its documents as they are:
        # a TinyDB Table would parse twice under list() (len, then iter) and wrap every
        # document — 3 s instead of 1.3 s for 100k members. Each parse gives new dicts.
        if shards is None:
            paths = self._layout.shard_files(spec)
        else:
            paths = [self._layout.shard_file(spec, number) for number in sorted(shards)]
        for path in paths:
            try:
                data = load_table_file(path, spec.table, spec.key_fields)
            except StoreCorruptError as exc:
                if problems is None:
                    raise
                problems.append(StoreProblem(exc.path, exc.detail))
                continue
            if data:
                yield from data.get(spec.table, {}).values()

    def access_events_for(self, member_id: str) -> list[dict]:
        """The member's access events, in append order."""
        return self._partition_entries("access", "member_id", member_id)

    def get_ticket(self, ticket_id: str) -> dict | None:
        doc = self._read(self._layout.file_for(TICKETS, ticket_id), TICKETS).get(Query().id == ticket_id)
        return dict(doc) if doc is not None else None

    def iter_tickets(self) -> Iterator[dict]:
        """Every ticket, in shard order (not sorted)."""
        return self._iter_shards(TICKETS, None, None)

    def timeline_for(self, ticket_id: str) -> list[dict]:
        """A ticket's timeline entries, in append order."""
        return self._partition_entries("timeline", "ticket_id", ticket_id)

    def _partition_entries(self, log: str, field: str, key: str) -> list[dict]:
        directory = applog.log_dir(self.path, log)
        partition = self._layout.shard(key)
        return [
            entry
            for segment in applog.list_segments(directory, partition)
            for entry in applog.read_entries(segment.path)
            if entry.get(field) == key
        ]

    def iter_log(self, name: str) -> Iterator[dict]:
        """Every entry of a log: partition by partition, each in append order."""
        applog.check_name(name)
        for segment in applog.list_segments(applog.log_dir(self.path, name)):
            yield from applog.read_entries(segment.path)

    def log_count(self, name: str) -> int:
        applog.check_name(name)
        return sum(applog.count_entries(s.path) for s in applog.list_segments(applog.log_dir(self.path, name)))

    def counter(self, name: str) -> dict | None:
        """Document ``name`` of the counters table, read lock-free (``tx.counters.get_doc``
        inside a transaction); None when absent. E.g. ``counter("audit-chain")``."""
        doc = self._read(self._layout.file_for(COUNTERS), COUNTERS).get(Query().name == name)
        if doc is None:
            return None
        found = dict(doc)
        found.pop("name", None)
        return found

    def _read(self, path: Path, spec: TableSpec):
        return read_table(path, spec.table, spec.key_fields)

    # ----------------------------------------------------------------- health

    def verify(self, *, logs: bool = True) -> list[StoreProblem]:
        """Parse every file of the store; one StoreProblem per damaged file ([] if healthy).

        ``logs=False`` skips the log segments (1M audit entries take seconds to parse):
        the console's start-up check, since an append depends only on a log's tail."""
        problems: list[StoreProblem] = []

        def check(path: Path, fn) -> None:
            try:
                fn()
            except StoreCorruptError as exc:
                problems.append(StoreProblem(exc.path, exc.detail))
            except StoreError as exc:
                problems.append(StoreProblem(path, str(exc)))

        def check_meta() -> None:
            if schema.read_meta(self.path) is None:
                raise StoreCorruptError(self.path / schema.META_NAME, "missing: the store cannot be opened without it")

        check(self.path / schema.META_NAME, check_meta)
        problems += [StoreProblem(path, message) for path, message in unexpected_entries(self.path, self.shards)]
        check(self.path / journal.JOURNAL_NAME, lambda: journal.read(self.path))
        for spec in (TENANT, OPERATORS, COUNTERS):
            path = self._layout.file_for(spec)
            check(path, lambda path=path, spec=spec: self._verify_table_file(path, spec, None))
        for spec in (MEMBERS, DEVICES, TICKETS):
            directory = self._layout.table_dir(spec)
            for name in sorted(os.listdir(directory)) if directory.is_dir() else []:
                path = directory / name
                if is_temp(name):
                    continue
                shard = _shard_number(name, self.shards)
                if shard is None:
                    problems.append(StoreProblem(path, f"unexpected file in {spec.table}/ (not a shard)"))
                    continue
                check(path, lambda path=path, spec=spec, shard=shard: self._verify_table_file(path, spec, shard))
        for name in applog.LOGS if logs else ():
            for segment in applog.list_segments(applog.log_dir(self.path, name)):
                check(segment.path, lambda segment=segment: all(True for _ in applog.read_entries(segment.path)))
        first: dict[Path, StoreProblem] = {}
        for problem in problems:  # a planted link is found by the scan and by the parse
            first.setdefault(problem.path, problem)
        return list(first.values())

    def _verify_table_file(self, path: Path, spec: TableSpec, shard: int | None) -> None:
        data = load_table_file(path, spec.table, spec.key_fields)  # parses and checks the shape
        if data is None:
            return
        seen: set = set()
        for doc_id, doc in data.get(spec.table, {}).items():
            key = spec.key(doc)
            if key in seen and spec.key_fields:
                raise StoreCorruptError(path, f"key {key!r} appears twice (document {doc_id})")
            seen.add(key)
            if shard is not None and self._layout.shard(doc[spec.shard_field]) != shard:
                raise StoreCorruptError(path, f"document {doc_id} ({key!r}) belongs in another shard")

    # ----------------------------------------------------------------- writes

    @contextmanager
    def transaction(self, timeout: float | None = 10.0, *, _hook: journal.Hook | None = None) -> Iterator[Transaction]:
        """Exclusive across every process on the store; commits atomically when the body
        returns, changes nothing when it raises.

        ``_hook`` is a test seam: called at commit stages "journal-written",
        "files-replaced" and "appended" (a crash test exits the process there)."""
        try:
            self._lock.acquire(timeout)
        except OSError as exc:  # a read-only store or copy: no lock file can be opened
            raise StoreError(
                f"cannot write to the store at {self.path} ({exc.strerror or exc}); nothing was changed"
            ) from exc
        tx = None
        try:
            perms = self._prepare_write()
            tx = Transaction(self.path, self._layout, self.segment_bytes, perms)
            yield tx
            pending = tx._commit(_hook)
            if pending is not None:
                self.pending = pending
                _notices.append(
                    f"the change is recorded (in {journal.JOURNAL_NAME}) but the store could not apply it "
                    f"yet ({pending}); it will be applied by the next write once that is fixed, and until "
                    f"then the store can only be read"
                )
            tx._committed()  # after-commit hooks (the audit witness): the journal decided
        finally:
            if tx is not None:
                tx._close()
            self._lock.release()

    def _prepare_write(self) -> Perms:
        """Under the lock: check the schema, finish a dead writer's commit, drop its temps."""
        meta = schema.read_meta(self.path)
        if meta is None or meta["schema"] != self.schema_version or meta["shards"] != self.shards:
            raise StoreSchemaError(
                f"the store at {self.path} was changed to another schema or layout while open; "
                f"restart helpdesk-tui"
            )
        perms = perms_for(self.path)
        if perms.shared:
            raise StoreInsecureError(self.path)
        refuse_links_at_top(self.path)
        try:
            journal.replay(self.path, perms)
        except OSError as exc:
            self.pending = exc.strerror or type(exc).__name__
            raise journal.StorePendingError(
                f"the store at {self.path} is read-only for now: a committed change waits in "
                f"{journal.JOURNAL_NAME} and cannot be applied ({self.pending}); nothing new can be "
                f"written until it is (free disk space, then retry). Reads may not show that change yet."
            ) from exc
        self.pending = None
        _remove_stale_temps(self.path)
        return perms


def _accept_clock(training: bool, root: Path) -> None:
    try:
        clock.accept_env(training, root)
    except clock.ClockRefused as refused:
        raise StoreClockError(str(refused)) from None


def _refuse_non_empty(root: Path) -> None:
    leftovers = [n for n in os.listdir(root) if n not in _CREATE_LEFTOVERS and not is_temp(n)]
    if leftovers:
        raise StoreError(
            f"cannot create a store at {root}: the directory is not empty "
            f"(it holds {', '.join(sorted(leftovers)[:3])}{', …' if len(leftovers) > 3 else ''}). "
            f"Use an empty directory, or open the existing store."
        )


def _remove_stale_temps(root: Path) -> None:
    # The directories where files are replaced through temp files (logs are only appended).
    remove_stale_temps([root, root / MEMBERS.table, root / DEVICES.table, root / TICKETS.table])


def _create_lock_file(root: Path, perms: Perms) -> None:
    fd = open_under(root / LOCK_NAME, 0, os.O_RDWR | os.O_CREAT, perms.file_mode)
    try:
        os.fchmod(fd, perms.file_mode)
    finally:
        os.close(fd)


def _make_parents(directory: Path) -> None:
    """Missing parents of a new store, owner-only whatever the umask (000 would make
    them 0777: anyone could swap the store directory)."""
    if directory.exists():
        return
    _make_parents(directory.parent)
    try:
        os.mkdir(directory, PRIVATE.dir_mode)
    except FileExistsError:
        return
    os.chmod(directory, PRIVATE.dir_mode)


def _shard_number(name: str, shards: int) -> int | None:
    stem, dot, ext = name.partition(".")
    if ext != "json" or not stem.isdigit() or int(stem) >= shards:
        return None
    return int(stem)
