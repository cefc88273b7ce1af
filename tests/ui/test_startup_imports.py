"""Start-up imports only what the first screen needs (issue 14 item 16).

The command line used to import every command module, and with them dnspython, httpx
and the DNS engine, before the console drew anything. The console is run here through
``cli.main.main`` exactly as the ``helpdesk-tui`` script runs it, headless, and the
modules loaded when its first screen is ready are listed. The time itself is measured
by ``python -m bench --only startup`` (never by a timed assertion).
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from textual.app import App
from helpdesk_tui.cli.main import main

loaded = []
real_run = App.run

def run_headless(self, *args, **kwargs):
    def ready():
        loaded.extend(sorted(sys.modules))
        self.exit()
    self.call_after_refresh(ready)  # the first screen has been drawn
    kwargs.update(headless=True, size=(80, 24))
    return real_run(self, *args, **kwargs)

App.run = run_headless
main(["--store", sys.argv[1], "--lang", "en"])
print(json.dumps(loaded))
"""

# Needed only by a command or a later screen, never by the first one.
NOT_AT_START = ("dns", "httpx", "helpdesk_tui.dns", "helpdesk_tui.cli.errors",
                "helpdesk_tui.cli.dns_cmds", "helpdesk_tui.cli.action_cmds",
                "helpdesk_tui.actions", "helpdesk_tui.domains", "helpdesk_tui.mail",
                "textual.widgets._text_area")


def test_console_first_screen_imports_no_command_or_dns_module(store_path):
    done = subprocess.run([sys.executable, "-c", PROBE, str(store_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "helpdesk_tui.screens.search" in loaded  # the probe saw the console's first screen
    early = sorted(m for m in loaded if m.split(".")[0] in NOT_AT_START or m in NOT_AT_START
                   or any(m.startswith(prefix + ".") for prefix in NOT_AT_START))
    assert early == []


def test_help_still_lists_every_command():
    done = subprocess.run([sys.executable, "-m", "helpdesk_tui", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    for command in ("demo", "import", "export", "member", "ticket", "action", "domain", "mail"):
        assert command in done.stdout
