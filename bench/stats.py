"""Small helpers to time things and print a line of numbers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"median {statistics.median(ordered):8.2f} ms   p95 {p95:8.2f} ms   "
            f"max {ordered[-1]:8.2f} ms   (n={len(ordered)})")


def _status_mib(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for row in status:
            if row.startswith(field + ":"):
                return int(row.split()[1]) / 1024
    raise LookupError(field)


def rss_mib() -> float:
    """Resident memory now."""
    return _status_mib("VmRSS")


def peak_rss_mib() -> float:
    """Peak resident memory of this process image. Not ru_maxrss: Linux carries that
    over fork+exec, so a child would report its parent's peak."""
    return _status_mib("VmHWM")


def line(label: str, text: str) -> None:
    print(f"  {label:<44} {text}", flush=True)
