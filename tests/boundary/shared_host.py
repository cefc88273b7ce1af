"""A shared support host, for real: throwaway OS accounts (service, operators, an
outsider), a store handed to the service account by ``store secure`` (run as root, with
the real /etc/helpdesk-tui/config.toml and sudoers drop-in, restored afterwards), and
commands run as an operator with ``runuser`` and a clean environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from helpdesk_tui.boundary.secure import RSYSLOG_DROP_IN, SUDOERS_DROP_IN
from helpdesk_tui.boundary.sysconfig import SYSTEM_CONFIG

NOW = "2026-11-20T10:00:00+09:00"


@dataclass
class SharedHost:
    tool: Path
    store: Path
    service: str
    group: str
    agent: str
    supervisor: str
    admin: str
    outsider: str
    witness: Path

    def run(self, user: str, *args: str, env: dict | None = None, stdin: str | None = None,
            cwd: str = "/") -> subprocess.CompletedProcess:
        """``helpdesk-tui ARGS`` as ``user``, the way an SSH login runs it."""
        home = os.path.expanduser(f"~{user}")
        environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
                       "USER": user, "LOGNAME": user, **(env or {})}
        command = ["runuser", "-u", user, "--", "env", "-i",
                   *[f"{k}={v}" for k, v in environment.items()], str(self.tool), *args]
        return subprocess.run(command, capture_output=True, text=True, input=stdin, cwd=cwd, timeout=120)

    def run_python(self, user: str, code: str, *args: str) -> subprocess.CompletedProcess:
        """A script of the user's own (what a hostile agent would try), as ``user``."""
        return subprocess.run(["runuser", "-u", user, "--", "/usr/bin/python3", "-c", code, *args],
                              capture_output=True, text=True, cwd="/", timeout=60)

    def json(self, user: str, *args: str) -> object:
        result = self.run(user, *args, "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def build_store(path: Path, operators: list[dict]) -> None:
    """A store made as root the ordinary way (not a training store)."""
    from helpdesk_tui import clock
    from helpdesk_tui.demo import generate
    from helpdesk_tui.importexport import import_document
    from helpdesk_tui.store import Store

    doc = generate(40, 1, clock.parse_iso(NOW))
    doc["operators"] = operators
    import_document(Store.create(path), doc)


class SystemFiles:
    """Keeps the machine's own /etc/helpdesk-tui and sudoers drop-in aside meanwhile."""

    paths = (SYSTEM_CONFIG, SUDOERS_DROP_IN, RSYSLOG_DROP_IN)

    def __enter__(self):
        self.saved = {p: p.read_bytes() for p in self.paths if p.exists()}
        return self

    def __exit__(self, *exc):
        for path in self.paths:
            path.unlink(missing_ok=True)
            if path in self.saved:
                path.write_bytes(self.saved[path])
        if not self.saved.get(SYSTEM_CONFIG) and SYSTEM_CONFIG.parent.exists():
            shutil.rmtree(SYSTEM_CONFIG.parent, ignore_errors=True)


def member_ids(store: Path) -> list[str]:
    from helpdesk_tui.store import Store

    return sorted(m["id"] for m in Store.open(store).iter_members())
