"""The CLI's guard: an unexpected exception is one line and exit 3, the details in a
crash report under the user's state directory that holds no member data and no secret.
And a read-only store (here a read-only mount, which binds root too) refuses every write
with a message, while reads go on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.conftest import NOW, run_cli
from tests.faults.disk import mount_tmpfs, unmount

# A fault injected into the real program (not a mock of the guard): the member search
# index blows up with a message that carries member data, as a real bug's might.
BOOBY_TRAP = """
import helpdesk_tui.search as search
def explode(*args, **kwargs):
    secret_local = "temp-pass-Zq9"
    raise RuntimeError("member 田中 太郎 tanaka@example.co.jp " + secret_local)
search.MemberIndex.build = explode
"""


def test_an_unexpected_exception_is_one_line_exit_3_and_a_clean_crash_report(tmp_path):
    store = tmp_path / "store"
    assert run_cli("demo", "--members", "10", store=store).returncode == 0
    trap = tmp_path / "trap"
    trap.mkdir()
    (trap / "sitecustomize.py").write_text(BOOBY_TRAP, encoding="utf-8")
    state = tmp_path / "state"
    env = dict(os.environ, HELPDESK_NOW=NOW, PYTHONPATH=str(trap), XDG_STATE_HOME=str(state))
    result = subprocess.run([sys.executable, "-m", "helpdesk_tui", "member", "search", "tanaka", "--store", str(store)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "tanaka" not in result.stderr and "田中" not in result.stderr
    [report] = list((state / "helpdesk-tui" / "crashes").iterdir())
    assert str(report) in result.stderr
    assert oct(report.stat().st_mode & 0o777) == "0o600"
    text = report.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text and "in explode" in text and "cli member" in text
    for leaked in ("tanaka", "田中", "temp-pass-Zq9", "secret_local", str(store)):
        assert leaked not in text


@pytest.fixture
def read_only_store(tmp_path):
    disk = mount_tmpfs(tmp_path / "disk", size="8m")
    store = disk / "store"
    assert run_cli("demo", "--members", "20", store=store).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    yield store
    unmount(disk)


def test_every_write_to_a_read_only_store_is_a_clear_refusal(read_only_store, tmp_path):
    store = read_only_store
    writes = [("ticket", "note", "T-000001", "called"),
              ("ticket", "new", "edge-away@sample.co.jp", "--symptom", "cannot-login"),
              ("action", "suspend", "edge-mdm@sample.co.jp", "--yes"),
              ("demo", "--members", "5")]
    for args in writes:
        target = store.parent / "new-store" if args[0] == "demo" else store
        refused = run_cli(*args, store=target)
        assert refused.returncode == 3, (args, refused.stderr)
        assert "Read-only file system" in refused.stderr and "nothing was changed" in refused.stderr
        assert "Traceback" not in refused.stderr and "internal error" not in refused.stderr
    assert run_cli("member", "search", "edge", store=store).returncode == 0
    assert run_cli("audit", "verify", store=store).returncode == 0
