"""The command line, run as a user runs it: ``python -m helpdesk_tui`` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOW = "2026-11-20T10:00:00+09:00"


def run_cli(*args: str, store: Path | None = None, stdin: str | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "helpdesk_tui", *args]
    if store is not None:
        command += ["--store", str(store)]
    environment = dict(os.environ, HELPDESK_NOW=NOW)
    environment.pop("HELPDESK_STORE", None)
    environment.update(env or {})
    return subprocess.run(command, capture_output=True, text=True, input=stdin,
                          env=environment, timeout=120)


def run_json(*args: str, store: Path) -> dict:
    result = run_cli(*args, "--json", store=store)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = run_cli("demo", "--members", "120", store=path)
    assert result.returncode == 0, result.stderr
    return path
