"""Helpers for the audit tests (imported by name: tests/audit is on sys.path)."""

from __future__ import annotations

from pathlib import Path

from helpdesk_tui import audit


def segments(store) -> list[Path]:
    """The audit log's segment files, oldest first."""
    return sorted((Path(store.path) / "logs" / "audit").glob("*.jsonl"))


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="ascii").splitlines(keepends=True)


def write_lines(path: Path, lines: list[str]) -> None:
    """Rewrite a segment the way someone with a text editor would."""
    path.write_text("".join(lines), encoding="ascii")


def record_many(store, count: int, *, operator: str = "alice", **details) -> None:
    """``count`` audited operations, one transaction each."""
    for number in range(count):
        with store.transaction() as tx:
            audit.record(tx, operator=operator, action="test-action", n=number, **details)


def run_cli(*args: str, store: Path, lang: str = "en") -> "subprocess.CompletedProcess":
    """``python -m helpdesk_tui … --store STORE --lang LANG`` as a user runs it."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "helpdesk_tui", *args, "--store", str(store), "--lang", lang]
    environment = dict(os.environ, HELPDESK_NOW="2026-11-20T10:00:00+09:00")
    environment.pop("HELPDESK_STORE", None)
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
