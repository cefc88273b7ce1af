"""One action-like commit: update one member and append one audit entry."""

from __future__ import annotations

import os

from bench.fixtures import store_with_audit
from bench.stats import line, summary, timed
from helpdesk_tui.store import Store


def _commit(store: Store, member_id: str, counter: list[int]) -> None:
    counter[0] += 1
    with store.transaction() as tx:
        member = tx.members.get(member_id)
        member["password_change_requested"] = counter[0] % 2 == 0
        tx.members.put(member)
        tx.append("audit", {"event": "bench-write", "member_id": member_id, "n": counter[0]})


def run(members: int, log_sizes: list[int], runs: int = 200) -> None:
    for size in log_sizes:
        path = store_with_audit(members, size)
        os.sync()  # let the fill's writeback finish before timing anything
        store = Store.open(path)
        ids = [record["id"] for _, record in zip(range(runs), store.iter_members())]
        counter = [0]
        samples = []
        for member_id in ids:
            samples += timed(lambda m=member_id: _commit(store, m, counter), runs=1)
        count = store.log_count("audit")
        line(f"commit ({members:,} members, {count:,} audit)", summary(samples))
