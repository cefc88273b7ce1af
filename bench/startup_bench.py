"""Start-up to an interactive screen, ours against a minimal Textual app, same run.

Both run as a user runs them: our app through the installed ``helpdesk-tui`` console
script (so the command line's own imports count), the minimal app (Header, Input,
DataTable, Footer) as a script. Each gets a real pseudo-terminal (80×24). The clock starts
before the process is spawned and stops when the terminal shows the first screen's text
(the minimal app's title; our search screen's title), then when it shows the member
count (search ready). Nothing in the product is instrumented for this.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from bench.stats import line

MINIMAL = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Input

class Minimal(App):
    TITLE = "Minimal bench app"
    def compose(self):
        yield Header(); yield Input(); yield DataTable(); yield Footer()

Minimal().run()
"""

# What each app shows once its first screen is painted (English labels), and once its
# footer lists the keys (Textual fills the footer a moment after the first paint).
MINIMAL_READY = "Minimal bench app"
MINIMAL_KEYS = "palette"
OURS_READY = "Member search"
OURS_KEYS = "Quit"
OURS_INDEX = re.compile(r"[\d,]+ members\. Type to search\.")
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")


def console_script() -> str:
    """The installed ``helpdesk-tui`` next to this interpreter (the venv's bin)."""
    beside = Path(sys.executable).with_name("helpdesk-tui")
    found = str(beside) if beside.exists() else shutil.which("helpdesk-tui")
    if not found:
        raise SystemExit("helpdesk-tui is not installed: pip install -e . first")
    return found


def _run_in_pty(command: list[str], marks: dict[str, re.Pattern | str]) -> dict[str, float]:
    """Milliseconds from spawn until each mark first appears on the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LANG="en_US.UTF-8", LC_ALL="")
    env.pop("HELPDESK_NOW", None)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                               start_new_session=True)
    os.close(slave)
    seen: dict[str, float] = {}
    screen = ""
    deadline = started + 120
    while len(seen) < len(marks) and process.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            break
        now = time.perf_counter()
        # Keep a tail only: the marks are short, the stream is long.
        screen = (screen + _ESCAPES.sub(b"", chunk).decode("utf-8", "replace"))[-4096:]
        for name, mark in marks.items():
            if name not in seen and (mark.search(screen) if isinstance(mark, re.Pattern) else mark in screen):
                seen[name] = (now - started) * 1000
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    os.close(master)
    return seen


def _interleaved(commands: dict[str, tuple[list[str], dict]], runs: int) -> dict[str, dict[str, float]]:
    """Median milliseconds per command and mark. The commands take turns, run by run, so
    a busy moment on a shared machine falls on both sides of the ratio alike."""
    samples: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, marks) in commands.items():
            samples[name].append(_run_in_pty(command, marks))
    return {
        name: {mark: statistics.median(s.get(mark, float("nan")) for s in samples[name])
               for mark in commands[name][1]}
        for name in commands
    }


def run(stores: dict[int, Path], runs: int = 11) -> None:
    minimal_cmd = [sys.executable, "-c", MINIMAL]
    script = console_script()
    commands = {"minimal": (minimal_cmd, {"ready": MINIMAL_READY, "keys": MINIMAL_KEYS})}
    for members, path in stores.items():
        commands[str(members)] = ([script, "--store", str(path), "--lang", "en"],
                                  {"ready": OURS_READY, "keys": OURS_KEYS, "index": OURS_INDEX})
    # Warm the page cache and byte-code once so the first measured run isn't an outlier.
    for command, marks in commands.values():
        _run_in_pty(command, marks)
    medians = _interleaved(commands, runs)
    minimal = medians.pop("minimal")
    line("minimal Textual app → ready", f"{minimal['ready']:8.1f} ms  (median of {runs}, runs interleaved)")
    line("minimal Textual app → footer keys", f"{minimal['keys']:8.1f} ms")
    for members in stores:
        ours = medians[str(members)]
        line(f"helpdesk-tui ({members:,} members) → ready",
             f"{ours['ready']:8.1f} ms  = {ours['ready'] / minimal['ready']:.2f}× minimal (target ≤ 1.30×)")
        line(f"helpdesk-tui ({members:,} members) → footer keys",
             f"{ours['keys']:8.1f} ms  = {ours['keys'] / minimal['keys']:.2f}× minimal")
        line(f"helpdesk-tui ({members:,} members) → search ready", f"{ours['index']:8.1f} ms")
