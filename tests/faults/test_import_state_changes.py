"""Re-importing an older export never silently reverses a suspension, an app block or a
recovery-contact change: the changes are listed and need --apply-state-changes; then
each is its own audit entry and notifies the member as the matching action would."""

from __future__ import annotations

import json

import pytest

from helpdesk_tui.store import Store
from tests.cli.conftest import run_cli, run_json

SUSPENDED = "edge-away@sample.co.jp"


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "40", store=path).returncode == 0
    return path


def _older_export(store, tmp_path):
    old = tmp_path / "old.json"
    assert run_cli("export", "-o", str(old), store=store).returncode == 0
    return old


def _audit(store, action):
    return [e for e in Store.open(store).iter_log("audit") if e["action"] == action]


def test_a_reimport_that_would_reverse_a_suspension_lists_it_and_changes_nothing(store, tmp_path):
    old = _older_export(store, tmp_path)
    assert run_cli("action", "suspend", SUSPENDED, "--yes", store=store).returncode == 0
    outbox_before = Store.open(store).log_count("outbox")

    refused = run_cli("import", str(old), store=store)
    assert refused.returncode == 4
    assert f"{SUSPENDED}: status suspended-admin → away (unsuspend)" in refused.stderr
    assert "--apply-state-changes" in refused.stderr
    assert run_json("member", "show", SUSPENDED, store=store)["status"] == "suspended-admin"
    assert Store.open(store).log_count("outbox") == outbox_before
    as_json = run_cli("import", str(old), "--json", store=store)
    assert json.loads(as_json.stdout)["state_changes"] == [
        {"member": SUSPENDED, "field": "status", "before": "suspended-admin", "after": "away", "action": "unsuspend"}]


def test_applied_state_changes_are_audited_and_notified_one_by_one(store, tmp_path):
    old = _older_export(store, tmp_path)
    assert run_cli("action", "suspend", SUSPENDED, "--yes", store=store).returncode == 0
    blocked = "edge-mdm@sample.co.jp"
    assert run_cli("action", "block-app-access", blocked, "--yes", store=store).returncode == 0
    outbox_before = Store.open(store).log_count("outbox")

    done = run_cli("import", str(old), "--apply-state-changes", store=store)
    assert done.returncode == 0, done.stderr
    assert "state_changes: 2" in done.stdout
    assert run_json("member", "show", SUSPENDED, store=store)["status"] == "away"
    assert run_json("member", "show", blocked, store=store)["app_access_blocked"] is False
    [unsuspended] = [e for e in _audit(store, "unsuspend") if e.get("via") == "import"]
    assert (unsuspended["member"], unsuspended["before"], unsuspended["after"]) == (SUSPENDED, "suspended-admin", "away")
    [unblocked] = [e for e in _audit(store, "unblock-app-access") if e.get("via") == "import"]
    assert unblocked["member"] == blocked and unblocked["notifications"] >= 1
    queued = list(Store.open(store).iter_log("outbox"))[outbox_before:]
    assert {(n["member_id"], n["action"]) for n in queued} == {(SUSPENDED, "unsuspend"), (blocked, "unblock-app-access")}
    assert run_cli("audit", "verify", store=store).returncode == 0


def test_a_recovery_contact_change_by_import_tells_the_old_contacts_too(store, tmp_path):
    doc = json.loads(run_cli("export", store=store).stdout)
    member = next(m for m in doc["members"] if m.get("recovery_email"))
    old_email = member["recovery_email"]
    member["recovery_email"] = "new-address@example.net"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run_cli("import", str(changed), store=store).returncode == 4
    assert run_cli("import", str(changed), "--apply-state-changes", store=store).returncode == 0
    [entry] = [e for e in _audit(store, "update-recovery-contact") if e.get("via") == "import"]
    assert entry["changed"] == ["recovery_email"] and old_email not in json.dumps(entry)
    sent_to = {n["to"] for n in Store.open(store).iter_log("outbox") if n["member_id"] == member["id"]}
    assert {old_email, "new-address@example.net"} <= sent_to


def test_an_unchanged_reimport_needs_no_flag_and_keeps_a_waiting_temporary_password(store, tmp_path):
    member = "edge-no-recovery@sample.co.jp"
    ticket = run_json("ticket", "new", member, "--symptom", "password-forgotten", store=store)["id"]
    run_cli("ticket", "verify", ticket, "--method", "manager-confirmed", store=store)
    assert run_cli("action", "force-password-change", member, "--ticket", ticket, "--yes", store=store).returncode == 0
    old = _older_export(store, tmp_path)
    assert "temp_password_hash" not in old.read_text(encoding="utf-8")
    assert run_cli("import", str(old), store=store).returncode == 0
    record = Store.open(store).get_member(member)
    assert record["temp_password_hash"].startswith("scrypt$") and record["must_change_password"] is True
