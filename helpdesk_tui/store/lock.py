"""The store-wide write lock.

``filelock``'s flock-based lock serialises writers across processes; the kernel drops it
when a holder dies, even by kill -9, so there is no stale lock to break. flock locks
belong to an open file description, so a second thread of the same process could slip
past a shared lock object: a per-path ``threading.Lock`` serialises threads first, and a
thread that already holds the lock gets an error instead of a deadlock.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import filelock

from .errors import StoreError, StoreLockedError
from .files import Perms, fix_mode

LOCK_NAME = ".lock"


class _PathLock:
    def __init__(self, lock_path: Path, perms: Perms):
        self.thread_lock = threading.Lock()
        self.owner: int | None = None  # thread id holding it
        try:
            # Fail closed rather than silently degrade to a soft lock on a filesystem
            # without flock (option exists in newer filelock releases only).
            self.file_lock = filelock.UnixFileLock(
                lock_path, mode=perms.file_mode, thread_local=False, fallback_to_soft=False
            )
        except TypeError:
            self.file_lock = filelock.UnixFileLock(lock_path, mode=perms.file_mode, thread_local=False)


_registry: dict[str, _PathLock] = {}
_registry_guard = threading.Lock()


def _reset_after_fork() -> None:
    # A child must not inherit locks held by its parent's threads.
    global _registry_guard
    _registry.clear()
    _registry_guard = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


class StoreLock:
    """Exclusive lock on one store directory, for threads and processes alike."""

    def __init__(self, root: Path, perms: Perms):
        self.root = root
        self.path = root / LOCK_NAME
        key = os.path.realpath(root)
        with _registry_guard:
            if key not in _registry:
                _registry[key] = _PathLock(self.path, perms)
            self._lock = _registry[key]

    def acquire(self, timeout: float | None) -> None:
        """Wait up to ``timeout`` seconds (None: forever); StoreLockedError on expiry."""
        me = threading.get_ident()
        if self._lock.owner == me:
            raise StoreError(f"{self.root}: a transaction is already open in this thread")
        deadline = None if timeout is None else time.monotonic() + max(timeout, 0.0)
        if not self._lock.thread_lock.acquire(timeout=-1 if timeout is None else max(timeout, 0.0)):
            raise self._locked_error(timeout)
        try:
            remaining = -1 if deadline is None else max(deadline - time.monotonic(), 0.0)
            self._lock.file_lock.acquire(timeout=remaining, poll_interval=0.005)
        except filelock.Timeout:
            self._lock.thread_lock.release()
            raise self._locked_error(timeout) from None
        except BaseException:
            self._lock.thread_lock.release()
            raise
        self._lock.owner = me

    def release(self) -> None:
        self._lock.owner = None
        try:
            self._lock.file_lock.release()
        finally:
            self._lock.thread_lock.release()

    def held_by_me(self) -> bool:
        return self._lock.owner == threading.get_ident()

    def fix_mode(self, perms: Perms) -> None:
        # A store an admin made group-shared later: other operators must be able to open it.
        fix_mode(self.path, perms.file_mode)

    def _locked_error(self, timeout: float | None) -> StoreLockedError:
        return StoreLockedError(
            f"another operator is writing to the store at {self.root}; "
            f"the write lock was not free within {timeout:g} s. Try again in a moment."
        )
