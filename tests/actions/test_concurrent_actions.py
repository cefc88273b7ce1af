"""Several operator processes acting on one store at once: no lost update, every action
audited, and the audit chain verifies afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpdesk_tui.audit.verify import verify_chain
from tests.actions.conftest import NOW

PROCESSES = 4
PER_PROCESS = 8


def test_four_processes_acting_at_once_leave_a_complete_verifying_audit(make_store):
    store, _ = make_store("supervisor")
    targets = [m["id"] for m in store.iter_members()
               if m["status"] in ("active", "away") and not m.get("is_admin") and not m.get("is_top_admin")
               and not m.get("app_access_blocked") and not m.get("password_change_requested")]
    targets = sorted(targets)[: PROCESSES * PER_PROCESS]
    assert len(targets) == PROCESSES * PER_PROCESS
    before = len(list(store.iter_log("audit")))
    env = dict(os.environ, HELPDESK_NOW=NOW.isoformat(), PYTHONPATH=str(Path(__file__).parents[2]))
    worker = Path(__file__).with_name("act_worker.py")
    procs = [subprocess.Popen([sys.executable, str(worker), str(store.path),
                               *targets[i * PER_PROCESS:(i + 1) * PER_PROCESS]], env=env,
                              stderr=subprocess.PIPE, text=True)
             for i in range(PROCESSES)]
    for proc in procs:
        assert proc.wait(timeout=180) == 0, proc.stderr.read()
    for member in targets:
        record = store.get_member(member)
        assert record["app_access_blocked"] and record["password_change_requested"], member
    entries = list(store.iter_log("audit"))[before:]
    done = sorted((e["member"], e["action"]) for e in entries if e["outcome"] == "done")
    assert done == sorted((m, a) for m in targets for a in ("block-app-access", "request-password-change"))
    seqs = [e["seq"] for e in store.iter_log("audit")]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    report = verify_chain(store)
    assert report.ok, report
    assert len(list(store.iter_log("outbox"))) >= 2 * len(targets)
