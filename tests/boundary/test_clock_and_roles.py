"""The clock cannot be set by the caller, and role changes take effect at once and are on
record: in-process against a real store, and the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpdesk_tui import clock
from helpdesk_tui.actions import ActionRefused, preflight, run_action
from helpdesk_tui.operators import admin
from helpdesk_tui.store import Store
from tests.demo_store import NOW, make_demo_store, member_id
from tests.moving_clock import pinned_at


@pytest.fixture
def now():
    yield from pinned_at(NOW)


@pytest.fixture
def store(tmp_path, now):
    return make_demo_store(tmp_path / "store", members=40, role="supervisor")


def _me(store):
    from helpdesk_tui.operators import require_operator

    return require_operator(store)


def _audit(store) -> list[dict]:
    return list(store.iter_log("audit"))


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "helpdesk_tui", *args], capture_output=True, text=True,
                          env=environment, timeout=120)


# ----------------------------------------------------------------- the clock

def test_a_verification_dated_in_the_future_never_counts(store, now):
    from helpdesk_tui.tickets import open_ticket, record_verification

    operator, target = _me(store), member_id("edge-locked")
    ticket = open_ticket(store, operator, target, "cannot-login")["id"]
    now.move(days=365 * 70)  # the 2099 verification of the issue
    record_verification(store, operator, ticket, "callback-registered-phone")
    now.move(days=-365 * 70)
    with pytest.raises(ActionRefused) as refused:
        run_action(store, operator, "unsuspend", target, ticket=ticket)
    assert refused.value.code == "verification-future"
    assert store.get_member(target)["status"] == "suspended-login-failure"


def test_helpdesk_now_is_refused_for_a_store_that_is_not_a_training_store(tmp_path):
    path = tmp_path / "real"
    Store.create(path)
    result = cli("member", "search", "x", "--store", str(path), env={"HELPDESK_NOW": "2099-01-01T00:00:00+00:00"})
    assert result.returncode == 3
    assert "not a training store" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_helpdesk_now_is_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "demo"
    result = cli("demo", "--members", "5", "--store", str(path), env={"HELPDESK_NOW": "yesterday"})
    assert result.returncode == 2
    assert "HELPDESK_NOW='yesterday' is not an ISO 8601 time" in result.stderr
    assert "Traceback" not in result.stderr and not path.exists()


def test_demo_and_import_training_make_training_stores_whose_clock_helpdesk_now_sets(tmp_path):
    pinned = {"HELPDESK_NOW": "2030-01-02T03:04:05+09:00"}
    assert cli("demo", "--members", "5", "--store", str(tmp_path / "demo"), env=pinned).returncode == 0
    demo = Store.open(tmp_path / "demo")
    assert demo.training and max(e["at"] for e in demo.iter_log("audit")).startswith("2030-01-02T03:04:05")
    exported = cli("export", "--store", str(tmp_path / "demo"), env=pinned)
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "t.json").write_text(exported.stdout)
    made = cli("import", str(tmp_path / "t.json"), "--training", "--store", str(tmp_path / "copy"), env=pinned)
    assert made.returncode == 0, made.stderr
    assert Store.open(tmp_path / "copy").training
    plain = cli("import", str(tmp_path / "t.json"), "--store", str(tmp_path / "plain"))
    assert plain.returncode == 0 and not Store.open(tmp_path / "plain").training


# ----------------------------------------------------------------- roles at once

def test_a_demoted_operator_is_refused_at_the_next_action(store):
    stale = _me(store)  # what an open console holds
    target = member_id("edge-active")
    assert preflight(store, stale, "suspend", target).ok
    with store.transaction() as tx:  # the admin demotes them meanwhile
        tx.operators.put({**stale, "role": "agent"})
    assert preflight(store, stale, "suspend", target).problem.code == "role"
    with pytest.raises(ActionRefused) as refused:
        run_action(store, stale, "suspend", target)
    assert refused.value.code == "role"
    assert store.get_member(target)["status"] == "active"


def test_a_removed_operator_is_refused_and_the_refusal_is_audited(store):
    stale = _me(store)
    target = member_id("edge-active")
    with store.transaction() as tx:
        tx.operators.delete(stale["username"])
    with pytest.raises(ActionRefused) as refused:
        run_action(store, stale, "suspend", target)
    assert refused.value.code == "operator-removed"
    entry = _audit(store)[-1]
    assert (entry["action"], entry["outcome"], entry["reason"]) == ("suspend", "refused", "operator-removed")
    assert store.get_member(target)["status"] == "active"


def test_operator_changes_are_admin_only_and_audited_one_entry_per_change(store):
    me = _me(store)["username"]
    with pytest.raises(admin.OperatorChangeRefused):
        admin.set_role(store, me, me, "admin")  # a supervisor cannot promote themselves
    assert _audit(store)[-1]["outcome"] == "refused"
    with store.transaction() as tx:
        tx.operators.put({"username": "boss", "role": "admin", "display_name": "Boss"})
    before = len(_audit(store))
    admin.add(store, "boss", "newbie", "agent", check_account=False)
    admin.set_role(store, "boss", "newbie", "supervisor")
    admin.remove(store, "boss", "newbie")
    entries = _audit(store)[before:]
    assert [(e["action"], e["target"], e["operator"]) for e in entries] == [
        ("operator-add", "newbie", "boss"), ("operator-set-role", "newbie", "boss"),
        ("operator-remove", "newbie", "boss")]
    assert entries[1]["previous_role"] == "agent" and entries[1]["role"] == "supervisor"
    with pytest.raises(admin.OperatorChangeRefused, match="last admin"):
        admin.set_role(store, "boss", "boss", "agent")
    assert store.get_operator("boss")["role"] == "admin"


def test_operators_in_an_import_file_go_through_the_same_rule(store):
    from helpdesk_tui.importexport import export_document, import_document

    doc = export_document(store)
    doc["operators"].append({"username": "mallory", "role": "admin", "display_name": "M"})
    me = _me(store)["username"]  # a supervisor
    with pytest.raises(admin.OperatorChangeRefused):
        import_document(store, doc, operator=me)
    assert store.get_operator("mallory") is None
    with store.transaction() as tx:
        tx.operators.put({"username": "boss", "role": "admin", "display_name": "Boss"})
    import_document(store, doc, operator="boss")
    added = [e for e in _audit(store) if e["action"] == "operator-add"]
    assert [(e["target"], e["role"], e["via"]) for e in added] == [("mallory", "admin", "import")]
