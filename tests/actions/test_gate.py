"""Who may act on whom: the full role × action matrix, the administrator-account rule,
the verification gate for restorative actions, and the per-operator rate limit."""

from __future__ import annotations

import pytest

from helpdesk_tui.actions import (
    MEMBER_ACTIONS,
    RATE_LIMIT,
    SPECS,
    ActionRefused,
    preflight,
    run_action,
)
from tests.actions.conftest import audit_entries, member_id, verified_ticket

ADMIN_ONLY = {"factory-reset-device", "change-initial-id", "restore-member"}
AGENT_MAY = {"request-password-change"}


@pytest.mark.parametrize("role", ["agent", "supervisor", "admin"])
def test_role_by_action_matrix(make_store, role):
    store, operator = make_store(role)
    target = member_id("edge-mdm")
    ticket = verified_ticket(store, operator, target)
    for action in MEMBER_ACTIONS:
        problem = preflight(store, operator, action, target, ticket=ticket, device="dev-x").problem
        allowed = role == "admin" or (role == "supervisor" and action not in ADMIN_ONLY) or action in AGENT_MAY
        refused_for_role = problem is not None and problem.code == "role"
        assert refused_for_role == (not allowed), (role, action, problem)
        assert SPECS[action].allowed_for(role) == allowed


@pytest.mark.parametrize("role, refused", [("supervisor", True), ("admin", False)])
def test_only_the_top_administrator_acts_on_an_administrator_account(make_store, role, refused):
    store, operator = make_store(role)
    target = member_id("edge-admin")
    problem = preflight(store, operator, "block-app-access", target).problem
    assert (problem is not None and problem.code == "admin-account") == refused


def test_an_agent_may_request_a_password_change_and_nothing_else(make_store):
    store, operator = make_store("agent")
    target = member_id("edge-active")
    with pytest.raises(ActionRefused) as refused:
        run_action(store, operator, "suspend", target)
    assert refused.value.code == "role" and "Supervisor" in str(refused.value)
    assert store.get_member(target)["status"] == "active"
    entry = audit_entries(store)[-1]
    assert (entry["action"], entry["outcome"], entry["reason"], entry["member"]) == (
        "suspend", "refused", "role", target)


def test_protective_actions_never_wait_for_a_verification(make_store):
    store, operator = make_store()
    target = member_id("edge-suspicious")
    run_action(store, operator, "block-app-access", target)
    assert store.get_member(target)["app_access_blocked"] is True


def test_restorative_actions_need_a_verified_ticket_and_say_what_is_missing(make_store, now):
    from helpdesk_tui.tickets import open_ticket, record_verification

    store, operator = make_store()
    target = member_id("edge-locked")
    with pytest.raises(ActionRefused) as no_ticket:
        run_action(store, operator, "unsuspend", target)
    assert no_ticket.value.code == "needs-ticket" and "ticket" in str(no_ticket.value)
    ticket = open_ticket(store, operator, target, "cannot-login")["id"]
    with pytest.raises(ActionRefused) as unverified:
        run_action(store, operator, "unsuspend", target, ticket=ticket)
    assert unverified.value.code == "not-verified" and "call back the number on file" in str(unverified.value)
    assert store.get_member(target)["status"] == "suspended-login-failure"
    record_verification(store, operator, ticket, "callback-registered-phone")
    now.move(minutes=61)
    with pytest.raises(ActionRefused) as stale:
        run_action(store, operator, "unsuspend", target, ticket=ticket)
    assert stale.value.code == "verification-stale" and "60 minutes" in str(stale.value)
    record_verification(store, operator, ticket, "callback-registered-phone")
    run_action(store, operator, "unsuspend", target, ticket=ticket)
    assert store.get_member(target)["status"] == "active"
    outcomes = [(e["action"], e["outcome"], e.get("reason")) for e in audit_entries(store) if e["action"] == "unsuspend"]
    assert outcomes == [("unsuspend", "refused", "needs-ticket"), ("unsuspend", "refused", "not-verified"),
                        ("unsuspend", "refused", "verification-stale"), ("unsuspend", "done", None)]
    kinds = [(e["kind"], e.get("outcome")) for e in store.timeline_for(ticket) if e["kind"] == "action"]
    assert kinds == [("action", "refused"), ("action", "refused"), ("action", "done")]


def test_a_ticket_about_another_member_does_not_count(make_store):
    store, operator = make_store()
    ticket = verified_ticket(store, operator, member_id("edge-active"))
    with pytest.raises(Exception) as wrong:
        run_action(store, operator, "unsuspend", member_id("edge-locked"), ticket=ticket)
    assert getattr(wrong.value, "code", None) == "ticket-other-member"


def test_an_administrator_account_needs_a_strong_verification(make_store):
    store, operator = make_store("admin")
    target = member_id("edge-admin")
    ticket = verified_ticket(store, operator, target, method="callback-registered-phone")
    with pytest.raises(ActionRefused) as weak:
        run_action(store, operator, "force-password-change", target, ticket=ticket)
    assert weak.value.code == "needs-strong-verification"
    assert "Photo ID seen in person" in str(weak.value)
    ticket = verified_ticket(store, operator, target, method="manager-confirmed")
    assert run_action(store, operator, "force-password-change", target, ticket=ticket).temp_password


def test_a_burst_of_restorative_actions_is_refused_and_audited_per_operator(make_store, now):
    store, operator = make_store()
    target = member_id("edge-blocked")
    ticket = verified_ticket(store, operator, target)
    for _ in range(RATE_LIMIT):
        run_action(store, operator, "unblock-app-access", target, ticket=ticket)
        run_action(store, operator, "block-app-access", target)  # protective: not counted
    with pytest.raises(ActionRefused) as burst:
        run_action(store, operator, "unblock-app-access", target, ticket=ticket)
    assert burst.value.code == "rate-limited" and str(RATE_LIMIT) in str(burst.value)
    assert store.get_member(target)["app_access_blocked"] is True
    assert audit_entries(store)[-1]["reason"] == "rate-limited"
    from helpdesk_tui.operators import admin_record

    other = {**admin_record("second-op"), "role": "supervisor"}  # another operator is not held up
    run_action(store, other, "unblock-app-access", target, ticket=ticket)
    run_action(store, operator, "block-app-access", target)
    now.move(minutes=10, seconds=1)
    verified = verified_ticket(store, operator, target)
    run_action(store, operator, "unblock-app-access", target, ticket=verified)
    assert store.get_member(target)["app_access_blocked"] is False
