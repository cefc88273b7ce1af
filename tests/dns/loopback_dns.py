"""Real DNS servers on loopback for the DNS tests.

- :class:`Nsd`: NLnet Labs' authoritative server, run unprivileged from a temp dir.
- :class:`Blackhole`: a UDP socket that reads queries and never answers (timeouts).
- :class:`Relay`: forwards UDP queries to nsd after a delay (a slow resolver), and can
  cache answers for their TTL and clear the AA flag, as a recursive resolver does (a
  cache that still holds the old MX after a switch).
- :class:`DohRelay`: an HTTP server taking RFC 8484 POSTs and relaying them to nsd.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rdatatype

NSD = shutil.which("nsd") or "/usr/sbin/nsd"


def free_port(addresses: tuple[str, ...] = ("127.0.0.1",)) -> int:
    """A port free for both UDP and TCP on every one of ``addresses`` (nsd listens on
    both; name servers found through NS records all share one port in the tests)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((addresses[0], 0))
            port = tcp.getsockname()[1]
        if all(_free(address, port) for address in addresses):
            return port
    raise RuntimeError("no free port")


def _free(address: str, port: int) -> bool:
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as sock:
            try:
                sock.bind((address, port))
            except OSError:
                return False
    return True


def start_serving(name: str, command: list[str], answers, log, timeout: float = 10.0) -> subprocess.Popen:
    """Start a server in the foreground and wait until ``answers()``; its stderr and
    ``log()`` in the error when it exits or stays silent."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {process.stderr.read().decode()}\n{log()}")
        if answers():
            return process
        time.sleep(0.05)
    raise RuntimeError(f"{name} did not answer within {timeout:g} s\n{log()}")


def zone_text(origin: str, records: str, *, serial: int = 1, ttl: int = 300) -> str:
    """A zone file with SOA and NS (ns1.<origin> at 127.0.0.1) plus ``records``."""
    return (
        f"$ORIGIN {origin}.\n$TTL {ttl}\n"
        f"@ IN SOA ns1.{origin}. hostmaster.{origin}. {serial} 3600 900 604800 60\n"
        f"@ IN NS ns1.{origin}.\n"
        f"ns1 IN A 127.0.0.1\n"
        f"{records}\n"
    )


class Nsd:
    """An nsd serving ``zones`` ({origin: zone file text}) on 127.0.0.1:port."""

    def __init__(self, workdir: Path, zones: dict[str, str], *, address: str = "127.0.0.1",
                 port: int | None = None) -> None:
        self.dir = workdir
        self.address = address
        self.port = port or free_port((address,))
        self.zones = dict(zones)
        self._mtime = int(time.time())
        self.process: subprocess.Popen | None = None

    @property
    def spec(self) -> str:
        return f"{self.address}:{self.port}"

    def _zonefile(self, origin: str) -> Path:
        return self.dir / f"{origin}.zone"

    def write_zone(self, origin: str, text: str) -> None:
        path = self._zonefile(origin)
        path.write_text(text, encoding="utf-8")
        # nsd reloads a zone whose file's mtime changed: make sure it does, even twice
        # within one second.
        self._mtime += 1
        os.utime(path, (self._mtime, self._mtime))

    def start(self) -> None:
        for origin, text in self.zones.items():
            self.write_zone(origin, text)
        zone_blocks = "".join(
            f"zone:\n  name: \"{origin}\"\n  zonefile: \"{self._zonefile(origin).name}\"\n"
            for origin in self.zones
        )
        d = self.dir
        (d / "nsd.conf").write_text(
            "server:\n"
            f"  ip-address: {self.address}@{self.port}\n"
            f"  port: {self.port}\n"
            "  username: \"\"\n  chroot: \"\"\n  database: \"\"\n"
            f"  zonesdir: \"{d}\"\n  pidfile: \"{d}/nsd.pid\"\n  xfrdfile: \"{d}/xfrd.state\"\n"
            f"  xfrdir: \"{d}\"\n  zonelistfile: \"{d}/zone.list\"\n  logfile: \"{d}/nsd.log\"\n"
            "  server-count: 1\n  verbosity: 1\n  hide-version: yes\n"
            "remote-control:\n  control-enable: no\n"
            + zone_blocks,
            encoding="utf-8",
        )
        first = next(iter(self.zones))
        self.process = start_serving("nsd", [NSD, "-d", "-c", str(d / "nsd.conf")],
                                     lambda: self.serial(first) is not None, self.log)

    def log(self) -> str:
        path = self.dir / "nsd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def serial(self, origin: str) -> int | None:
        """The SOA serial nsd serves for ``origin`` now (None: no answer)."""
        try:
            reply = dns.query.udp(dns.message.make_query(origin + ".", "SOA"), self.address,
                                  port=self.port, timeout=0.5)
        except (dns.exception.Timeout, OSError):
            return None
        for rrset in reply.answer:
            if rrset.rdtype == dns.rdatatype.SOA:
                return rrset[0].serial
        return None

    def replace_zone(self, origin: str, text: str, serial: int) -> None:
        """Rewrite a zone file and make nsd reload it (SIGHUP); wait for the new serial."""
        self.write_zone(origin, text)
        self.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if self.serial(origin) == serial:
                return
            time.sleep(0.05)
        raise RuntimeError(f"nsd did not reload {origin} to serial {serial}\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class _UdpServer:
    """A UDP socket on 127.0.0.1 served by a daemon thread until :meth:`close`."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.05)  # lets the loop notice close() promptly
        self.received = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    @property
    def spec(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            self.received += 1
            self.handle(data, peer)

    def handle(self, data: bytes, peer) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


class Blackhole(_UdpServer):
    """Reads every query and drops it: a resolver that never answers."""

    def handle(self, data: bytes, peer) -> None:
        return None


class Relay(_UdpServer):
    """Forwards to ``upstream`` (nsd's port) after ``delay`` seconds.

    With ``cache=True`` it behaves like a recursive resolver's cache: an answer is kept
    for its TTL and served with the TTL counted down, so after the zone changes it
    still returns the old records; answers never carry the AA flag (a resolver is not
    the zone's authority).
    """

    def __init__(self, upstream: int, *, delay: float = 0.0, cache: bool = False,
                 drop: tuple[str, ...] = ()) -> None:
        self.upstream, self.delay, self.caching = upstream, delay, cache
        # Query types silently dropped, as a middlebox that eats AAAA queries does.
        self.drop = {dns.rdatatype.from_text(t) for t in drop}
        self._cache: dict[tuple, tuple[float, dns.message.Message]] = {}
        self._lock = threading.Lock()
        super().__init__()

    def handle(self, data: bytes, peer) -> None:
        timer = threading.Timer(self.delay, self._answer, (data, peer))
        timer.daemon = True
        timer.start()

    def _answer(self, data: bytes, peer) -> None:
        query = dns.message.from_wire(data)
        key = (query.question[0].name, query.question[0].rdtype)
        if key[1] in self.drop:
            return
        with self._lock:
            cached = self._cache.get(key) if self.caching else None
        if cached is not None and time.monotonic() - cached[0] < _min_ttl(cached[1]):
            fetched, reply = cached
            reply = dns.message.from_wire(reply.to_wire())
            age = int(time.monotonic() - fetched)
            for rrset in (*reply.answer, *reply.authority):
                rrset.ttl = max(0, rrset.ttl - age)
        else:
            try:
                reply = dns.query.udp(query, "127.0.0.1", port=self.upstream, timeout=2)
            except (dns.exception.Timeout, OSError):
                return
            if self.caching:
                with self._lock:
                    self._cache[key] = (time.monotonic(), reply)
        if self.caching:
            reply.flags &= ~dns.flags.AA
            reply.flags |= dns.flags.RA
        reply.id = query.id
        try:
            self.sock.sendto(reply.to_wire(), peer)
        except OSError:
            pass


def _min_ttl(message: dns.message.Message) -> int:
    ttls = [rrset.ttl for rrset in (*message.answer, *message.authority)]
    return min(ttls) if ttls else 0


class DohRelay:
    """RFC 8484 over plain HTTP on 127.0.0.1: POST ``/dns-query`` relays to nsd over
    UDP; ``/broken`` answers HTTP 503 (a DoH server having trouble)."""

    def __init__(self, upstream: int) -> None:
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                relay.requests.append((self.path, self.headers.get("content-type")))
                if self.path != "/dns-query":
                    self.send_error(503 if self.path == "/broken" else 404)
                    return
                if self.headers.get("content-type") != "application/dns-message":
                    self.send_error(415)
                    return
                reply = dns.query.udp(dns.message.from_wire(body), "127.0.0.1",
                                      port=upstream, timeout=2)
                wire = reply.to_wire()
                self.send_response(200)
                self.send_header("content-type", "application/dns-message")
                self.send_header("content-length", str(len(wire)))
                self.end_headers()
                self.wfile.write(wire)

            def log_message(self, *args) -> None:
                pass

        self.requests: list[tuple[str, str | None]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/dns-query"

    @property
    def broken_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/broken"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
