"""Crash reports: what an unexpected exception leaves behind instead of a traceback.

The operator sees one line (CLI) or a banner (console) naming the report file; the file
holds what a developer needs and nothing a member or the tenant owns: the exception's
type and, for it and every exception it was raised from, the traceback frames as file,
line and function. Never the exception's message or arguments, never local variables,
never the command line: any of them may carry member data or a temporary password.
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from pathlib import Path

from helpdesk_tui import __version__

APP_NAME = "helpdesk-tui"


def crash_dir() -> Path:
    """The user's state directory (``$XDG_STATE_HOME/helpdesk-tui/crashes`` on Linux)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME)) / "crashes"


def describe(error: BaseException, where: str) -> str:
    """The report's text: types and frames only (see the module docstring)."""
    lines = [
        f"{APP_NAME} {__version__} crash report",
        f"when: {time.strftime('%Y-%m-%dT%H:%M:%S%z')}",
        f"where: {where}",
        f"python: {platform.python_version()} on {platform.system()}",
        "",
    ]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"exception: {kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("raised while handling / from:")
    return "\n".join(lines) + "\n"


def write_report(error: BaseException, where: str) -> Path | None:
    """Write a 0600 report and return its path (None if even that failed: a full
    disk must not turn one failure into two)."""
    try:
        directory = crash_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / f"crash-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(describe(error, where))
        return path
    except OSError:
        return None


def one_line(error: BaseException, report: Path | None) -> str:
    """What the operator is told: the kind of failure and where the details are."""
    name = type(error).__name__
    if report is None:
        return f"internal error ({name}); nothing more could be written (no crash report)"
    return f"internal error ({name}); details for a developer in {report}"


def report_to_stderr(error: BaseException, where: str) -> Path | None:
    report = write_report(error, where)
    print(f"{APP_NAME}: {one_line(error, report)}", file=sys.stderr)
    return report
