"""``helpdesk-tui mail received-ip|checklist`` run as a user runs them."""

from __future__ import annotations

import json

from mail_helpers import FIXTURES, audit, at, make_store, run_cli


def test_received_ip_from_a_file_and_from_stdin():
    text = run_cli("mail", "received-ip", str(FIXTURES / "qmail.txt"), "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert "Current mail server's IP address: 203.0.113.25" in text.stdout
    assert "hop 2 from the bottom" in text.stdout and "002_c707fd664de90ac5.txt" in text.stdout
    piped = run_cli("mail", "received-ip", "-", "--json",
                    stdin=(FIXTURES / "exchange_o365_inbound.txt").read_text(encoding="utf-8"))
    data = json.loads(piped.stdout)
    assert (data["ip"], data["hop"], data["rule"]) == ("203.0.113.26", 4, "receiving-relay")
    pinned = run_cli("mail", "received-ip", str(FIXTURES / "exchange_o365_inbound.txt"),
                     "--server", "outlook.com", "--json")
    assert json.loads(pinned.stdout)["ip"] == "40.107.113.101"


def test_no_address_is_exit_1_with_a_clear_message_and_hostile_text_is_neutralised():
    none = run_cli("mail", "received-ip", str(FIXTURES / "no_received.txt"), "--lang", "ja")
    assert none.returncode == 1 and "Received: ヘッダーが見つかりません" in none.stdout
    hostile = "Received: from evil\x1b[2J\x07.example.jp (x [203.0.113.66]) by mx\x1b[31m.example.org\n"
    shown = run_cli("mail", "received-ip", "-", stdin=hostile)
    assert shown.returncode == 0 and "203.0.113.66" in shown.stdout
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    missing = run_cli("mail", "received-ip", "/nonexistent/headers.txt")
    assert missing.returncode == 2 and "/nonexistent/headers.txt" in missing.stderr


def test_checklist_flow_with_a_refused_and_an_accepted_switch_time(tmp_path):
    path = tmp_path / "s"
    store = make_store(path)
    shown = run_cli("mail", "checklist", "--lang", "en", store=path)
    assert shown.returncode == 0 and shown.stdout.count("[ ]") == 7
    assert "not in seed 002" in shown.stdout  # the TTL step cites no seed heading
    assert "Next step: server-ip-found" in shown.stdout
    first = run_cli("mail", "checklist", "--done", "server-ip-found", "--ip", "203.0.113.25",
                    "--json", store=path)
    assert json.loads(first.stdout)["server_ip"] == "203.0.113.25"
    for step in ("clients-use-ip", "accounts-created", "all-devices-done"):
        assert run_cli("mail", "checklist", "--done", step, store=path).returncode == 0
    assert run_cli("mail", "checklist", "--done", "ttl-lowered", store=path).returncode == 2  # no --old-ttl
    lowered = run_cli("mail", "checklist", "--done", "ttl-lowered", "--old-ttl", "3600", "--lang", "en",
                      store=path)
    assert lowered.returncode == 0 and "MX TTL was 3600 s: switch no earlier than 2026-11-19 11:00" in lowered.stdout

    friday = at(20, 16, 0)
    late = run_cli("mail", "checklist", "--switch-at", "2026-11-20T18:00", "--lang", "en",
                   store=path, now=friday)
    assert late.returncode == 4
    assert "(same-day" not in late.stderr  # problems by their labels, not their ids
    assert "a same-day switch cannot be requested" in late.stderr
    assert "earliest possible: 2026-11-23 09:00" in late.stderr

    ok = run_cli("mail", "checklist", "--switch-at", "2026-11-23T09:00", "--lang", "ja",
                 store=path, now=friday)
    assert ok.returncode == 0, ok.stderr
    assert "DNS 切り替え予定: 2026-11-23 09:00" in ok.stdout
    assert "祝日は判定していません" in ok.stdout and "2026-11-30 09:00" in ok.stdout
    assert store.get_tenant()["mail_migration"]["switch_at"] == "2026-11-23T09:00:00+09:00"
    assert [e["action"] for e in audit(store)][-2:] == ["mail-switch-request", "mail-switch-request"]


def test_checklist_refusals_and_bad_input(tmp_path):
    path = tmp_path / "s"
    make_store(path, my_role="agent")
    agent = run_cli("mail", "checklist", "--done", "server-ip-found", store=path)
    assert agent.returncode == 4 and "admin" in agent.stderr
    assert run_cli("mail", "checklist", store=path).returncode == 0  # viewing is open
    assert run_cli("mail", "checklist", "--done", "nonsense", store=path).returncode == 2
    assert run_cli("mail", "checklist", "--switch-at", "soon", store=path).returncode == 2
    assert run_cli("mail", "checklist", "--undo", "accounts-created", "--switch-at",
                   "2026-11-24T10:00", store=path).returncode == 2
    assert run_cli("mail", "checklist", "--ip", "203.0.113.1", store=path).returncode == 2
    assert run_cli("mail", "checklist", "--old-ttl", "300", store=path).returncode == 2
