"""One audit-log download shared by every member view for its time window.

The audit-log download is LINE WORKS's scarcest API (10 a minute, one at a time, a
minute apart: lineworks/limits.py). The security view of each member needs only the rows
naming that member, so the tenant-wide CSV of the window (the last ``days`` days up to
the download) is kept for :data:`CACHE_SECONDS` and filtered per member: opening ten
members in a row costs one download, not ten (and not ten minutes of waiting).

Concurrent views asking for the same window wait for the one download in flight. No
Textual here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

CACHE_SECONDS = 300.0


class AuditCache:
    def __init__(self, download: Callable[[str, datetime, datetime], list[dict]], *,
                 monotonic: Callable[[], float] = time.monotonic, ttl: float = CACHE_SECONDS) -> None:
        self._download = download
        self._monotonic = monotonic
        self.ttl = ttl
        self._lock = threading.Lock()  # one download per (service, days) at a time
        self._kept: dict[tuple[str, int], tuple[float, datetime, list[dict]]] = {}
        self.downloads = 0

    def rows(self, service: str, now: datetime, days: int) -> list[dict]:
        """Every row of ``service`` in the ``days`` days up to the download (shared)."""
        key = (service, days)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and self._monotonic() - kept[0] <= self.ttl:
                return kept[2]
            rows = self._download(service, now - timedelta(days=days), now)
            self.downloads += 1
            self._kept[key] = (self._monotonic(), now, rows)
            return rows

    def as_of(self, service: str, days: int) -> datetime | None:
        """The end of the window the cached rows cover (None: nothing cached)."""
        kept = self._kept.get((service, days))
        return kept[1] if kept else None
