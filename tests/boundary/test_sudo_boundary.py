"""The shared deployment, end to end with real accounts and real sudo: operators reach the
store only through helpdesk-tui running as the service account."""

from __future__ import annotations

import os
import stat

from tests.boundary.shared_host import member_ids


def test_store_secure_hands_every_file_to_the_service_account(shared_host):
    from tests.accounts import uid_of

    service = uid_of(shared_host.service)
    for directory, dirs, names in os.walk(shared_host.store):
        for name in dirs + names + ["."]:
            st = os.lstat(os.path.join(directory, name))
            assert st.st_uid == service
            assert stat.S_IMODE(st.st_mode) == (0o700 if stat.S_ISDIR(st.st_mode) else 0o600)


def test_an_agent_cannot_read_or_write_the_store_files(shared_host):
    probe = ("import sys\n"
             "for p in sys.argv[1:]:\n"
             "    for mode in ('rb', 'ab'):\n"
             "        try:\n            open(p, mode).close(); print('OPENED', p, mode)\n"
             "        except PermissionError:\n            pass\n")
    files = [str(shared_host.store / name) for name in ("operators.json", "meta.json", "counters.json")]
    result = shared_host.run_python(shared_host.agent, probe, *files)
    assert result.returncode == 0, result.stderr
    assert "OPENED" not in result.stdout


def test_member_search_works_through_the_boundary_as_the_agent(shared_host):
    some = member_ids(shared_host.store)[0]
    result = shared_host.run(shared_host.agent, "member", "search", some, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert some in result.stdout


def test_an_action_the_agents_role_allows_runs_through_the_boundary_as_the_agent(shared_host):
    some = member_ids(shared_host.store)[0]
    result = shared_host.run(shared_host.agent, "action", "request-password-change", some, "--yes", "--lang", "en")
    assert result.returncode == 0, result.stderr
    shown = shared_host.json(shared_host.admin, "audit", "show", "--action", "request-password-change")
    assert (shown[0]["operator"], shown[0]["outcome"]) == (shared_host.agent, "done")


def test_a_restorative_action_is_refused_for_the_agents_role_and_audited_as_the_agent(shared_host):
    some = member_ids(shared_host.store)[0]
    result = shared_host.run(shared_host.agent, "action", "unsuspend", some, "--yes", "--lang", "en",
                             env={"SSH_CONNECTION": "198.51.100.7 50022 192.0.2.1 22", "SSH_TTY": "/dev/pts/7"})
    assert result.returncode == 4, result.stderr
    assert "Supervisor" in result.stderr
    shown = shared_host.json(shared_host.admin, "audit", "show", "--operator", shared_host.agent)
    assert shown[0]["action"] == "unsuspend" and shown[0]["outcome"] == "refused"
    assert shown[0]["connection"]["os_user"] == shared_host.agent
    assert shown[0]["connection"]["reported_by"] == "operator-session"
    assert (shown[0]["connection"]["ssh_client"], shown[0]["connection"]["tty"]) == ("198.51.100.7:50022", "/dev/pts/7")


def test_caller_settings_are_refused_through_the_boundary(shared_host, open_tmp):
    some = member_ids(shared_host.store)[0]
    for args, env in ((("--store", str(shared_host.store)), {}),
                      ((), {"HELPDESK_STORE": str(shared_host.store)}),
                      ((), {"HELPDESK_NOW": "2099-01-01T00:00:00+00:00"}),
                      ((), {"HELPDESK_CONFIG": str(open_tmp / "mine.toml")}),
                      (("--config", str(open_tmp / "mine.toml")), {})):
        result = shared_host.run(shared_host.agent, "member", "search", some, *args, env=env)
        assert result.returncode == 4, (args, env, result.stderr)
        assert "not accepted" in result.stderr or "only the helpdesk service account" in result.stderr
        assert "Traceback" not in result.stderr


def test_the_agent_cannot_change_any_operator(shared_host):
    before = shared_host.json(shared_host.admin, "operator", "list")
    for args in (("add", shared_host.outsider, "--role", "admin"),
                 ("set-role", shared_host.agent, "admin"),
                 ("remove", shared_host.admin)):
        result = shared_host.run(shared_host.agent, "operator", *args)
        assert result.returncode == 4, result.stderr
        assert "only an admin" in result.stderr
    assert shared_host.json(shared_host.admin, "operator", "list") == before


def test_an_account_outside_the_group_gets_a_refusal_not_a_traceback(shared_host):
    result = shared_host.run(shared_host.outsider, "member", "search", "x")
    assert result.returncode == 4
    assert "not in the" in result.stderr and "Traceback" not in result.stderr
    direct = shared_host.run(shared_host.outsider, "member", "search", "x", "--store", "/nonexistent-x")
    assert "Traceback" not in direct.stderr


def test_export_to_a_file_is_written_by_the_operators_own_process(shared_host, open_tmp):
    from tests.accounts import uid_of

    mine = open_tmp / "mine"
    mine.mkdir()
    os.chown(mine, uid_of(shared_host.supervisor), -1)
    target = mine / "blocked.csv"
    result = shared_host.run(shared_host.supervisor, "export", "blocked-members", "-o", str(target), "--lang", "en")
    assert result.returncode == 0, result.stderr
    st = os.stat(target)
    assert st.st_uid == uid_of(shared_host.supervisor) and stat.S_IMODE(st.st_mode) == 0o600
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV for Excel
    again = shared_host.run(shared_host.supervisor, "export", "blocked-members", "-o", str(target))
    assert again.returncode == 4 and "already exists" in again.stderr
    shown = shared_host.json(shared_host.admin, "audit", "show", "--operator", shared_host.supervisor)
    assert shown[0]["action"] == "export-blocked-members" and shown[0]["path"] == str(target)
    # the service account could not have written there: the directory is the supervisor's 0755
    refused = shared_host.run(shared_host.agent, "export", "blocked-members", "-o", str(open_tmp / "x.csv"))
    assert refused.returncode == 4 and not (open_tmp / "x.csv").exists()


def test_a_file_to_read_is_opened_by_the_operator_not_the_service_account(shared_host, open_tmp):
    # A store file the service account could read: named by the agent, it is opened as the agent.
    secret = shared_host.run(shared_host.admin, "import", str(shared_host.store / "operators.json"))
    assert secret.returncode == 4 and "Permission denied" in secret.stderr
    assert shared_host.agent not in secret.stderr and shared_host.supervisor not in secret.stderr
    headers = open_tmp / "headers.txt"
    headers.write_text("Received: from mx.old-host.example (mx.old-host.example [192.0.2.25])\n"
                       "\tby mx.worksmobile.com with ESMTPS; Tue, 17 Nov 2026 10:00:00 +0900\n")
    result = shared_host.run(shared_host.agent, "mail", "received-ip", str(headers), "--lang", "en")
    assert "192.0.2.25" in result.stdout, result.stderr


def test_an_admin_imports_a_private_file_through_the_boundary(shared_host):
    import json

    from tests.accounts import uid_of

    home = os.path.expanduser(f"~{shared_host.admin}")
    doc = {"operators": [{"username": shared_host.outsider, "role": "agent", "display_name": "New"}]}
    path = os.path.join(home, "tenant.json")
    with open(path, "w") as handle:
        json.dump(doc, handle)
    os.chown(path, uid_of(shared_host.admin), -1)
    os.chmod(path, 0o600)
    result = shared_host.run(shared_host.admin, "import", path)
    assert result.returncode == 0, result.stderr
    added = shared_host.json(shared_host.admin, "audit", "show", "--action", "operator-add")
    assert (added[0]["target"], added[0]["operator"], added[0]["via"]) == (
        shared_host.outsider, shared_host.admin, "import")


def test_a_private_store_of_ones_own_works_as_before_without_sudo(shared_host):
    from tests.accounts import uid_of

    mine = os.path.join(os.path.expanduser(f"~{shared_host.outsider}"), "practice")
    made = shared_host.run(shared_host.outsider, "demo", "--members", "5", "--store", mine)
    assert made.returncode == 0, made.stderr
    assert os.stat(mine).st_uid == uid_of(shared_host.outsider)  # not the service account's
    found = shared_host.run(shared_host.outsider, "member", "search", "edge-active", "--store", mine)
    assert found.returncode == 0 and "edge-active@" in found.stdout


def test_session_facts_cannot_be_forged_by_the_caller(shared_host):
    result = shared_host.run(shared_host.agent, "--reported-ssh", "10.0.0.1:22", "member", "search", "x")
    assert result.returncode == 4 and "set by helpdesk-tui itself" in result.stderr


def test_a_missing_sudoers_drop_in_is_a_sentence_not_a_password_prompt(shared_host):
    from helpdesk_tui.boundary.secure import SUDOERS_DROP_IN

    SUDOERS_DROP_IN.unlink()
    result = shared_host.run(shared_host.agent, "member", "search", "x")
    assert result.returncode == 4
    assert "sudoers drop-in" in result.stderr and "password" not in result.stderr


def test_an_admin_exports_the_tenant_to_a_file_of_their_own(shared_host):
    import json

    from tests.accounts import uid_of

    target = os.path.join(os.path.expanduser(f"~{shared_host.admin}"), "tenant.json")
    result = shared_host.run(shared_host.admin, "export", "-o", target)
    assert result.returncode == 0, result.stderr
    st = os.stat(target)
    assert st.st_uid == uid_of(shared_host.admin) and stat.S_IMODE(st.st_mode) == 0o600
    assert {op["username"] for op in json.load(open(target))["operators"]} >= {shared_host.agent, shared_host.admin}
    agent_try = shared_host.run(shared_host.agent, "export", "-o", "/tmp/agent-tenant-export.json")
    assert agent_try.returncode == 4 and not os.path.exists("/tmp/agent-tenant-export.json")
