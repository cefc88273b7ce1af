"""A child process for the audit concurrency test: one operator writing audited operations.

Run as ``python audit_worker.py STORE WORKER COUNT GO_FILE``. Waits for GO_FILE (so every
worker starts at once), then commits COUNT audited operations, each in its own store
transaction: even workers open tickets (the real intake operation, audit included), odd
workers call ``audit.record`` directly. Each entry carries ``worker`` and ``n``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from helpdesk_tui import audit
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket

MEMBERS = ["edge-locked@sample.co.jp", "edge-active@sample.co.jp", "edge-landline@sample.co.jp"]


def main(path: str, worker: str, count: str, go: str) -> None:
    store = Store.open(path)
    deadline = time.monotonic() + 60
    while not Path(go).exists():
        if time.monotonic() > deadline:
            sys.exit("never told to start")
        time.sleep(0.005)
    number = int(worker)
    for n in range(int(count)):
        if number % 2 == 0:
            # open_ticket's audit entry has no room for extra fields: the ticket's note
            # says who wrote it, and the test finds it through the ticket.
            ticket = open_ticket(store, f"worker-{number}", MEMBERS[n % 3], "cannot-login")
            print(ticket["id"], n, flush=True)
        else:
            with store.transaction(timeout=120) as tx:
                audit.record(tx, operator=f"worker-{number}", action="test-action", worker=number, n=n)


if __name__ == "__main__":
    main(*sys.argv[1:])
