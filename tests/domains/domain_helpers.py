"""Shared helpers for the domain-ownership tests: a real store with a tenant, the audit
log, the real command line in a subprocess, and a tiny real DNS server on loopback."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from helpdesk_tui import operators
from helpdesk_tui.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=JST)  # a Friday
NOW_ISO = NOW.isoformat()
ME = operators.current_os_user()
ADMIN = {"username": ME, "role": "admin", "display_name": ME}
AGENT = {"username": "agent-bob", "role": "agent", "display_name": "Bob"}

TENANT = {
    "name": "株式会社テスト",
    "plan": "trial",
    "trial_ends": "2026-12-01",
    "primary_domain": "example.by-works.com",
    "domains": [
        {"name": "example.by-works.com", "status": "in-use", "provided": True},
        {"name": "example.co.jp", "status": "pending", "provided": False},
    ],
    "password_policy": {"min_length": 8, "max_length": 20},
}


def make_store(path: Path, *, my_role: str = "admin", tenant: dict | None = TENANT) -> Store:
    """A store whose current OS user has ``my_role``, plus an agent, and ``tenant``."""
    store = Store.create(path, training=True)  # HELPDESK_NOW pins its clock
    with store.transaction() as tx:
        if tenant is not None:
            tx.tenant.set(copy.deepcopy(tenant))
        tx.operators.put({**ADMIN, "role": my_role})
        tx.operators.put(AGENT)
        for index in range(3):
            deleted = index == 2
            tx.members.put({"id": f"m{index}@example.by-works.com", "name": f"M{index}",
                            "status": "deleted" if deleted else "active",
                            "deleted_at": "2026-11-19T09:00:00+09:00" if deleted else None,
                            "line_linked": index == 0})
    return store


def audit(store: Store) -> list[dict]:
    return list(store.iter_log("audit"))


def run_cli(*args: str, store: Path | None = None, now: str = NOW_ISO,
            stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "helpdesk_tui", *args]
    if store is not None:
        command += ["--store", str(store)]
    env = dict(os.environ, HELPDESK_NOW=now)
    env.pop("HELPDESK_STORE", None)
    return subprocess.run(command, capture_output=True, text=True, input=stdin, env=env,
                          timeout=60)


def run_json(*args: str, store: Path, now: str = NOW_ISO) -> dict:
    result = run_cli(*args, "--json", store=store, now=now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class DnsResponder:
    """A real UDP DNS server on 127.0.0.1 answering MX queries from ``mx``.

    ``mx`` maps a lower-case name to MX rdata texts ("10 mx.example.jp."); names in
    ``nxdomain`` get NXDOMAIN; any other name gets an empty NOERROR answer. ``silent``
    makes it swallow every query (a resolver that never answers)."""

    def __init__(self) -> None:
        self.mx: dict[str, list[str]] = {}
        self.nxdomain: set[str] = set()
        self.silent = False
        self.queries = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self._sock.recvfrom(4096)
            except (socket.timeout, OSError):
                continue
            self.queries += 1
            if self.silent:
                continue
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            if name in self.nxdomain:
                response.set_rcode(dns.rcode.NXDOMAIN)
            elif question.rdtype == dns.rdatatype.MX and self.mx.get(name):
                response.answer.append(dns.rrset.from_text(question.name, 300, "IN", "MX",
                                                           *self.mx[name]))
            self._sock.sendto(response.to_wire(), peer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()
