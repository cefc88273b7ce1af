"""The SMTP relay stand-in (aiosmtpd on loopback) and the CLI runner of the delivery tests."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


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


def cli(store, settings, *args, now: str = CLI_NOW, wait: bool = True):
    env = dict(os.environ, HELPDESK_NOW=now, NO_PROXY="127.0.0.1,localhost")
    env.pop("HELPDESK_STORE", None)
    command = [sys.executable, "-m", "helpdesk_tui", "--store", str(store.path), "--lang", "en",
               *args, "--config", str(settings)]
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
