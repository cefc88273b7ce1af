"""The same domain-layer tests against both directories: TinyDB (the store) and LINE WORKS
(the loopback fake API, the store as its mirror). With LINE WORKS the API must have been
called and the mirror must show the API's new state."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk_tui.actions import ActionError, ActionFailed, ActionRefused, preflight, run_action
from helpdesk_tui.directory import guided
from tests.demo_store import member_id

SUSPEND = "/users/{id}/suspend"


def verified_ticket(store, operator, member: str) -> str:
    from helpdesk_tui.tickets import open_ticket, record_verification

    ticket = open_ticket(store, operator, member, "cannot-login")["id"]
    record_verification(store, operator, ticket, "in-person-id")
    return ticket


def last_audit(store) -> dict:
    return list(store.iter_log("audit"))[-1]


def api_calls(env, method: str, route: str) -> list[str]:
    return [seen.user for seen in env.fake.seen(method, route)] if env.fake else []


def refused(env, action, member, code, **kw):
    with pytest.raises(ActionRefused) as caught:
        run_action(env.store, env.operator, action, member, backend=env.backend, **kw)
    assert caught.value.code == code
    return caught.value


# ---------------------------------------------------------------------- both directories

def test_suspend_then_refusals_for_already_suspended_and_the_top_admin(env):
    target = member_id("edge-active")
    result = run_action(env.store, env.operator, "suspend", target, backend=env.backend)
    assert result.outcome == "done" and result.to_json()["outcome"] == "done"
    assert env.store.get_member(target)["status"] == "suspended-admin"
    assert last_audit(env.store)["outcome"] == "done"
    refused(env, "suspend", target, "already-suspended")
    refused(env, "suspend", member_id("edge-top-admin"), "top-admin-suspend")
    if env.fake:
        assert api_calls(env, "POST", SUSPEND) == [target]  # refusals never reach the API
        assert env.fake.users[target]["isSuspended"] is True
        assert result.details["directory"] == "lineworks"


def test_unsuspend_after_a_verified_ticket(env):
    target = member_id("edge-suspended")
    refused(env, "unsuspend", target, "needs-ticket")
    ticket = verified_ticket(env.store, env.operator, target)
    run_action(env.store, env.operator, "unsuspend", target, ticket=ticket, backend=env.backend)
    assert env.store.get_member(target)["status"] == "active"
    timeline = env.store.timeline_for(ticket)
    assert timeline[-1]["outcome"] == "done" and timeline[-1]["action"] == "unsuspend"
    if env.fake:
        assert api_calls(env, "POST", "/users/{id}/unsuspend") == [target]
        assert env.fake.users[target]["isSuspended"] is False


def test_force_logout(env):
    target = member_id("edge-suspicious")
    result = run_action(env.store, env.operator, "force-logout", target, backend=env.backend)
    assert result.details["sessions_ended"] >= 1
    if env.fake:
        assert api_calls(env, "POST", "/users/{id}/force-logout") == [target]


def test_update_recovery_contact(env):
    target = member_id("edge-active")
    ticket = verified_ticket(env.store, env.operator, target)
    run_action(env.store, env.operator, "update-recovery-contact", target, ticket=ticket,
               mobile="090-9876-5432", email="new.contact@example.com", backend=env.backend)
    member = env.store.get_member(target)
    assert member["recovery_mobile"] == "09098765432" and member["recovery_email"] == "new.contact@example.com"
    assert member["recovery_mobile_e164"] == "+819098765432"
    if env.fake:
        (patch,) = env.fake.seen("PATCH", "/users/{id}")
        assert patch.json == {"cellPhone": "09098765432", "privateEmail": "new.contact@example.com"}


def test_preflight_reads_each_member_once_and_writes_nothing_to_the_directory(env):
    target = member_id("edge-active")
    before = len(env.fake.requests) if env.fake else 0
    for action in ("suspend", "force-logout", "block-app-access"):  # an action menu's preflights
        assert preflight(env.store, env.operator, action, target, backend=env.backend).ok
    assert not preflight(env.store, env.operator, "suspend", member_id("edge-top-admin"), backend=env.backend).ok
    if env.fake:
        seen = env.fake.requests[before:]
        assert [(r.method, r.route) for r in seen] == [("GET", "/users/{id}")] * 2  # one per member
        assert sorted(r.user for r in seen) == sorted([target, member_id("edge-top-admin")])


# ---------------------------------------------------------------------- LINE WORKS only

@pytest.fixture
def lw(env):
    """The LINE WORKS environment only (tests marked with ``LW_ONLY``)."""
    assert env.name == "lineworks"
    return env


# Overrides env's parameters: these tests are about the live directory alone.
LW_ONLY = pytest.mark.parametrize("env", ["lineworks"], indirect=True)


@LW_ONLY
def test_sync_mirrors_the_api_and_keeps_local_only_fields(lw):
    store, target = lw.store, member_id("edge-top-admin")
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(target), "login_id": "boss@sample.co.jp", "must_change_password": True})
    lw.fake.users[target]["location"] = "大阪支社"
    assert lw.backend.sync(store) == len(lw.fake.users)
    member = store.get_member(target)
    assert member["workplace"] == "大阪支社"  # the API's value
    assert member["is_top_admin"] and member["login_id"] == "boss@sample.co.jp" and member["must_change_password"]
    assert any(e["action"] == "directory-sync" for e in store.iter_log("audit"))


@LW_ONLY
def test_a_5xx_on_the_write_not_applied_is_settled_as_failed_by_a_reread(lw):
    target = member_id("edge-active")
    ticket = verified_ticket(lw.store, lw.operator, target)  # a protective action may carry one
    lw.backend.read_member(lw.store, target)
    before = lw.store.get_member(target)
    access_before = lw.store.access_events_for(target)
    lw.fake.fail_next(1, status=503, only=("POST", SUSPEND))
    gets = lw.fake.count("GET", "/users/{id}")
    with pytest.raises(ActionFailed) as caught:
        run_action(lw.store, lw.operator, "suspend", target, ticket=ticket, backend=lw.backend)
    assert isinstance(caught.value, ActionError) and caught.value.code == "api-not-applied"
    assert caught.value.outcome == "failed"
    assert lw.fake.count("GET", "/users/{id}") == gets + 2  # the gate's read, then the settling re-read
    assert {k: v for k, v in lw.store.get_member(target).items() if k != "mirror"} == \
        {k: v for k, v in before.items() if k != "mirror"}
    assert lw.store.access_events_for(target) == access_before  # no session ended either
    entry = last_audit(lw.store)
    assert entry["outcome"] == "failed" and entry["error"] == "WriteOutcomeUnknown" and entry["detail"]
    assert lw.store.timeline_for(ticket)[-1]["outcome"] == "failed"
    assert not any(e["outcome"] == "done" and e["action"] == "suspend" for e in lw.store.iter_log("audit"))
    assert api_calls(lw, "POST", SUSPEND) == [target]  # sent once, never retried


@LW_ONLY
def test_a_write_applied_but_its_reply_lost_is_settled_as_done_by_a_reread(lw):
    target = member_id("edge-active")
    lw.fake.fail_after_processing(1, status=502, only=("POST", SUSPEND))  # suspended in the tenant, the 204 lost
    result = run_action(lw.store, lw.operator, "suspend", target, backend=lw.backend)
    assert result.outcome == "done" and result.details["settled_by_reread"] is True
    assert lw.fake.users[target]["isSuspended"] is True
    assert lw.store.get_member(target)["status"] == "suspended-admin"
    assert api_calls(lw, "POST", SUSPEND) == [target]  # sent once, never retried


@LW_ONLY
def test_an_api_refusal_is_failed_and_the_mirror_is_unchanged(lw):
    target = member_id("edge-active")
    lw.fake.users[target]["isDeleted"] = True  # deleted in the tenant: the API refuses a suspend
    with pytest.raises(ActionRefused) as caught:  # the gate read it live: refused before any write
        run_action(lw.store, lw.operator, "suspend", target, backend=lw.backend)
    assert caught.value.code == "member-deleted"
    assert lw.fake.count("POST", SUSPEND) == 0
    lw.fake.users[target]["isDeleted"] = False
    lw.fake.top_admins.add(target)  # a refusal only the API knows about
    with pytest.raises(ActionFailed) as caught:
        run_action(lw.store, lw.operator, "suspend", target, backend=lw.backend)
    assert caught.value.code == "api-failed" and caught.value.outcome == "failed"
    assert lw.store.get_member(target)["status"] == "active"
    entry = last_audit(lw.store)
    assert entry["outcome"] == "failed" and entry["error"] == "ApiRefused"


@LW_ONLY
def test_429_then_success_is_done(lw):
    target = member_id("edge-active")
    lw.fake.rate_limit_next(1, retry_after="2", only=("POST", SUSPEND))
    result = run_action(lw.store, lw.operator, "suspend", target, backend=lw.backend)
    assert result.outcome == "done" and lw.store.get_member(target)["status"] == "suspended-admin"
    assert 2 in lw.time.sleeps and lw.fake.count("POST", SUSPEND) == 2


@pytest.mark.parametrize("action", ["force-password-change", "block-app-access"])
@LW_ONLY
def test_a_guided_action_changes_nothing_and_cites_seed_003(lw, action):
    target = member_id("edge-active")
    ticket = verified_ticket(lw.store, lw.operator, target)
    before, sent = lw.store.get_member(target), len(lw.fake.requests)
    result = run_action(lw.store, lw.operator, action, target, ticket=ticket, backend=lw.backend)
    assert result.outcome == "guided" and result.to_json()["outcome"] == "guided"
    assert result.temp_password is None and result.notifications == 0
    assert result.details["guided"] is True and result.details["seed"] == guided.SEED
    assert result.details["steps"] == guided.steps(action, "ja")
    assert result.details["steps"][0] == "管理者画面上部の アイコンをクリックします。"
    assert len(guided.steps(action, "en")) == len(result.details["steps"])
    text = (Path(guided.__file__).parents[1] / "seeds" / guided.SEED).read_text(encoding="utf-8")
    assert all(step in text for step in result.details["steps"])  # verbatim
    assert all(heading in text.splitlines() for heading in result.details["headings"])
    def without_mirror(record):
        return {k: v for k, v in record.items() if k != "mirror"}

    assert without_mirror(lw.store.get_member(target)) == without_mirror(before)
    assert [(r.method, r.route) for r in lw.fake.requests[sent:]] == [("GET", "/users/{id}")]  # the gate's read
    entry = last_audit(lw.store)
    assert entry["outcome"] == "guided" and "steps" not in entry
    assert lw.store.timeline_for(ticket)[-1]["outcome"] == "guided"
    assert not any(e.get("action") == action for e in lw.store.iter_log("outbox"))


def test_every_non_api_action_has_guided_steps():
    from helpdesk_tui.actions import MEMBER_ACTIONS
    from helpdesk_tui.directory import API_ACTIONS

    assert set(guided.GUIDED) == set(MEMBER_ACTIONS) - set(API_ACTIONS)
    text = (Path(guided.__file__).parents[1] / "seeds" / guided.SEED).read_text(encoding="utf-8")
    for action in guided.GUIDED:
        assert all(step in text for step in guided.steps(action, "ja")), action
        assert len(guided.steps(action, "ja")) == len(guided.steps(action, "en")), action


def test_the_member_audit_is_the_directorys_login_log_filtered_to_the_member(env, now):
    member = env.store.get_member(member_id("edge-active"))
    if env.name == "tinydb":
        assert env.backend.member_audit(member, now.at) is None  # the store's own history serves
        return
    env.fake.audit_csv = ("time,user,ip\n"
                          f"2026-11-20T09:00:00+09:00,{member['id'].upper()},198.51.100.7\n"
                          "2026-11-20T09:30:00+09:00,other@sample.co.jp,203.0.113.9\n")
    rows = env.backend.member_audit(member, now.at)
    assert rows == [{"time": "2026-11-20T09:00:00+09:00", "user": member["id"].upper(), "ip": "198.51.100.7"}]
    seen = env.fake.seen("GET", "/audits/logs/download")[-1]
    assert seen.query["service"] == ["auth"]  # the login log
