"""Member search as you type: time per query over a real demo store.

Run in a fresh process per store size (``python -m bench.search_bench PATH SIZE``) so
the memory figure is the console's: members loaded plus the index, nothing else.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import line, peak_rss_mib, rss_mib, summary, timed
from helpdesk_tui.search import MemberIndex
from helpdesk_tui.store import Store

# What operators type: prefixes as they type them, kana, e-mail parts, phones in the
# forms callers read them out in.
QUERIES = [
    "た", "たな", "たなか", "田", "田中", "佐藤 花", "すずき", "スズキ", "ｽｽﾞｷ",
    "smith", "john s", "edge", "@sample", "tanaka", "090", "090-1", "０９０１２",
    "+81 90", "03-", "nonexistent-person", "営業", "x",
]


def run(path: Path, members: int) -> None:
    store = Store.open(path)
    started = time.perf_counter()
    # As the console does it: members streamed from the shards into the index.
    index = MemberIndex.build(store.iter_members(), group=store.shard_of)
    built = time.perf_counter()
    gc.collect()
    line(f"load + index {members:,} members (streamed)", f"{(built - started) * 1000:8.1f} ms")
    line(f"memory with the index ({members:,})",
         f"{rss_mib():8.1f} MiB resident   {peak_rss_mib():8.1f} MiB peak while loading")
    samples = []
    for query in QUERIES:
        # Every keystroke of the query, as the console sees it while typing.
        for end in range(1, len(query) + 1):
            samples += timed(lambda q=query[:end]: index.search(q), runs=5)
    line(f"search per keystroke ({members:,} members)", summary(samples))
    # Another operator rewrote one member shard: what the console's refresh does.
    shard = {store.shard_of(index.search("").rows[0]["id"])}
    refresh = timed(lambda: index.replace(shard, store.iter_members(shards=shard)), runs=5)
    line(f"refresh after one shard changed ({members:,})", summary(refresh))


def run_isolated(path: Path, members: int) -> None:
    subprocess.run([sys.executable, "-m", "bench.search_bench", str(path), str(members)],
                   check=True)


if __name__ == "__main__":
    run(Path(sys.argv[1]), int(sys.argv[2]))
