"""``helpdesk-tui action …`` as a user runs it: consequences first, the same rules as the
console, the temporary password printed once and stored nowhere."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.cli.conftest import run_cli, run_json


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "60", store=path).returncode == 0
    return path


def test_without_yes_it_states_the_plan_exits_0_and_does_nothing(store):
    shown = run_cli("action", "suspend", "edge-away@sample.co.jp", "--lang", "ja", store=store)
    assert shown.returncode == 0, shown.stderr
    assert "不在設定も解除" in shown.stdout and "003_742dfa6b2af9907e.txt" in shown.stdout
    assert "今すぐ実行できます" in shown.stdout
    assert "--yes" in shown.stderr
    member = run_json("member", "show", "edge-away@sample.co.jp", store=store)
    assert member["status"] == "away"


def test_the_plan_in_json_says_whether_it_would_run_and_what_is_missing(store):
    member = "edge-locked@sample.co.jp"
    ticket = run_json("ticket", "new", member, "--symptom", "cannot-login", store=store)["id"]
    refused = run_cli("action", "unsuspend", member, "--ticket", ticket, "--json", store=store)
    assert refused.returncode == 4  # the refusal a run would get: no verification yet
    plan = json.loads(refused.stdout)
    assert plan["would_run"] is False and plan["refusal"]["code"] == "not-verified"
    assert [m["code"] for m in plan["missing"]] == ["not-verified"]
    assert "no identity verification" in plan["refusal"]["message"] and "no identity verification" in refused.stderr
    assert plan["consequences"] and plan["source"]["seed"] == "003_742dfa6b2af9907e.txt"
    assert run_cli("ticket", "verify", ticket, "--method", "in-person-id", store=store).returncode == 0
    ready = run_cli("action", "unsuspend", member, "--ticket", ticket, "--json", store=store)
    assert ready.returncode == 0, ready.stderr
    plan = json.loads(ready.stdout)
    assert plan["would_run"] is True and plan["refusal"] is None and plan["missing"] == []
    assert plan["verification"]["method"] == "in-person-id"
    assert run_json("member", "show", member, store=store)["status"] == "suspended-login-failure"
    reset = run_cli("action", "factory-reset-device", "edge-mdm@sample.co.jp", "--json", store=store)
    assert reset.returncode == 0, reset.stderr  # the store's operator may; the device is still to name
    assert {m["code"] for m in json.loads(reset.stdout)["missing"]} >= {"needs-device", "needs-typed-back"}


def test_a_restorative_action_needs_a_verified_ticket_then_runs(store):
    member = "edge-locked@sample.co.jp"
    refused = run_cli("action", "unsuspend", member, "--yes", store=store)
    assert refused.returncode == 4 and "needs a ticket" in refused.stderr
    ticket = run_json("ticket", "new", member, "--symptom", "cannot-login", store=store)["id"]
    unverified = run_cli("action", "unsuspend", member, "--ticket", ticket, "--yes", store=store)
    assert unverified.returncode == 4 and "no identity verification" in unverified.stderr
    assert run_cli("ticket", "verify", ticket, "--method", "in-person-id", store=store).returncode == 0
    done = run_cli("action", "unsuspend", member, "--ticket", ticket, "--yes", "--json", store=store)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["details"]["previous_status"] == "suspended-login-failure"
    assert run_json("member", "show", member, store=store)["status"] == "active"


def test_the_temporary_password_is_printed_once_and_found_in_no_file(store):
    member = "edge-no-recovery@sample.co.jp"
    ticket = run_json("ticket", "new", member, "--symptom", "password-forgotten", store=store)["id"]
    run_cli("ticket", "verify", ticket, "--method", "manager-confirmed", store=store)
    done = run_cli("action", "force-password-change", member, "--ticket", ticket, "--yes", "--json", store=store)
    assert done.returncode == 0, done.stderr
    secret = json.loads(done.stdout)["temporary_password"]
    found = subprocess.run(["grep", "-rlF", "-e", secret, str(store)], capture_output=True, text=True)
    assert found.returncode == 1, found.stdout
    shown = run_cli("ticket", "show", ticket, "--json", store=store)
    assert secret not in shown.stdout


def test_factory_reset_needs_the_device_typed_back_and_a_bulk_request_the_count(store):
    member, device = "edge-mdm@sample.co.jp", None
    devices = run_json("member", "show", member, store=store)["devices"]
    device = next(d["device_id"] for d in devices if d.get("mdm_registered"))
    wrong = run_cli("action", "factory-reset-device", member, "--device", device, "--confirm", "x", "--yes", store=store)
    assert wrong.returncode == 2 and device in wrong.stderr
    done = run_cli("action", "factory-reset-device", member, "--device", device, "--confirm", device, "--yes",
                   store=store)
    assert done.returncode == 0, done.stderr
    ids = ["edge-active@sample.co.jp", "edge-away@sample.co.jp"]
    count = run_cli("action", "request-login-info-change", *ids, "--confirm", "3", "--yes", store=store)
    assert count.returncode == 2 and "2 members" in count.stderr
    bulk = run_cli("action", "request-login-info-change", "-", "--confirm", "2", "--yes", "--json",
                   store=store, stdin="\n".join(ids) + "\n")
    assert bulk.returncode == 0 and json.loads(bulk.stdout)["count"] == 2
