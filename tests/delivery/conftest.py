"""A real SMTP server on loopback (aiosmtpd) standing in for the relay, a demo store with
notifications queued by real actions, and the settings file with the ``[smtp]`` table."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.demo_store import NOW, make_demo_store, member_id  # noqa: F401
from tests.loopback import no_proxy_for_loopback  # noqa: F401  (autouse fixture)

CLI_NOW = "2026-11-20T10:00:00+09:00"


class Mailbox:
    """The relay's handler: every DATA it accepted (``raw``), and the mailbox a reader sees,
    one copy per Message-ID (what a mail store does with a re-sent message)."""

    def __init__(self) -> None:
        self.raw: list = []
        self.hold = threading.Event()  # set: hang in DATA (after taking the message) until released
        self.release = threading.Event()

    @property
    def delivered(self) -> dict:
        return {mail["Message-ID"]: mail for mail in self.raw}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.raw.append(mail)
        if self.hold.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Relay:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> "Relay":
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.mailbox.release.set()
            self.controller.stop()
            self.controller = None


@pytest.fixture
def relay():
    server = Relay().start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path, relay) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {relay.port}\nsecurity = "none"\n'
                    f'from = "Helpdesk <helpdesk@sample.co.jp>"\ntimeout = 5\n', encoding="utf-8")
    return path


@pytest.fixture
def queued(tmp_path):
    """A store with an English-speaking member whose password the helpdesk reset: the
    notifications are queued. Returns (store, member id, the temporary password)."""
    from helpdesk_tui.actions import run_action
    from helpdesk_tui.operators import require_operator
    from helpdesk_tui.tickets import open_ticket, record_verification

    store = make_demo_store(tmp_path / "store", members=30, role="admin")
    operator = require_operator(store)
    target = member_id("edge-active")
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(target), "lang": "en", "recovery_email": "taro.private@example.net"})
    ticket = open_ticket(store, operator, target, "password-forgotten")["id"]
    record_verification(store, operator, ticket, "in-person-id")
    result = run_action(store, operator, "force-password-change", target, ticket=ticket)
    assert result.temp_password and result.notifications >= 2
    return store, target, result.temp_password


def cli(store, settings, *args, now: str = CLI_NOW, wait: bool = True):
    env = dict(os.environ, HELPDESK_NOW=now, NO_PROXY="127.0.0.1,localhost")
    env.pop("HELPDESK_STORE", None)
    command = [sys.executable, "-m", "helpdesk_tui", "--store", str(store.path), "--lang", "en",
               *args, "--config", str(settings)]
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
