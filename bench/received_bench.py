"""``Received:`` parsing must stay linear: one pasted header with 25k / 50k / 100k
addresses (a hostile or broken paste), timed end to end through ``find_server_ip``.

``python -m bench --only received`` (or ``python -m bench.received_bench``). Before the
fix this took 2.5 / 9.6 / 37 s (quadratic); linear means each doubling about doubles it.
"""

from __future__ import annotations

import time

from helpdesk_tui.mail.received import find_server_ip

SIZES = (25_000, 50_000, 100_000)


def hostile_header(addresses: int) -> str:
    """One ``Received:`` field whose TCP-info comment lists ``addresses`` addresses,
    global and private mixed (every one a distinct address)."""
    listed = " ".join(
        f"[203.0.{(i >> 8) & 255}.{i & 255}]" if i % 2 else f"[10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}]"
        for i in range(addresses)
    )
    return (f"Received: from mail.example.jp ({listed}) by mx.example.co.jp with ESMTP id x;"
            " Fri, 20 Nov 2026 10:00:00 +0900\n")


def run(sizes=SIZES) -> None:
    previous = None
    for size in sizes:
        text = hostile_header(size)
        started = time.perf_counter()
        result = find_server_ip(text)
        elapsed = time.perf_counter() - started
        growth = f"  ×{elapsed / previous:.1f} for ×2 addresses" if previous else ""
        print(f"  Received: one header, {size:>7,} addresses: {elapsed:6.2f} s  (chose {result.ip}){growth}",
              flush=True)
        previous = elapsed


if __name__ == "__main__":
    run()
