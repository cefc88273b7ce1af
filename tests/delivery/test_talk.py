"""Talk notifications through the LINE WORKS Bot API (the loopback stand-in): with
``--backend lineworks`` and ``bot_id`` the worker sends each talk message once; an API
failure leaves it retrying, never lost."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lineworks"))

from fake_api import FakeLineWorks  # noqa: E402
from lw_support import CLIENT_ID, CLIENT_SECRET, DOMAIN_ID, SERVICE_ACCOUNT, config_toml, pem, write_private  # noqa: E402

from tests.delivery.relay_support import cli  # noqa: E402
from tests.directory.lw_mirror import seed_fake  # noqa: E402


@pytest.fixture
def fake(queued):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server = FakeLineWorks(public_key=key.public_key(), client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           service_account=SERVICE_ACCOUNT, domain_id=DOMAIN_ID).start()
    server.key = key
    seed_fake(server, queued[0].iter_members())
    yield server
    server.stop()


@pytest.fixture
def lw_settings(tmp_path, fake, relay) -> Path:
    write_private(tmp_path / "private.key", pem(fake.key))
    path = tmp_path / "lw.toml"
    path.write_text(config_toml(api_base_url=fake.api_base_url, auth_url=fake.auth_url, key="private.key",
                                timeout=5, scope="user bot.message", bot_id="2000001")
                    + f'\n[smtp]\nhost = "127.0.0.1"\nport = {relay.port}\nsecurity = "none"\n'
                      f'from = "helpdesk@sample.co.jp"\n', encoding="utf-8")
    return path


def test_talk_goes_through_the_bot_once_and_email_still_works(queued, fake, lw_settings, relay):
    store, target, password = queued
    fake.fail_next(1, status=503, only=("POST", "/bots/{bot}/users/{id}/messages"))  # first try: the API fails
    done = cli(store, lw_settings, "outbox", "deliver", "--once", "--backend", "lineworks")
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli(store, lw_settings, "outbox", "list", "--json").stdout)["messages"]
    talk = next(m for m in listed if m["channel"] == "talk")
    assert talk["state"] in ("retrying", "sent")
    later = cli(store, lw_settings, "outbox", "deliver", "--once", "--backend", "lineworks",
                now="2026-11-20T11:00:00+09:00")
    assert later.returncode == 0, later.stderr
    assert [(m["bot"], m["user"]) for m in fake.bot_messages] == [("2000001", target)]  # once
    assert password not in fake.bot_messages[0]["text"]
    assert len(relay.mailbox.raw) == 1  # e-mail works with either backend
    listed = json.loads(cli(store, lw_settings, "outbox", "list", "--json").stdout)["messages"]
    assert {m["channel"]: m["state"] for m in listed}["talk"] == "sent"
