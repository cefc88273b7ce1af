"""One domain test, two directories: ``env`` is the demo store with the TinyDB backend, or
the same members served by the loopback fake LINE WORKS API (tests/lineworks/fake_api.py)
and synced into the store as its mirror."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lineworks"))

from fake_api import FakeLineWorks  # noqa: E402
from lw_support import CLIENT_ID, CLIENT_SECRET, DOMAIN_ID, SERVICE_ACCOUNT, FakeTime, config_toml, pem, write_private  # noqa: E402

from tests.demo_store import NOW, make_demo_store, member_id  # noqa: E402,F401
from tests.directory.lw_mirror import seed_fake  # noqa: E402
from tests.moving_clock import pinned_at  # noqa: E402
from tests.loopback import no_proxy_for_loopback  # noqa: F401  (autouse fixture)


@dataclass
class Env:
    name: str
    store: object
    operator: dict
    backend: object
    fake: FakeLineWorks | None = None
    time: FakeTime | None = None


@pytest.fixture
def now():
    yield from pinned_at(NOW)


@pytest.fixture(scope="session")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def fake_api(rsa_key):
    server = FakeLineWorks(public_key=rsa_key.public_key(), client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           service_account=SERVICE_ACCOUNT, domain_id=DOMAIN_ID).start()
    yield server
    server.stop()


@pytest.fixture
def config_file(tmp_path, fake_api, rsa_key) -> Path:
    write_private(tmp_path / "private.key", pem(rsa_key))
    path = tmp_path / "config.toml"
    path.write_text(config_toml(api_base_url=fake_api.api_base_url, auth_url=fake_api.auth_url,
                                key="private.key", timeout=5), encoding="utf-8")
    return path


def lineworks_backend(config_file: Path, fake_time: FakeTime):
    from helpdesk_tui.directory import LineWorksBackend
    from helpdesk_tui.lineworks import LineWorksClient, load_config

    config = load_config(config_file)
    client = LineWorksClient(config, http=httpx.Client(timeout=5, trust_env=False),
                             clock=fake_time.clock, sleep=fake_time.sleep)
    return LineWorksBackend(config, client=client)


@pytest.fixture(params=["tinydb", "lineworks"])
def env(request, tmp_path, now):
    """A store (admin operator) and its backend; lineworks: synced from the fake API."""
    from helpdesk_tui.directory import TinyDbBackend
    from helpdesk_tui.operators import require_operator

    store = make_demo_store(tmp_path / "store", members=60, role="admin")
    operator = require_operator(store)
    if request.param == "tinydb":
        yield Env("tinydb", store, operator, TinyDbBackend(store.path))
        return
    fake = request.getfixturevalue("fake_api")
    seed_fake(fake, store.iter_members())
    fake_time = FakeTime()
    backend = lineworks_backend(request.getfixturevalue("config_file"), fake_time)
    backend.sync(store, operator=operator["username"])
    yield Env("lineworks", store, operator, backend, fake, fake_time)
    backend._client._http.close()
    backend.close()
