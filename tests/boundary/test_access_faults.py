"""Faults at the store's permissions, as a user meets them: a message, never a
PermissionError traceback (issue 15, items 5 and 7)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.boundary.shared_host import NOW


def _run(user: str, tool: Path, *args: str) -> subprocess.CompletedProcess:
    env = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp", f"HELPDESK_NOW={NOW}"]
    return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *env, str(tool), *args, "--lang", "en"],
                          capture_output=True, text=True, cwd="/", timeout=120)


def _demo(path: Path, admin: str) -> None:
    from helpdesk_tui import clock
    from helpdesk_tui.demo import generate
    from helpdesk_tui.importexport import import_document
    from helpdesk_tui.store import Store

    doc = generate(10, 1, clock.parse_iso(NOW))
    doc["operators"] = [{"username": admin, "role": "admin", "display_name": "A"}]
    import_document(Store.create(path, training=True), doc, operator=admin)


def test_audit_verify_on_a_read_only_copy_reports_the_broken_chain(open_tmp, throwaway_user, installed_tool):
    copy = open_tmp / "copy"
    _demo(copy, throwaway_user)
    counters = copy / "counters.json"  # the head no longer matches the log's end
    data = json.loads(counters.read_text())
    for doc in data["counters"].values():
        if doc.get("name") == "audit-chain":
            doc["seq"] += 3
    counters.write_text(json.dumps(data))
    subprocess.run(["chown", "-R", f"{throwaway_user}:", str(copy)], check=True)
    for directory, dirs, names in os.walk(copy):
        for name in names:
            os.chmod(os.path.join(directory, name), 0o400)
        os.chmod(directory, 0o500)
    result = _run(throwaway_user, installed_tool, "audit", "verify", "--store", str(copy))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "truncated" in result.stderr


def test_a_user_who_may_not_read_the_store_gets_a_refusal(open_tmp, throwaway_user, installed_tool):
    private = open_tmp / "someone-elses"
    _demo(private, "root")
    result = _run(throwaway_user, installed_tool, "member", "search", "x", "--store", str(private))
    assert result.returncode == 3
    assert "may not read the store" in result.stderr and "Traceback" not in result.stderr
