"""``helpdesk-tui ticket …`` as an operator scripts it (real processes, real store)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.cli.conftest import NOW, run_cli, run_json
from tests.fingerprint import store_fingerprint

LOCKED = "edge-locked@sample.co.jp"


@pytest.fixture
def store(demo_store, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(demo_store, target)
    return target


def test_the_demo_tenant_has_a_morning_queue(store):
    queue = run_json("ticket", "list", store=store)["tickets"]
    assert [t["symptom"] for t in queue] == ["account-compromised", "cannot-login", "sms-not-arriving",
                                            "id-forgotten"]  # most urgent first (issue 14)
    assert [t["status"] for t in queue].count("pending") == 1
    assert queue[0]["waited_seconds"] == 300 and queue[-1]["waited_seconds"] == 26 * 3600


def test_new_show_verify_close(store):
    member = "edge-active@sample.co.jp"
    created = run_json("ticket", "new", member, "--symptom", "cannot-login", "--channel", "walk-up",
                       "--note", "来社", store=store)
    first = created["id"]
    assert first == "T-000005" and created["status"] == "open"  # after the demo's four
    assert created["channel"] == "walk-up" and created["other_open_tickets"] == []
    assert [e["kind"] for e in created["timeline"]] == ["created", "note"]
    verified = run_json("ticket", "verify", "5", "--method", "in-person-id", store=store)
    assert verified["verifications"][0]["method"] == "in-person-id"
    again = run_json("ticket", "new", member, "--symptom", "device-lost", store=store)
    assert again["other_open_tickets"] == [first]
    closed = run_json("ticket", "close", first, "--note", "unsuspended", store=store)
    assert closed["status"] == "closed" and closed["resolution"] == "unsuspended"
    listed = run_json("ticket", "list", "--member", member, store=store)
    assert [t["id"] for t in listed["tickets"]] == [again["id"]]
    everything = run_json("ticket", "list", "--status", "all", "--member", member, store=store)
    assert [t["id"] for t in everything["tickets"]] == [first, again["id"]]


def test_text_output_in_japanese_shows_the_timeline(store):
    run_cli("ticket", "new", LOCKED, "--symptom", "cannot-login", "--note", "[bold]x[/] \x1b[31m", store=store)
    result = run_cli("ticket", "show", "5", "--lang", "ja", store=store)
    assert result.returncode == 0, result.stderr
    assert "T-000005  対応中  ログインできない" in result.stdout
    assert "本人確認: 未確認" in result.stdout
    assert "[bold]x[/] " in result.stdout and "\x1b" not in result.stdout  # escape made visible
    listing = run_cli("ticket", "list", "--lang", "ja", store=store)
    assert "T-000005  対応中" in listing.stdout and "5 件" in listing.stdout


def test_new_accepts_a_unique_search_and_refuses_an_ambiguous_one(store):
    by_mail = run_json("ticket", "new", "edge-landline", "--symptom", "sms-not-arriving", store=store)
    assert by_mail["member_id"] == "edge-landline@sample.co.jp"
    before = store_fingerprint(store)
    ambiguous = run_cli("ticket", "new", "edge", "--symptom", "cannot-login", store=store)
    assert ambiguous.returncode == 2 and "members match 'edge'" in ambiguous.stderr
    missing = run_cli("ticket", "new", "nobody-at-all-xyz", "--symptom", "cannot-login", store=store)
    assert missing.returncode == 1 and "no member matches" in missing.stderr
    assert store_fingerprint(store) == before


@pytest.mark.parametrize("args, code, message", [
    (("ticket", "show", "T-404"), 1, "no ticket"),
    (("ticket", "verify", "T-404", "--method", "in-person-id"), 1, "no ticket"),
    (("ticket", "new", LOCKED, "--symptom", "bored"), 2, "invalid choice"),
    (("ticket", "verify", "1", "--method", "caller-says-so"), 2, "invalid choice"),
])
def test_bad_requests_exit_with_a_message(store, args, code, message):
    result = run_cli(*args, store=store)
    assert result.returncode == code and message in result.stderr


def test_close_without_a_note_is_refused(store):
    result = run_cli("ticket", "close", "1", "--note", "  ", store=store)
    assert result.returncode == 2 and "resolution note is required" in result.stderr
    assert run_json("ticket", "show", "1", store=store)["status"] == "open"


def test_operators_opening_tickets_at_once_never_share_a_number(store):
    """Four operator processes, five tickets each: twenty distinct, gap-free numbers."""
    script = (
        "import sys\nfrom helpdesk_tui.store import Store\nfrom helpdesk_tui.operators import require_operator\n"
        "from helpdesk_tui.tickets import open_ticket\n"
        "s = Store.open(sys.argv[1]); op = require_operator(s)\n"
        "for _ in range(5): print(open_ticket(s, op, sys.argv[2], 'cannot-login')['id'])\n"
    )
    env = {**os.environ, "HELPDESK_NOW": NOW}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(store), LOCKED], stdout=subprocess.PIPE,
                              text=True, env=env) for _ in range(4)]
    ids = [line for p in procs for line in p.communicate(timeout=60)[0].split()]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(ids) == [f"T-{n:06d}" for n in range(5, 25)]  # after the demo's four
    listed = json.loads(run_cli("ticket", "list", "--json", "--member", LOCKED, store=store).stdout)
    assert len(listed["tickets"]) == 21
