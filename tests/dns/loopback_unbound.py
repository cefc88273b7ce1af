"""A real recursive resolver on loopback: NLnet Labs' unbound, run unprivileged.

It listens on a free port of 127.0.0.1 and resolves the lab's zones through stub zones
pointing at the nsd instances (``{zone: "ADDR@PORT"}``), so the engine's resolver paths
(recursion, caching, RA flag, no AA) are exercised against the real thing. Names outside
the stub zones would go to the Internet's root servers: the tests never ask for them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import dns.exception
import dns.message
import dns.query

from loopback_dns import free_port, start_serving

UNBOUND = shutil.which("unbound") or "/usr/sbin/unbound"
# Names unbound answers itself by default (RFC 6761/6303): the lab serves them for real.
_NODEFAULT = ("test.", "2.0.192.in-addr.arpa.")


class Unbound:
    def __init__(self, workdir: Path, stubs: dict[str, str]) -> None:
        self.dir, self.stubs = workdir, dict(stubs)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def spec(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        d = self.dir
        stubs = "".join(f"stub-zone:\n  name: \"{zone}.\"\n  stub-addr: {addr}\n"
                        for zone, addr in self.stubs.items())
        nodefault = "".join(f"  local-zone: \"{zone}\" nodefault\n" for zone in _NODEFAULT)
        (d / "unbound.conf").write_text(
            "server:\n"
            f"  interface: 127.0.0.1@{self.port}\n  port: {self.port}\n"
            "  username: \"\"\n  chroot: \"\"\n"
            f"  directory: \"{d}\"\n  pidfile: \"{d}/unbound.pid\"\n"
            f"  use-syslog: no\n  logfile: \"{d}/unbound.log\"\n  verbosity: 1\n"
            "  num-threads: 1\n  do-ip6: no\n  do-daemonize: no\n"
            "  do-not-query-localhost: no\n  module-config: \"iterator\"\n"
            "  qname-minimisation: no\n  access-control: 127.0.0.0/8 allow\n"
            + nodefault + "remote-control:\n  control-enable: no\n" + stubs,
            encoding="utf-8",
        )
        first = next(iter(self.stubs))
        self.process = start_serving("unbound", [UNBOUND, "-d", "-c", str(d / "unbound.conf")],
                                     lambda: self.answers(first), self.log)

    def answers(self, name: str) -> bool:
        try:
            reply = dns.query.udp(dns.message.make_query(name + ".", "SOA"), "127.0.0.1",
                                  port=self.port, timeout=0.5)
        except (dns.exception.Timeout, OSError):
            return False
        return bool(reply.answer)

    def log(self) -> str:
        path = self.dir / "unbound.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
