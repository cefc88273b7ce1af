"""Shared helpers for the mail-migration tests: a real store, the audit log, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from helpdesk_tui import operators
from helpdesk_tui.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 19, 10, 0, tzinfo=JST)  # a Thursday
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "headers"
ME = operators.current_os_user()
ADMIN = {"username": ME, "role": "admin", "display_name": ME}
AGENT = {"username": "agent-bob", "role": "agent", "display_name": "Bob"}
TENANT = {"name": "株式会社テスト", "plan": "paid", "primary_domain": "example.co.jp",
          "domains": [{"name": "example.co.jp", "status": "in-use", "provided": False}]}


def make_store(path: Path, *, my_role: str = "admin") -> Store:
    store = Store.create(path, training=True)  # HELPDESK_NOW pins its clock
    with store.transaction() as tx:
        tx.tenant.set(dict(TENANT))
        tx.operators.put({**ADMIN, "role": my_role})
        tx.operators.put(AGENT)
    return store


def audit(store: Store) -> list[dict]:
    return list(store.iter_log("audit"))


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A November 2026 moment in Japan time (19 = Thursday, 20 = Friday, 23 = Monday)."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=JST)


def run_cli(*args: str, store: Path | None = None, now: datetime = NOW,
            stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "helpdesk_tui", *args]
    if store is not None:
        command += ["--store", str(store)]
    env = dict(os.environ, HELPDESK_NOW=now.isoformat())
    env.pop("HELPDESK_STORE", None)
    return subprocess.run(command, capture_output=True, text=True, input=stdin, env=env,
                          timeout=60)
