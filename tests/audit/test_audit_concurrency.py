"""Several operator processes appending audited operations to one store at once: every
entry lands, ``seq`` has no gap or duplicate, and the chain verifies — also while the
writers are still committing (the verifier must not cry wolf at a commit in flight)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpdesk_tui.audit.verify import verify_chain

WORKERS = 6
EACH = 25
WORKER = Path(__file__).with_name("audit_worker.py")


def test_six_processes_appending_at_once_keep_the_chain_whole(store, tmp_path):
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2]))
    workers = [subprocess.Popen([sys.executable, str(WORKER), str(store.path), str(w), str(EACH), str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for w in range(WORKERS)]
    go.touch()
    reports = []
    try:
        while any(worker.poll() is None for worker in workers):
            reports.append(verify_chain(store, timeout=60))  # concurrently with the commits
    finally:
        outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
    assert reports and all(report.ok for report in reports), [r for r in reports if not r.ok][:1]

    entries = list(store.iter_log("audit"))
    assert len(entries) == WORKERS * EACH
    assert [entry["seq"] for entry in entries] == list(range(1, WORKERS * EACH + 1))
    direct = {(e["worker"], e["n"]) for e in entries if e["action"] == "test-action"}
    assert direct == {(w, n) for w in range(1, WORKERS, 2) for n in range(EACH)}
    opened = {}
    for w, (out, _) in enumerate(outputs):
        for line in out.split("\n"):
            if line:
                ticket, n = line.split()
                opened[ticket] = (w, int(n))
    tickets = {e["ticket"]: e["operator"] for e in entries if e["action"] == "ticket-open"}
    assert set(tickets) == set(opened) and len(opened) == (WORKERS // 2) * EACH
    assert all(operator == f"worker-{opened[ticket][0]}" for ticket, operator in tickets.items())
    # the writers really interleaved: some entry follows one of another worker
    by = [e["operator"] for e in entries]
    assert sum(a != b for a, b in zip(by, by[1:])) > WORKERS

    final = verify_chain(store)
    assert final.ok and final.entries == WORKERS * EACH and final.head_seq == WORKERS * EACH
