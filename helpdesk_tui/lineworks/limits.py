"""Client-side rate limits: one token bucket per API operation, and the audit-download gate.

LINE WORKS API 2.0 sets its rate limits per API (developers.worksmobile.com/jp/docs/api-call,
"Rate Limit": 240 requests a minute per API on the paid plans, 60 on the free plan), so the
client keeps one bucket per operation, keyed by :func:`operation_key` (``GET /users/{id}``,
``POST /users/{id}/suspend``, ``POST /bots/{id}/users/{id}/messages`` …): a sync paging
through ``GET /users`` never holds back the one ``GET /users/{id}`` an operator waits for.

The audit-log download (``GET /audits/logs/download``) is stricter: 10 requests a minute,
ONE download at a time, and a minute between two downloads. :class:`AuditGate` is a lock
held for the whole download plus that spacing (and the 10/min bucket, in case the
spacing is ever shortened). Clocks and sleeps are injectable: tests never wait a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["AUDIT_DOWNLOAD", "AUDIT_PER_MINUTE", "AUDIT_SPACING", "BURST", "AuditGate",
           "OperationLimits", "RateLimiter", "operation_key"]

BURST = 10  # requests allowed back to back before the limiter spaces them
AUDIT_DOWNLOAD = "GET /audits/logs/download"
AUDIT_PER_MINUTE = 10
AUDIT_SPACING = 60.0  # seconds between two audit downloads
# Path segments followed by a resource id: the id is not part of the operation.
_ID_AFTER = frozenset({"users", "bots", "orgunits", "groups", "download"})


def operation_key(method: str, path: str) -> str:
    """``"POST /users/{id}/suspend"`` from ``("post", "/users/tanaka%40x/suspend?a=1")``."""
    segments = path.split("?", 1)[0].strip("/").split("/")
    out, after_collection = [], False
    for segment in segments:
        out.append("{id}" if after_collection else segment)
        after_collection = not after_collection and segment in _ID_AFTER
    return f"{method.upper()} /" + "/".join(out)


class RateLimiter:
    """Token bucket: ``per_minute`` requests a minute, ``burst`` of them back to back.

    :meth:`acquire` reserves the next slot and sleeps (outside the lock) until it comes;
    :meth:`defer` holds every caller back for a while (after a 429).
    """

    def __init__(self, per_minute: float, *, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.rate = per_minute / 60.0  # tokens per second
        self.capacity = float(max(1, min(int(per_minute), BURST if burst is None else burst)))
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = self.capacity
        self._updated = clock()
        self._blocked_until = float("-inf")

    def acquire(self) -> float:
        """Wait for a slot; returns how long this call slept."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1.0
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
            wait = max(wait, self._blocked_until - now)
        if wait > 0:
            self._sleep(wait)
            return wait
        return 0.0

    def defer(self, seconds: float) -> None:
        """No slot is handed out for ``seconds`` from now."""
        with self._lock:
            self._blocked_until = max(self._blocked_until, self._clock() + seconds)


class AuditGate:
    """One audit download at a time, :data:`AUDIT_SPACING` seconds apart, at most
    :data:`AUDIT_PER_MINUTE` a minute. Use as a context manager around the download."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, spacing: float = AUDIT_SPACING) -> None:
        self._lock = threading.Lock()
        self._clock, self._sleep, self.spacing = clock, sleep, spacing
        self._bucket = RateLimiter(AUDIT_PER_MINUTE, burst=1, clock=clock, sleep=sleep)
        self._last_end: float | None = None
        self.waits: list[float] = []  # how long each download waited for its turn (spacing)

    def __enter__(self) -> "AuditGate":
        self._lock.acquire()
        try:
            wait = 0.0
            if self._last_end is not None:
                wait = self._last_end + self.spacing - self._clock()
            if wait > 0:
                self._sleep(wait)
            self.waits.append(max(0.0, wait))
            self._bucket.acquire()
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._last_end = self._clock()
        self._lock.release()


class OperationLimits:
    """A :class:`RateLimiter` per operation key, made on first use, plus the audit gate."""

    def __init__(self, per_minute: float, *, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.per_minute, self.burst = per_minute, burst
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._buckets: dict[str, RateLimiter] = {}
        self.audit = AuditGate(clock=clock, sleep=sleep)

    def for_operation(self, key: str) -> RateLimiter:
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                per_minute = AUDIT_PER_MINUTE if key == AUDIT_DOWNLOAD else self.per_minute
                bucket = RateLimiter(per_minute, burst=self.burst, clock=self._clock, sleep=self._sleep)
                self._buckets[key] = bucket
            return bucket

    def operations(self) -> list[str]:
        with self._lock:
            return sorted(self._buckets)
