"""Start-up to an interactive screen, ours against a minimal Textual app, same run.

Each app runs in a real pseudo-terminal (80×24) as its own process. The clock starts
before the process is spawned and stops when the app, in ``on_ready``, writes to a pipe
the benchmark gave it: Python start-up and imports are included, as a user sees them.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from bench.stats import line

MINIMAL = """
import os
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Input

class Minimal(App):
    def compose(self):
        yield Header(); yield Input(); yield DataTable(); yield Footer()
    def on_ready(self):
        os.write(int(os.environ["BENCH_FD"]), b"ready\\n")
        self.exit()

Minimal().run()
"""

OURS = """
import os, sys
from helpdesk_tui.app import HelpdeskApp

class Bench(HelpdeskApp):
    def on_ready(self):
        os.write(int(os.environ["BENCH_FD"]), b"ready\\n")
        if os.environ.get("BENCH_WAIT_INDEX") != "1":
            self.exit()

    def on_helpdesk_app_index_ready(self, message):
        os.write(int(os.environ["BENCH_FD"]), b"index\\n")
        self.exit()

Bench(sys.argv[1], "en").run()
"""


def _run_in_pty(code: str, args: list[str], wait_index: bool) -> dict[str, float]:
    read_end, write_end = os.pipe()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", BENCH_FD=str(write_end),
               BENCH_WAIT_INDEX="1" if wait_index else "0")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdin=slave, stdout=slave, stderr=slave,
        pass_fds=(write_end,), env=env, start_new_session=True,
    )
    os.close(slave)
    os.close(write_end)
    marks: dict[str, float] = {}
    buffer = b""
    deadline = started + 120
    while process.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master, read_end], [], [], 0.5)
        if read_end in ready:
            chunk = os.read(read_end, 64)
            now = time.perf_counter()
            buffer += chunk
            for mark in buffer.decode().split():
                marks.setdefault(mark, (now - started) * 1000)
        if master in ready:
            try:
                os.read(master, 1 << 16)  # keep the terminal drained
            except OSError:
                pass
    if process.poll() is None:
        process.kill()
    process.wait()
    os.close(master)
    os.close(read_end)
    return marks


def _median(code: str, args: list[str], runs: int, mark: str, wait_index: bool = False) -> float:
    values = [_run_in_pty(code, args, wait_index).get(mark, float("nan")) for _ in range(runs)]
    return statistics.median(values)


def run(stores: dict[int, Path], runs: int = 7) -> None:
    # Warm the page cache and byte-code once so the first measured run isn't an outlier.
    _run_in_pty(MINIMAL, [], False)
    minimal = _median(MINIMAL, [], runs, "ready")
    line("minimal Textual app → ready", f"{minimal:8.1f} ms  (median of {runs})")
    for members, path in stores.items():
        ours = _median(OURS, [str(path)], runs, "ready")
        line(f"helpdesk-tui ({members:,} members) → ready",
             f"{ours:8.1f} ms  = {ours / minimal:.2f}× minimal (target ≤ 1.30×)")
        index = _median(OURS, [str(path)], max(3, runs // 2), "index", wait_index=True)
        line(f"helpdesk-tui ({members:,} members) → search ready", f"{index:8.1f} ms")
