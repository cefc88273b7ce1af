"""``helpdesk-tui ticket reopen`` and the queue's order (issue 14, items 8 and 15)."""

from __future__ import annotations

import shutil

import pytest

from tests.cli.conftest import run_cli, run_json

MEMBER = "edge-active@sample.co.jp"


@pytest.fixture
def store(demo_store, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(demo_store, target)
    return target


def test_a_closed_ticket_is_reopened_with_a_note_and_audited(store):
    ticket = run_json("ticket", "new", MEMBER, "--symptom", "cannot-login", store=store)["id"]
    assert run_cli("ticket", "close", ticket, "--note", "fixed", store=store).returncode == 0
    missing_note = run_cli("ticket", "reopen", ticket, store=store)
    assert missing_note.returncode == 2 and "--note" in missing_note.stderr
    reopened = run_json("ticket", "reopen", ticket, "--note", "closed the wrong ticket", store=store)
    assert reopened["status"] == "open" and reopened["closed_at"] is None
    kinds = [(e["kind"], e.get("to"), e.get("text")) for e in reopened["timeline"]]
    assert kinds[-1] == ("status", "open", "closed the wrong ticket")
    assert ("status", "closed", "fixed") in kinds  # the resolution stays on record
    audit = run_cli("audit", "show", "--ticket", ticket, "--json", store=store)
    assert audit.returncode == 0, audit.stderr
    assert "ticket-reopen" in audit.stdout
    again = run_cli("ticket", "reopen", ticket, "--note", "twice", store=store)
    assert again.returncode == 2 and "not closed" in again.stderr
    assert run_cli("ticket", "note", ticket, "works again", store=store).returncode == 0


def test_the_queue_puts_an_urgent_ticket_first_then_the_longest_waiting(store):
    low = run_json("ticket", "new", MEMBER, "--symptom", "cannot-login", "--priority", "low", store=store)["id"]
    urgent = run_json("ticket", "new", "edge-away@sample.co.jp", "--symptom", "cannot-login",
                      "--priority", "urgent", store=store)["id"]
    queue = [t["id"] for t in run_json("ticket", "list", store=store)["tickets"]]
    assert queue.index(urgent) < queue.index(low)
    priorities = [t["priority"] for t in run_json("ticket", "list", store=store)["tickets"]]
    order = ["urgent", "high", "normal", "low"]
    assert priorities == sorted(priorities, key=order.index)
