"""``python -m bench [--sizes 10000 100000] [--big-log 1000000]``: print the numbers."""

from __future__ import annotations

import argparse

from bench import dns_bench, fixtures, search_bench, startup_bench, write_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--small-log", type=int, default=10_000)
    parser.add_argument("--big-log", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("startup", "search", "write", "dns"), nargs="+",
                        default=["startup", "search", "write", "dns"])
    args = parser.parse_args(argv)
    if "dns" in args.only:
        print("DNS (nsd on loopback)", flush=True)
        dns_bench.run()
    if args.only == ["dns"]:
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
