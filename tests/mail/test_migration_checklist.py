"""The zero-loss checklist of seed 002, tracked in the tenant, in the guide's order."""

from __future__ import annotations

import pytest
from mail_helpers import ADMIN, AGENT, audit, at

from helpdesk_tui.mail import (
    STEP_IDS,
    MigrationInputError,
    MigrationRefused,
    load_checklist,
    mark_step,
    request_switch,
)

BEFORE_SWITCH = ("server-ip-found", "clients-use-ip", "accounts-created", "all-devices-done")


def _prepare(store, old_ttl: int = 300):
    for step in BEFORE_SWITCH:
        mark_step(store, ADMIN, step)
    mark_step(store, ADMIN, "ttl-lowered", old_ttl=old_ttl)


def test_a_fresh_tenant_has_every_step_open_in_the_seed_order(store):
    current = load_checklist(store)
    assert [s.id for s in current.steps] == list(STEP_IDS) == [
        "server-ip-found", "clients-use-ip", "accounts-created", "all-devices-done",
        "ttl-lowered", "switch-requested", "parallel-week"]
    assert not any(s.done for s in current.steps) and current.next_step == "server-ip-found"
    assert store.get_tenant().get("mail_migration") is None  # nothing written by reading


def test_marking_records_who_and_when_and_the_server_ip(store, now):
    current = mark_step(store, ADMIN, "server-ip-found", server_ip=" 203.0.113.25 ")
    first = current.steps[0]
    assert (first.done, first.by, first.at) == (True, ADMIN["username"], now.at)
    assert current.server_ip == "203.0.113.25"
    stored = store.get_tenant()["mail_migration"]
    assert stored == {"server_ip": "203.0.113.25", "switch_at": None, "steps": [
        {"step": "server-ip-found", "done": True, "by": ADMIN["username"],
         "at": "2026-11-19T10:00:00+09:00"}]}
    entry = audit(store)[-1]
    assert (entry["action"], entry["outcome"], entry["step"], entry["server_ip"]) == (
        "mail-checklist-done", "done", "server-ip-found", "203.0.113.25")


def test_steps_wait_for_what_they_need(store):
    with pytest.raises(MigrationRefused) as refused:
        mark_step(store, ADMIN, "clients-use-ip")
    assert refused.value.code == "steps-missing" and "server-ip-found" in str(refused.value)
    mark_step(store, ADMIN, "accounts-created")  # independent of the IP
    current = load_checklist(store)
    assert current.steps[3].waiting_for == ("clients-use-ip",)
    assert audit(store)[0]["reason"] == "steps-missing"


def test_undo_keeps_who_and_refuses_while_a_later_step_depends_on_it(store, now):
    _prepare(store)
    with pytest.raises(MigrationRefused) as refused:
        mark_step(store, ADMIN, "server-ip-found", done=False)
    assert refused.value.code == "undo-later-first"
    assert refused.value.params["later"] == ["clients-use-ip"]
    now.move(hours=1)
    current = mark_step(store, ADMIN, "all-devices-done", done=False)
    step = current.steps[3]
    assert (step.done, step.by, step.at) == (False, ADMIN["username"], now.at)
    assert audit(store)[-1]["action"] == "mail-checklist-undo"


def test_the_switch_is_requested_only_after_every_device_is_done(store):
    mark_step(store, ADMIN, "server-ip-found")
    with pytest.raises(MigrationRefused) as refused:
        request_switch(store, ADMIN, at(20, 10))
    assert refused.value.params["missing"] == ["clients-use-ip", "accounts-created", "all-devices-done",
                                               "ttl-lowered"]
    with pytest.raises(MigrationInputError):
        mark_step(store, ADMIN, "switch-requested")  # needs a time: request_switch


def test_a_switch_time_outside_the_hours_is_refused_with_the_earliest_one(store):
    _prepare(store)
    with pytest.raises(MigrationRefused) as refused:
        request_switch(store, ADMIN, at(20, 18, 0))  # Friday evening
    problem = refused.value
    assert problem.code == "switch-time" and problem.params["suggestion"] == at(23, 9, 0)
    assert "after business hours (17:30)" in problem.message("en")
    assert "営業時間（17:30）より後です" in problem.message("ja")
    assert "2026-11-23 09:00" in problem.message("en")
    entry = audit(store)[-1]
    assert (entry["outcome"], entry["reason"], entry["problems"]) == ("refused", "switch-time", ["after-hours"])
    assert entry["suggestion"] == "2026-11-23T09:00:00+09:00"
    assert load_checklist(store).switch_at is None


def test_an_accepted_switch_sets_the_parallel_week(store, now):
    _prepare(store)
    current = request_switch(store, ADMIN, at(20, 17, 30))
    assert current.switch_at == at(20, 17, 30) and current.steps[4].done
    assert current.parallel_until == at(27, 17, 30)
    now.move(days=8)  # 2026-11-27 10:00: not yet a week after the switch
    with pytest.raises(MigrationRefused) as refused:
        mark_step(store, ADMIN, "parallel-week")
    assert refused.value.code == "parallel-too-early" and "2026-11-27 17:30" in str(refused.value)
    now.move(hours=7, minutes=30)
    assert mark_step(store, ADMIN, "parallel-week").complete


def test_undoing_the_request_clears_the_switch_time(store):
    _prepare(store)
    request_switch(store, ADMIN, at(24, 10))
    current = mark_step(store, ADMIN, "switch-requested", done=False)
    assert current.switch_at is None and store.get_tenant()["mail_migration"]["switch_at"] is None


def test_only_an_admin_changes_the_checklist(store):
    with pytest.raises(MigrationRefused) as refused:
        mark_step(store, AGENT, "server-ip-found")
    assert refused.value.code == "not-admin" and "agent" in str(refused.value)
    assert load_checklist(store).steps[0].done is False
    assert audit(store)[-1]["operator"] == "agent-bob"


def test_bad_step_and_bad_ip_are_input_errors(store):
    with pytest.raises(MigrationInputError) as unknown:
        mark_step(store, ADMIN, "dns-done")
    assert "server-ip-found" in str(unknown.value)
    with pytest.raises(MigrationInputError) as bad:
        mark_step(store, ADMIN, "server-ip-found", server_ip="mail.example.jp")
    assert bad.value.code == "bad-ip"
    assert audit(store) == []  # malformed requests attempt nothing


def test_lowering_the_ttl_needs_the_old_ttl_and_moves_the_earliest_switch(store, now):
    # Issue 13: caches keep the old MX for up to its old TTL, so the switch may come only
    # one old TTL after the TTL was lowered (a day here: Thursday 10:00 → Friday 10:00).
    for step in BEFORE_SWITCH:
        mark_step(store, ADMIN, step)
    with pytest.raises(MigrationInputError) as needs:
        mark_step(store, ADMIN, "ttl-lowered")
    assert needs.value.code == "ttl-needs-old" and "--old-ttl" in needs.value.message("en")
    with pytest.raises(MigrationInputError):
        mark_step(store, ADMIN, "ttl-lowered", old_ttl=-5)
    current = mark_step(store, ADMIN, "ttl-lowered", old_ttl=86400)
    assert current.old_ttl == 86400 and current.ttl_ready_at == at(20, 10)
    assert store.get_tenant()["mail_migration"]["old_ttl"] == 86400
    with pytest.raises(MigrationRefused) as soon:
        request_switch(store, ADMIN, at(20, 9, 30))  # within the provider's hours, but too soon
    assert soon.value.code == "ttl-too-soon" and "2026-11-20 10:00" in soon.value.message("en")
    assert "86400" in soon.value.message("ja")
    assert load_checklist(store).switch_at is None  # nothing changed
    done = request_switch(store, ADMIN, at(20, 10))
    assert done.switch_at == at(20, 10)
    with pytest.raises(MigrationRefused):
        mark_step(store, ADMIN, "ttl-lowered", done=False)  # the switch depends on it


def test_the_new_server_is_recorded_with_the_accounts_step(store):
    current = mark_step(store, ADMIN, "accounts-created", new_server="MX.New-Host.example.")
    assert current.new_server == "mx.new-host.example"
    with pytest.raises(MigrationInputError):
        mark_step(store, ADMIN, "accounts-created", new_server="not a host")
