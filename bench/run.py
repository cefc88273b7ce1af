"""``python -m bench [--sizes 10000 100000] [--big-log 1000000]``: print the numbers."""

from __future__ import annotations

import argparse

from bench import dns_bench, fixtures, live_bench, received_bench, search_bench, startup_bench, write_bench

# Benchmarks that need no demo store run first, on their own fixtures.
STANDALONE = ("dns", "received", "live")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--small-log", type=int, default=10_000)
    parser.add_argument("--big-log", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("startup", "search", "write", *STANDALONE), nargs="+",
                        default=["startup", "search", "write", *STANDALONE])
    args = parser.parse_args(argv)
    if "dns" in args.only:
        print("DNS (nsd on loopback)", flush=True)
        dns_bench.run()
    if "received" in args.only:
        print("mail: Received: parsing (must be linear)", flush=True)
        received_bench.run()
    if "live" in args.only:
        print("live tenant (loopback LINE WORKS stand-in)", flush=True)
        live_bench.run([min(args.sizes)])
    if not set(args.only) - set(STANDALONE):
        return 0
    print("stores", flush=True)
    stores = {size: fixtures.demo_store(size) for size in args.sizes}
    if "startup" in args.only:
        print("start-up (80×24 pty)", flush=True)
        startup_bench.run(stores)
    if "search" in args.only:
        print("search", flush=True)
        for size, path in stores.items():
            search_bench.run_isolated(path, size)
    if "write" in args.only:
        print("write (run_action: member + ticket timeline + outbox + chained audit, one transaction)", flush=True)
        for size in stores:
            write_bench.run(size, [args.small_log, args.big_log])
    return 0
