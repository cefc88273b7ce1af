"""``helpdesk-tui audit verify|show`` in a subprocess, as an operator runs them."""

from __future__ import annotations

import json

import pytest

from helpdesk_tui import audit
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket, record_verification
from tests.demo_store import make_demo_store, member_id
from audit_helpers import lines_of, record_many, run_cli, segments, write_lines

HOSTILE = "\x1b[31mevil\x07 [bold]x[/]"


def fill(store, me: str) -> None:
    """seq 1-2 mine (T-000001 open + verify), 3 bob's (T-000002), 4 mine (T-000003),
    5-6 bob's direct records, 7 mine about a member id carrying escape codes and markup."""
    open_ticket(store, me, member_id("edge-locked"), "cannot-login")
    record_verification(store, me, "T-000001", "callback-registered-phone")
    open_ticket(store, "bob", member_id("edge-landline"), "sms-not-arriving")
    open_ticket(store, me, member_id("edge-active"), "id-forgotten")
    record_many(store, 2, operator="bob")
    with store.transaction() as tx:
        audit.record(tx, operator=me, action="member-suspend", outcome="refused", member=HOSTILE,
                     reason="not-allowed")


@pytest.fixture
def supervisor_store(tmp_path):
    store = make_demo_store(tmp_path / "store", members=20, role="supervisor")
    from helpdesk_tui.operators import current_os_user

    fill(store, current_os_user())
    return store


def test_verify_reports_an_intact_chain(supervisor_store):
    result = run_cli("audit", "verify", store=supervisor_store.path)
    assert result.returncode == 0, result.stderr
    head = list(supervisor_store.iter_log("audit"))[-1]["hash"]
    assert result.stdout.strip() == (f"7 entries, chain intact (head: seq 7, hash {head[:12]}…) "
                                     f"No witness is configured for this store.")
    report = json.loads(run_cli("audit", "verify", "--json", store=supervisor_store.path).stdout)
    assert report["ok"] is True and report["head_seq"] == 7 and report["head_hash"] == head


@pytest.mark.parametrize("lang, words", [
    ("en", ["Chain broken at seq 3", "logs/audit/000-000001.jsonl line 3", "altered"]),
    ("ja", ["通番 3 でチェーンが壊れています", "logs/audit/000-000001.jsonl 3 行目", "改変"]),
])
def test_verify_names_the_first_bad_entry_and_exits_3(supervisor_store, lang, words):
    (segment,) = segments(supervisor_store)
    lines = lines_of(segment)
    lines[2] = lines[2].replace('"bob"', '"alice"')
    write_lines(segment, lines)
    result = run_cli("audit", "verify", store=supervisor_store.path, lang=lang)
    assert result.returncode == 3
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr


def test_verify_reports_removed_and_truncated_entries(supervisor_store):
    (segment,) = segments(supervisor_store)
    lines = lines_of(segment)
    write_lines(segment, lines[:-1])
    result = run_cli("audit", "verify", store=supervisor_store.path)
    assert result.returncode == 3
    assert "truncated — the last entries, seq 7–7, were removed" in result.stderr
    write_lines(segment, lines[:3] + lines[4:])
    result = run_cli("audit", "verify", "--json", store=supervisor_store.path)
    assert result.returncode == 3
    report = json.loads(result.stdout)
    assert (report["ok"], report["kind"], report["seq"], report["line"]) == (False, "removed", 4, 4)


def test_an_unknown_operator_is_refused(tmp_path):
    store = Store.create(tmp_path / "store", training=True)  # nobody is an operator of it
    result = run_cli("audit", "verify", store=store.path)
    assert result.returncode == 4
    assert "unknown operator" in result.stderr
    assert run_cli("audit", "show", store=store.path).returncode == 4


def show(store, *args: str) -> list[dict]:
    result = run_cli("audit", "show", *args, "--json", store=store.path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_show_filters_newest_first(supervisor_store):
    assert [e["seq"] for e in show(supervisor_store)] == [7, 6, 5, 4, 3, 2, 1]
    assert [e["seq"] for e in show(supervisor_store, "--limit", "2")] == [7, 6]
    assert [e["action"] for e in show(supervisor_store, "--ticket", "1")] == ["ticket-verify", "ticket-open"]
    assert [e["seq"] for e in show(supervisor_store, "--member", member_id("edge-active"))] == [4]
    assert [e["seq"] for e in show(supervisor_store, "--operator", "bob")] == [6, 5, 3]
    assert [e["seq"] for e in show(supervisor_store, "--operator", "bob", "--action", "ticket-open")] == [3]

    result = run_cli("audit", "show", "--ticket", "T-000001", store=supervisor_store.path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Time", "Operator", "Action", "Outcome", "Member", "Ticket", "Details"]
    assert "ticket-verify" in lines[1] and "method=callback-registered-phone" in lines[1]
    assert "ticket-open" in lines[2] and "edge-locked@sample.co.jp" in lines[2] and "T-000001" in lines[2]
    assert lines[-1] == "2 entries"
    ja = run_cli("audit", "show", "--operator", "nobody", store=supervisor_store.path, lang="ja")
    assert ja.stdout.strip() == "条件に合う監査記録はありません。"


def test_an_agent_sees_only_their_own_entries(tmp_path):
    from helpdesk_tui.operators import current_os_user

    me = current_os_user()
    store = make_demo_store(tmp_path / "store", members=20, role="agent")
    fill(store, me)
    assert [e["seq"] for e in show(store)] == [7, 4, 2, 1]
    assert {e["operator"] for e in show(store)} == {me}
    assert show(store, "--operator", "bob") == []  # filtered, not refused
    result = run_cli("audit", "show", store=store.path)
    assert result.returncode == 0
    assert "bob" not in result.stdout
    assert result.stdout.splitlines()[-1] == "As an agent you see only your own entries."


def test_hostile_text_is_printed_literally(supervisor_store):
    result = run_cli("audit", "show", "--limit", "1", store=supervisor_store.path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "␛[31mevil␇ [bold]x[/]" in result.stdout
    assert "reason=not-allowed" in result.stdout
    assert show(supervisor_store, "--member", HOSTILE)[0]["member"] == HOSTILE  # JSON keeps the value
