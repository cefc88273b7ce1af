"""An agent's bulk request is refused with a message (not ``KeyError: 'action'``), and
the refusal is on the audit record."""

from __future__ import annotations

from helpdesk_tui.operators import current_os_user
from helpdesk_tui.store import Store
from tests.cli.conftest import run_cli, run_json


def test_an_agents_bulk_request_is_refused_and_audited(tmp_path):
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "20", store=path).returncode == 0
    store = Store.open(path)
    with store.transaction() as tx:
        tx.operators.put({**tx.operators.get(current_os_user()), "role": "agent"})

    refused = run_cli("action", "request-login-info-change", "edge-away@sample.co.jp", "--confirm", "1",
                      "--yes", store=path)
    assert refused.returncode == 4, refused.stderr
    assert "Traceback" not in refused.stderr and "KeyError" not in refused.stderr
    assert "needs the role Supervisor" in refused.stderr

    entries = [e for e in store.iter_log("audit") if e["action"] == "request-login-info-change"]
    assert [(e["outcome"], e["reason"], e["count"]) for e in entries] == [("refused", "role", 1)]
    assert run_cli("audit", "verify", store=path).returncode == 0
    assert run_json("member", "show", "edge-away@sample.co.jp", store=path).get("password_change_requested") is not True
