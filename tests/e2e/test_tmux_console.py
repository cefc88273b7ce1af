"""End to end in a real terminal: ``python -m helpdesk_tui`` inside a detached 80×24 tmux.

A private tmux server (``-L``) is started for the test and killed afterwards; the console
runs on a demo store imported in-process, with the clock pinned through HELPDESK_NOW.
It runs as on a Linux console (``TERM=linux``: 16 colours), the plainest terminal the
operators have, and checks that only 16-colour escape codes reach the screen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpdesk_tui import clock
from helpdesk_tui.operators import current_os_user

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-20T10:00:00+09:00"

pytestmark = pytest.mark.skipif(
    not Path(TMUX).exists(), reason="tmux is not installed: the real-terminal test needs it"
)


def build_store(path: Path, role: str = "agent") -> None:
    from helpdesk_tui.demo import generate
    from helpdesk_tui.importexport import import_document
    from helpdesk_tui.store import Store

    doc = generate(60, 1, clock.parse_iso(NOW))
    doc["operators"] = [*doc.get("operators", []),
                        {"username": current_os_user(), "role": role, "display_name": "E2E"}]
    import_document(Store.create(path, training=True), doc)  # HELPDESK_NOW pins its clock


class Tmux:
    def __init__(self, socket: str, session: str) -> None:
        self.socket, self.session = socket, session

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              check=check, timeout=10)

    def screen(self, *, escapes: bool = False) -> str:
        flags = ("-p", "-e") if escapes else ("-p",)
        return self.run("capture-pane", *flags, "-t", self.session).stdout

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the terminal shows:\n{screen}")

    def alive(self) -> bool:
        return self.run("has-session", "-t", self.session, check=False).returncode == 0


@pytest.fixture
def tmux(tmp_path):
    terminal = Tmux(f"helpdesk-e2e-{os.getpid()}", "console")
    yield terminal
    terminal.run("kill-server", check=False)  # only our private server


def start_console(tmux: Tmux, store: Path) -> None:
    # tmux sets TERM in the pane itself, so the console's TERM is set by `env`.
    command = (f"env TERM=linux LANG=C.UTF-8 HELPDESK_NOW={NOW} "
               f"{sys.executable} -m helpdesk_tui --store {store} --lang en")
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "80", "-y", "24", "-c", str(REPO), command)
    tmux.wait_for("60 members. Type to search.")


def test_search_open_and_quit_in_a_real_terminal(tmp_path, tmux):
    store = tmp_path / "store"
    build_store(store)
    start_console(tmux, store)

    tmux.run("send-keys", "-t", tmux.session, "-l", "edge-locked")
    screen = tmux.wait_for("1 found")
    assert "edge-locked@" in screen and "Locked" in screen

    tmux.run("send-keys", "-t", tmux.session, "Enter")
    screen = tmux.wait_for("Locked (failed logins)")
    assert "Member security" in screen
    assert "locked after repeated failed logins" in screen
    assert "esc Back" in tmux.wait_for("esc Back")
    # 16 colours only: no 256-colour (38;5 / 48;5) or truecolor (38;2 / 48;2) codes
    codes = re.findall(r"\x1b\[([0-9;]*)m", tmux.screen(escapes=True))
    assert codes and not [code for code in codes if re.search(r"(^|;)[34]8;[25]", code)]

    tmux.run("send-keys", "-t", tmux.session, "Escape")
    tmux.wait_for("Member search")
    tmux.run("send-keys", "-t", tmux.session, "C-q")
    deadline = time.monotonic() + 10
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmux.alive(), "the console did not quit on ctrl+q"


def test_unsuspend_after_a_callback_in_a_real_terminal(tmp_path, tmux):
    """A supervisor opens the locked member's actions, is told the caller is not verified,
    records a callback to the number on file, and unsuspends: the store says active."""
    from helpdesk_tui.store import Store

    store = tmp_path / "store"
    build_store(store, role="supervisor")
    from helpdesk_tui.tickets import open_ticket

    clock.pin(clock.parse_iso(NOW))
    try:
        open_ticket(Store.open(store), current_os_user(), "edge-locked@sample.co.jp", "cannot-login")
    finally:
        clock.pin(None)
    start_console(tmux, store)
    tmux.run("send-keys", "-t", tmux.session, "-l", "edge-locked")
    tmux.wait_for("1 found")
    tmux.run("send-keys", "-t", tmux.session, "Enter")
    tmux.wait_for("Locked (failed logins)")
    tmux.run("send-keys", "-t", tmux.session, "a")
    tmux.wait_for("Unsuspend")
    tmux.run("send-keys", "-t", tmux.session, "4")  # the fourth action: unsuspend
    screen = tmux.wait_for("record a verification")
    assert "no identity verification" in screen.replace("\n", " ")
    tmux.run("send-keys", "-t", tmux.session, "v")
    tmux.wait_for("Call back the number on file")
    tmux.run("send-keys", "-t", tmux.session, "1")
    tmux.run("send-keys", "-t", tmux.session, "Enter")
    tmux.wait_for("ready")
    tmux.run("send-keys", "-t", tmux.session, "C-s")
    tmux.wait_for("Done: Unsuspend")
    assert Store.open(store).get_member("edge-locked@sample.co.jp")["status"] == "active"


def test_a_burst_of_keys_opens_the_row_typed_for(tmp_path, tmux):
    """``080`` ↓↓↓↓↓ ⏎ in one send-keys (as SSH delivers fast typing) opens the fifth
    result of ``080``, as the same keys typed slowly would."""
    from helpdesk_tui.search import MemberIndex
    from helpdesk_tui.store import Store

    store = tmp_path / "store"
    build_store(store)
    rows = MemberIndex.build(Store.open(store).iter_members()).search("080").rows
    expected = rows[4]
    start_console(tmux, store)
    tmux.run("send-keys", "-t", tmux.session, "0", "8", "0", *["Down"] * 5, "Enter")
    tmux.wait_for("Member security")
    tmux.wait_for(expected["id"])  # raises, showing the screen, when another member opened
    assert not any(row["id"] in tmux.screen() for row in rows[:4])


def test_enter_after_a_forced_password_change_runs_nothing_more_in_a_real_terminal(tmp_path, tmux):
    """Issue 14, item 1: ctrl+s, enter closes the password box, more enters change nothing:
    one temporary password, one audit entry, and the pane offers only closing it."""
    from helpdesk_tui.actions import MEMBER_ACTIONS
    from helpdesk_tui.store import Store
    from helpdesk_tui.tickets import open_ticket, record_verification
    from helpdesk_tui.widgets.action_table import ROW_KEYS

    store = tmp_path / "store"
    build_store(store, role="supervisor")
    member = "edge-no-recovery@sample.co.jp"
    clock.pin(clock.parse_iso(NOW))
    try:
        ticket = open_ticket(Store.open(store), current_os_user(), member, "password-forgotten")["id"]
        record_verification(Store.open(store), current_os_user(), ticket, "in-person-id")
    finally:
        clock.pin(None)
    start_console(tmux, store)
    tmux.run("send-keys", "-t", tmux.session, "-l", "edge-no-recovery")
    tmux.wait_for("1 found")
    tmux.run("send-keys", "-t", tmux.session, "Enter")
    tmux.wait_for("Member security")
    tmux.run("send-keys", "-t", tmux.session, "a")
    tmux.wait_for("Force password change")
    tmux.run("send-keys", "-t", tmux.session, ROW_KEYS[MEMBER_ACTIONS.index("force-password-change")])
    tmux.wait_for("ready — ctrl+s runs it")  # the pane's gate (the menu says "ready" too)
    tmux.run("send-keys", "-t", tmux.session, "C-s")
    tmux.wait_for("will not be shown again")
    tmux.run("send-keys", "-t", tmux.session, "Enter")
    tmux.wait_for("esc closes this pane")
    tmux.run("send-keys", "-t", tmux.session, "Enter", "Enter", "C-s")
    time.sleep(1.0)
    screen = tmux.screen()
    assert "will not be shown again" not in screen and "ready — ctrl+s runs it" not in screen
    runs = [e for e in Store.open(store).iter_log("audit") if e.get("action") == "force-password-change"]
    assert [e["outcome"] for e in runs] == ["done"]
