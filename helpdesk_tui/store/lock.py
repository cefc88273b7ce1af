"""The store-wide write lock.

An flock on ``.lock`` serialises writers across processes; the kernel drops it when a
holder dies, even by kill -9, so there is no stale lock to break. The lock file is opened
without O_TRUNC and with O_NOFOLLOW (filelock truncates its file, and a planted link would
have truncated its target). flock locks
belong to an open file description, so a second thread of the same process could slip
past a shared lock object: a per-path ``threading.Lock`` serialises threads first, and a
thread that already holds the lock gets an error instead of a deadlock.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from pathlib import Path

from .errors import StoreError, StoreLockedError
from .files import Perms, fix_mode, open_under

LOCK_NAME = ".lock"


class StoreReadOnlyError(StoreError):
    """The lock file cannot be opened for writing: a read-only copy, or not our store."""


class _FileLock:
    """flock on the lock file; the fd lives while it is held.

    Uncontended: one non-blocking flock. Contended: a helper thread waits in a blocking
    flock (the kernel wakes it the moment the holder lets go: writers take turns, where
    polling let a process that just released win again and again) while the caller
    waits up to its deadline; a helper that wins after the caller gave up lets go."""

    def __init__(self, lock_path: Path, mode: int):
        self.path, self.mode = lock_path, mode
        self.fd: int | None = None

    def acquire(self, remaining: float | None) -> bool:
        try:
            fd = open_under(self.path, 0, os.O_RDWR | os.O_CREAT, self.mode)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreReadOnlyError(
                    f"{self.path.parent}: the store cannot be written by this account "
                    f"({exc.strerror}); nothing was changed (reading works, changes do not)") from None
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return self._wait(fd, remaining)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return True

    def _wait(self, fd: int, remaining: float | None) -> bool:
        done, guard = threading.Event(), threading.Lock()
        state = {"held": False, "abandoned": False, "error": None}

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                state["error"] = exc
            with guard:
                if state["abandoned"] or state["error"] is not None:
                    os.close(fd)  # closing drops the lock nobody wants any more
                else:
                    state["held"] = True
            done.set()

        threading.Thread(target=wait, name="store-lock-wait", daemon=True).start()
        try:
            done.wait(remaining)
        finally:
            with guard:
                if not state["held"]:
                    state["abandoned"] = True
        if state["error"] is not None:
            raise state["error"]
        if state["held"]:
            self.fd = fd
            return True
        return False

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor drops the flock


class _PathLock:
    def __init__(self, lock_path: Path, perms: Perms):
        self.thread_lock = threading.Lock()
        self.owner: int | None = None  # thread id holding it
        self.file_lock = _FileLock(lock_path, perms.file_mode)


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
            remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            if not self._lock.file_lock.acquire(remaining):
                self._lock.thread_lock.release()
                raise self._locked_error(timeout)
        except StoreLockedError:
            raise
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
