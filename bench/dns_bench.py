"""DNS discovery and check with one slow and two dead resolvers (issue 13, item 5).

``python -m bench.dns_bench [--timeout 2] [--delay 0.5]``: a real nsd on loopback serves
a zone whose name servers must be discovered; the resolvers are a relay that answers
after ``delay`` and two that never answer. Discovery runs every step's questions at
once, so it costs about one timeout plus the slow answers, not their sum; the whole
check adds the mail-authentication round. Prints the numbers (nothing is asserted).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import line

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "dns"))

from loopback_dns import NSD, Blackhole, Nsd, Relay  # noqa: E402

from helpdesk_tui.dns import check_domain, find_authority, parse_domain, parse_resolver  # noqa: E402

ZONE = ("$ORIGIN bench.test.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 604800 60\n"
        "@ IN NS ns1\n@ IN NS ns2\nns1 IN A 127.0.0.1\nns2 IN A 127.0.0.1\n"
        "@ IN MX 10 mx\nmx IN A 192.0.2.1\n@ IN TXT \"v=spf1 mx -all\"\n")


def run(timeout: float = 2.0, delay: float = 0.5, rounds: int = 3) -> None:
    if not Path(NSD).exists():
        line("DNS bench", "skipped: nsd is not installed (scripts/test.sh installs it)")
        return
    with tempfile.TemporaryDirectory() as workdir:
        nsd = Nsd(Path(workdir), {"bench.test": ZONE})
        nsd.start()
        slow, holes = Relay(nsd.port, delay=delay), [Blackhole(), Blackhole()]
        specs = [slow.spec, *(h.spec for h in holes)]
        try:
            discovery, whole = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                asyncio.run(find_authority(parse_domain("bench.test"), resolvers=[parse_resolver(s) for s in specs],
                                           timeout=timeout, ns_port=nsd.port))
                discovery.append(time.perf_counter() - started)
                started = time.perf_counter()
                asyncio.run(check_domain("bench.test", resolvers=specs, timeout=timeout, ns_port=nsd.port))
                whole.append(time.perf_counter() - started)
        finally:
            slow.close()
            for hole in holes:
                hole.close()
            nsd.stop()
    setup = f"1 slow ({delay:g} s) + 2 dead resolvers, timeout {timeout:g} s"
    line(f"NS discovery, {setup}", f"{min(discovery):6.2f} s best  {max(discovery):6.2f} s worst")
    line(f"whole domain check, {setup}", f"{min(whole):6.2f} s best  {max(whole):6.2f} s worst")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dns_bench")
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args(argv)
    run(args.timeout, args.delay)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
