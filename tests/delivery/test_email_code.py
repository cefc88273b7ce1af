"""The e-mailed code, end to end from the command line against the loopback SMTP relay:
the right code verifies (once), wrong codes are refused and audited and the fifth kills
the code, an expired code refuses, and the code is written nowhere."""

from __future__ import annotations

import json
import re

import pytest

from tests.delivery.relay_support import cli
from tests.demo_store import member_id


@pytest.fixture
def ticket(tmp_path):
    from helpdesk_tui.operators import require_operator
    from helpdesk_tui.tickets import open_ticket
    from tests.demo_store import make_demo_store

    store = make_demo_store(tmp_path / "store", members=30, role="agent")
    target = member_id("edge-active")
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(target), "recovery_email": "taro.private@example.net"})
    return store, open_ticket(store, require_operator(store), target, "password-forgotten")["id"]


def sent_code(relay) -> str:
    body = relay.mailbox.raw[-1].get_content()
    return re.search(r"\b(\d{6})\b", body).group(1)


def verifications(store, ticket_id):
    return store.get_ticket(ticket_id).get("verifications") or []


def test_the_right_code_verifies_once(ticket, settings, relay):
    store, tid = ticket
    done = cli(store, settings, "ticket", "send-code", tid)
    assert done.returncode == 0, done.stderr
    assert relay.mailbox.raw[0]["To"] == "taro.private@example.net"  # the address on file
    code = sent_code(relay)
    direct = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email")
    assert direct.returncode == 2 and verifications(store, tid) == []  # no code typed back: nothing recorded
    done = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", code)
    assert done.returncode == 0, done.stderr
    [entry] = verifications(store, tid)
    assert entry["method"] == "code-to-registered-email" and entry["contact"] == "taro.private@example.net"
    again = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", code)
    assert again.returncode == 4 and len(verifications(store, tid)) == 1  # single use
    files = "".join(p.read_text(errors="replace") for p in store.path.rglob("*") if p.is_file())
    assert code not in files  # written nowhere, not in the outbox, audit or counters
    listed = json.loads(cli(store, settings, "outbox", "list", "--json").stdout)["messages"]
    assert [(m["action"], m["state"]) for m in listed] == [("verification-code", "sent")]


def test_five_wrong_codes_kill_it_and_each_is_audited(ticket, settings, relay):
    store, tid = ticket
    assert cli(store, settings, "ticket", "send-code", tid).returncode == 0
    code = sent_code(relay)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(5):
        done = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", wrong)
        assert done.returncode == 4 and "wrong code" in done.stderr
    late = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", code)
    assert late.returncode == 4 and "5 wrong codes" in late.stderr  # even the right one, now
    assert verifications(store, tid) == []
    audited = [e for e in store.iter_log("audit") if e["action"] == "ticket-verify-code"]
    assert [e["reason"] for e in audited] == ["wrong-code"] * 5 + ["too-many-wrong"]
    assert all(e["outcome"] == "refused" for e in audited)


def test_a_new_code_waits_a_minute_and_replaces_the_old_one(ticket, settings, relay):
    store, tid = ticket
    assert cli(store, settings, "ticket", "send-code", tid).returncode == 0
    first = sent_code(relay)
    again = cli(store, settings, "ticket", "send-code", tid, now="2026-11-20T10:00:30+09:00")
    assert again.returncode == 2 and "less than a minute ago" in again.stderr and len(relay.mailbox.raw) == 1
    later = "2026-11-20T10:01:30+09:00"
    assert cli(store, settings, "ticket", "send-code", tid, now=later).returncode == 0
    second = sent_code(relay)
    if first != second:  # the old code is dead once a new one is sent
        old = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", first,
                  now=later)
        assert old.returncode == 4
    done = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", second,
               now=later)
    assert done.returncode == 0, done.stderr


def test_an_expired_code_refuses(ticket, settings, relay):
    store, tid = ticket
    assert cli(store, settings, "ticket", "send-code", tid).returncode == 0
    code = sent_code(relay)
    done = cli(store, settings, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", code,
               now="2026-11-20T10:11:00+09:00")
    assert done.returncode == 4 and "expired" in done.stderr
    assert verifications(store, tid) == []


def test_no_relay_configured_sends_nothing_and_leaves_nothing_to_verify(ticket, tmp_path):
    store, tid = ticket
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    done = cli(store, empty, "ticket", "send-code", tid)
    assert done.returncode == 3 and "not sent" in done.stderr
    refused = cli(store, empty, "ticket", "verify", tid, "--method", "code-to-registered-email", "--code", "123456")
    assert refused.returncode == 4
