"""Live tenants decide from the truth: the loopback LINE WORKS stand-in says one thing, the
mirror another, and every read that shows or decides a member's state follows the API —
`member show`, `diagnose`, the action gate — with one GET and no list call. With the API
down the mirror is shown marked "not live", and actions that need the API refuse."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpdesk_tui.actions import ActionRefused, run_action
from tests.demo_store import member_id

LW_ONLY = pytest.mark.parametrize("env", ["lineworks"], indirect=True)
TARGET = member_id("edge-active")
USER = "/users/{id}"


def cli(env, config_file, *args):
    run_env = dict(os.environ, HELPDESK_NOW="2026-11-20T10:00:00+09:00", NO_PROXY="127.0.0.1,localhost")
    run_env.pop("HELPDESK_STORE", None)
    run_env.pop("HELPDESK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "helpdesk_tui", "--store", str(env.store.path), "--lang", "en",
                           *args, "--backend", "lineworks", "--config", str(config_file)],
                          capture_output=True, text=True, env=run_env, timeout=120)


def login_fail_in_the_api(env) -> None:
    assert env.store.get_member(TARGET)["status"] == "active"  # the mirror
    env.fake.users[TARGET].update(isSuspended=True, suspendedReason="LOGIN_FAIL")


def api_reads(env) -> tuple[int, int]:
    return env.fake.count("GET", USER), env.fake.count("GET", "/users")


@LW_ONLY
def test_member_show_reports_the_apis_login_fail_with_one_get(env, config_file):
    login_fail_in_the_api(env)
    before = api_reads(env)
    done = cli(env, config_file, "member", "show", "edge-active")  # a query, as `ticket new` takes
    assert done.returncode == 0, done.stderr
    assert "Locked (failed logins)" in done.stdout and "Active" not in done.stdout
    assert done.stdout.splitlines()[0].startswith("LINE WORKS · live")
    assert api_reads(env) == (before[0] + 1, before[1])  # one GET /users/{id}, no list call
    assert env.store.get_member(TARGET)["status"] == "suspended-login-failure"  # the mirror follows


@LW_ONLY
def test_diagnose_concludes_from_the_api_not_the_mirror(env, config_file):
    login_fail_in_the_api(env)
    done = cli(env, config_file, "diagnose", TARGET, "--symptom", "cannot-login", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["directory"]["live"] is True
    assert out["conclusion"]["cause"] == "suspended-login-failure"
    status_step = next(s for s in out["path"] if s["auto"] and "suspended-login-failure" in json.dumps(s))
    assert not status_step["evidence"]["from_mirror"]


@LW_ONLY
def test_the_action_gate_and_preflight_decide_from_one_get_never_a_sync(env):
    from helpdesk_tui.actions import preflight
    from helpdesk_tui.tickets import open_ticket, record_verification

    ticket = open_ticket(env.store, env.operator, TARGET, "cannot-login")["id"]
    record_verification(env.store, env.operator, ticket, "in-person-id")
    login_fail_in_the_api(env)  # the mirror says active: "not suspended" would refuse
    before = api_reads(env)
    assert preflight(env.store, env.operator, "unsuspend", TARGET, ticket=ticket, backend=env.backend).ok
    assert api_reads(env) == (before[0] + 1, before[1])  # one GET, no list call
    result = run_action(env.store, env.operator, "unsuspend", TARGET, ticket=ticket, backend=env.backend)
    assert result.outcome == "done" and result.details["previous_status"] == "suspended-login-failure"
    assert env.fake.users[TARGET]["isSuspended"] is False
    assert env.fake.count("GET", "/users") == before[1]  # never a full sync per action


@LW_ONLY
def test_cli_action_reads_one_member_and_lists_nobody(env, config_file):
    before = api_reads(env)
    done = cli(env, config_file, "action", "suspend", TARGET, "--yes", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "done"
    assert env.fake.count("GET", "/users") == before[1]  # no full sync per action
    assert env.fake.count("GET", USER) >= before[0] + 1


@LW_ONLY
def test_api_down_shows_the_marked_mirror_and_refuses_actions(env, config_file):
    env.fake.down()
    shown = cli(env, config_file, "member", "show", TARGET)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0].startswith("not live — mirror as of ")
    diag = cli(env, config_file, "diagnose", TARGET, "--symptom", "cannot-login", "--json")
    out = json.loads(diag.stdout)
    assert out["directory"]["live"] is False and out["directory"]["source"] == "mirror"
    auto = [s for s in out["path"] if s["auto"] and s["evidence"]]
    assert auto and all(s["evidence"]["from_mirror"] for s in auto)
    assert all("from the mirror as of" in s["evidence"]["text"]["en"] for s in auto)
    acted = cli(env, config_file, "action", "suspend", TARGET, "--yes")
    assert acted.returncode == 4 and "cannot be reached" in acted.stderr and "Traceback" not in acted.stderr
    assert env.fake.count("POST") == 0
    entry = list(env.store.iter_log("audit"))[-1]
    assert (entry["outcome"], entry["reason"]) == ("refused", "directory-unreachable")


@LW_ONLY
def test_sync_marks_members_the_api_no_longer_lists_as_gone(env, config_file):
    gone = member_id("edge-suspicious")
    del env.fake.users[gone]
    done = cli(env, config_file, "sync", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["gone"] == 1
    assert " of " in done.stderr  # progress N of M
    assert env.store.get_member(gone)["mirror"]["gone_at"]  # kept (tickets refer to it), marked
    assert not env.store.get_member(TARGET)["mirror"]["gone_at"]
    with pytest.raises(ActionRefused) as caught:
        run_action(env.store, env.operator, "force-logout", gone, backend=env.backend)
    assert caught.value.code == "gone-from-directory"


@LW_ONLY
def test_restore_member_goes_through_undelete(env):
    from helpdesk_tui.tickets import open_ticket, record_verification

    target = TARGET
    env.fake.users[target]["isDeleted"] = True
    ticket = open_ticket(env.store, env.operator, target, "cannot-login")["id"]
    record_verification(env.store, env.operator, ticket, "in-person-id")
    result = run_action(env.store, env.operator, "restore-member", target, ticket=ticket, backend=env.backend)
    assert result.outcome == "done"
    assert [s.user for s in env.fake.seen("POST", "/users/{id}/undelete")] == [target]
    assert env.fake.users[target]["isDeleted"] is False
    assert env.store.get_member(target)["status"] == "active"


@LW_ONLY
def test_search_says_how_old_the_directory_is_and_no_hit_exits_1(env, config_file):
    found = cli(env, config_file, "member", "search", "edge-active")
    assert found.returncode == 0 and "directory as of " in found.stdout
    none = cli(env, config_file, "member", "search", "zzz-nobody-zzz")
    assert none.returncode == 1


@LW_ONLY
def test_a_command_with_no_use_for_backend_refuses_it(env, config_file):
    done = cli(env, config_file, "audit", "verify")
    assert done.returncode == 2 and "--backend is not used by 'audit'" in done.stderr


def test_each_api_operation_has_its_own_bucket(env):
    if env.fake is None:
        pytest.skip("LINE WORKS only")
    client = env.backend.directory.client
    sleeps_before = len(env.time.sleeps)
    for _ in range(12):  # past the burst of GET /users/{id}
        client.get_json("/users/" + TARGET.replace("@", "%40"))
    spaced = len(env.time.sleeps) - sleeps_before
    assert spaced >= 1  # that operation's bucket ran dry…
    list(env.backend.directory.iter_users())  # …but the list has a bucket of its own
    assert len(env.time.sleeps) - sleeps_before == spaced
    assert {"GET /users", "GET /users/{id}"} <= set(client.limits.operations())


def test_audit_downloads_are_one_at_a_time_a_minute_apart_and_shared(env, now):
    if env.fake is None:
        pytest.skip("LINE WORKS only")
    from datetime import timedelta

    directory = env.backend.directory
    directory.audit_logs("auth", now.at - timedelta(days=1), now.at)
    directory.audit_logs("admin", now.at - timedelta(days=1), now.at)
    gate = directory.client.limits.audit
    assert gate.waits[-1] == pytest.approx(60.0, abs=0.01)  # the second waited a minute (fake sleep)
    assert env.fake.count("GET", "/audits/logs/download") == 2
    member = env.store.get_member(TARGET)
    for _ in range(3):  # three member views in a row: one tenant-wide download
        env.backend.member_audit(member, now.at)
    assert env.fake.count("GET", "/audits/logs/download") == 3
