"""`helpdesk-tui outbox deliver` against a real SMTP server on loopback (aiosmtpd): each
message delivered once, in the member's language, never with a secret; a relay that is
down gets the message later; a worker killed mid-delivery loses nothing and, thanks to
the Message-ID idempotency key, the member's mailbox holds one copy."""

from __future__ import annotations

import json
import signal
import time

from tests.delivery.relay_support import cli


def states(store, settings) -> dict:
    done = cli(store, settings, "outbox", "list", "--json")
    assert done.returncode == 0, done.stderr
    return {(m["channel"], m["to"]): m for m in json.loads(done.stdout)["messages"]}


def test_each_message_is_delivered_once_in_the_members_language_without_the_password(queued, settings, relay):
    store, target, password = queued
    done = cli(store, settings, "outbox", "deliver", "--once")
    assert done.returncode == 0, done.stderr
    mails = relay.mailbox.raw
    assert len(mails) == 1 and mails[0]["To"] == "taro.private@example.net"
    body = mails[0].get_content()
    assert mails[0]["Content-Language"] == "en" and "password" in body.lower() and "パスワード" not in body
    assert password not in mails[0].as_string()  # never a temporary password in a message
    found = states(store, settings)
    assert found[("email", "taro.private@example.net")]["state"] == "sent"
    assert found[("talk", target)]["state"] == "no-channel"  # a TinyDB store never messages real users
    ticket = next(e["ticket"] for e in store.iter_log("outbox"))
    shown = [e for e in store.timeline_for(ticket) if e["kind"] == "delivery"]
    assert {(e["channel"], e["state"]) for e in shown} >= {("email", "sent"), ("talk", "no-channel")}
    assert cli(store, settings, "outbox", "deliver", "--once").returncode == 0
    assert len(relay.mailbox.raw) == 1  # nothing is sent twice


def test_sms_says_there_is_no_gateway(queued, settings):
    store, target, _ = queued
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(target), "recovery_mobile": "090-1234-5678"})
    from helpdesk_tui.actions import run_action
    from helpdesk_tui.operators import require_operator

    run_action(store, require_operator(store), "suspend", target)
    assert cli(store, settings, "outbox", "deliver", "--once").returncode == 0
    sms = [m for m in states(store, settings).values() if m["channel"] == "sms"]
    assert sms and all(m["state"] == "no-channel" and m["why"] == "not sent: no SMS gateway" for m in sms)


def test_a_relay_that_is_down_gets_the_message_later_once(queued, settings, relay):
    store, _, _ = queued
    relay.stop()
    done = cli(store, settings, "outbox", "deliver", "--once")
    assert done.returncode == 0, done.stderr
    mail = states(store, settings)[("email", "taro.private@example.net")]
    assert mail["state"] == "retrying" and "cannot reach the relay" in mail["why"] and mail["next_at"]
    relay.start()
    cli(store, settings, "outbox", "deliver", "--once")  # not yet due: waits
    assert relay.mailbox.raw == []
    done = cli(store, settings, "outbox", "deliver", "--once", now="2026-11-20T10:05:00+09:00")
    assert done.returncode == 0, done.stderr
    assert len(relay.mailbox.raw) == 1
    mail = states(store, settings)[("email", "taro.private@example.net")]
    assert mail["state"] == "sent" and mail["attempt"] == 2


def test_a_worker_killed_mid_delivery_loses_nothing_and_the_mailbox_holds_one_copy(queued, settings, relay):
    store, _, _ = queued
    relay.mailbox.hold.set()  # the relay takes the message, then hangs before its 250
    worker = cli(store, settings, "outbox", "deliver", "--interval", "1", wait=False)
    deadline = time.monotonic() + 30
    while not relay.mailbox.raw and time.monotonic() < deadline:
        time.sleep(0.05)
    assert relay.mailbox.raw, "the worker never reached the relay"
    worker.send_signal(signal.SIGKILL)  # kill -9 between the relay's receipt and "sent"
    worker.wait(timeout=10)
    assert states(store, settings)[("email", "taro.private@example.net")]["state"] == "sending"
    relay.mailbox.hold.clear()
    relay.mailbox.release.set()
    done = cli(store, settings, "outbox", "deliver", "--once")
    assert done.returncode == 0, done.stderr
    assert len(relay.mailbox.raw) == 2  # at least once: sent again with…
    assert len(relay.mailbox.delivered) == 1  # …the same Message-ID: one copy in the mailbox
    assert states(store, settings)[("email", "taro.private@example.net")]["state"] == "sent"


def test_a_second_worker_on_the_same_store_refuses_instead_of_sending_twice(queued, settings, relay):
    from helpdesk_tui.delivery.worker import worker_lock

    store, _, _ = queued
    with worker_lock(store.path):  # a worker (the service) is running
        done = cli(store, settings, "outbox", "deliver", "--once")
    assert done.returncode == 3 and "another delivery worker is running" in done.stderr
    assert relay.mailbox.raw == []
    assert cli(store, settings, "outbox", "deliver", "--once").returncode == 0
    assert len(relay.mailbox.raw) == 1
