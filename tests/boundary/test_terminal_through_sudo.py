"""Through the boundary the console looks and speaks as before: the operator's TERM,
COLORTERM, LANG and window size (and its changes) reach the console running as the
service account, in a real terminal (tmux) with real sudo."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time

import pytest

TMUX = shutil.which("tmux") or "tmux"


class Pane:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              check=check, timeout=10)

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(("-e",) if escapes else ()), "-t", "console").stdout

    def wait_for(self, predicate, what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} did not happen; the terminal shows:\n{self.screen()}")


@pytest.fixture
def pane():
    if not shutil.which("tmux"):
        pytest.skip("tmux is not installed (scripts/test.sh installs it)")
    terminal = Pane(f"helpdesk-boundary-{time.monotonic_ns()}")
    yield terminal
    terminal.tmux("kill-server", check=False)


def _title_end(screen: str) -> int:
    """The display cells of the title bar's text (the operator label is right-aligned)."""
    from rich.cells import cell_len

    return cell_len(screen.splitlines()[0].rstrip())


def test_terminal_language_and_window_size_pass_through_sudo(shared_host, pane):
    environment = ["TERM=xterm-256color", "COLORTERM=truecolor", "LANG=ja_JP.UTF-8",
                   "PATH=/usr/bin:/bin", "SSH_CONNECTION=198.51.100.7 50022 192.0.2.1 22"]
    command = shlex.join(["runuser", "-u", shared_host.agent, "--", "env", "-i", *environment,
                          str(shared_host.tool)])
    pane.tmux("new-session", "-d", "-s", "console", "-x", "100", "-y", "30", command)
    screen = pane.wait_for(lambda s: "名のメンバー" in s,
                           "the Japanese console")
    assert "Agent A" in screen  # the operator sudo named, from the store
    assert 90 < _title_end(screen) <= 100
    codes = re.findall(r"\x1b\[([0-9;]*)m", pane.screen(escapes=True))
    assert [code for code in codes if re.search(r"(^|;)[34]8;2;", code)], "no truecolor: COLORTERM was lost"
    pane.tmux("resize-window", "-t", "console", "-x", "80", "-y", "24")
    pane.wait_for(lambda s: 70 < _title_end(s) <= 80 and len(s.splitlines()) <= 24, "the console redrawn at 80x24")
    pane.tmux("send-keys", "-t", "console", "C-q")
