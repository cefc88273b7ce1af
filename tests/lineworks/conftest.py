"""Fixtures for the LINE WORKS API 2.0 contract tests: an RSA key pair in tmp files
(private 0600), a config TOML pointing at the fake server (``fake_api.py``), the server
itself, and clients on it whose clock and ``sleep`` are fake (no test sleeps for real)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from fake_api import FakeLineWorks
from helpdesk_tui.lineworks import LineWorksClient, LineWorksConfig, load_config
from tests.loopback import no_proxy_for_loopback  # noqa: F401  (autouse fixture)
from lw_support import (
    CLIENT_ID,
    CLIENT_SECRET,
    DOMAIN_ID,
    SERVICE_ACCOUNT,
    FakeTime,
    config_toml,
    pem,
    write_private,
)


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def key_file(tmp_path: Path, rsa_key) -> Path:
    return write_private(tmp_path / "private_20261120.key", pem(rsa_key))


@pytest.fixture
def fake_api(rsa_key) -> Iterator[FakeLineWorks]:
    server = FakeLineWorks(public_key=rsa_key.public_key(), client_id=CLIENT_ID,
                           client_secret=CLIENT_SECRET, service_account=SERVICE_ACCOUNT,
                           domain_id=DOMAIN_ID).start()
    yield server
    server.stop()


@pytest.fixture
def config_file(tmp_path: Path, fake_api: FakeLineWorks, key_file: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(config_toml(api_base_url=fake_api.api_base_url, auth_url=fake_api.auth_url,
                                key=key_file.name, timeout=5), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def _loaded_config(tmp_path_factory, rsa_key) -> LineWorksConfig:
    """Loaded once: checking an RSA key on load costs ~35 ms, too much for every test."""
    folder = tmp_path_factory.mktemp("lineworks-config")
    write_private(folder / "private.key", pem(rsa_key))
    path = folder / "config.toml"
    path.write_text(config_toml(api_base_url="http://127.0.0.1:1/v1.0", auth_url="http://127.0.0.1:1/token",
                                key="private.key", timeout=5), encoding="utf-8")
    return load_config(path)


@pytest.fixture
def config(_loaded_config: LineWorksConfig, fake_api: FakeLineWorks) -> LineWorksConfig:
    """Settings pointing at this test's server (what ``config_file`` holds, loaded once)."""
    return dataclasses.replace(_loaded_config, api_base_url=fake_api.api_base_url, auth_url=fake_api.auth_url)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(config: LineWorksConfig, fake_time: FakeTime) -> Iterator[Callable[..., LineWorksClient]]:
    """A client on the fake server with the fake clock; ``timeout`` sets the HTTP timeout."""
    made: list[tuple[LineWorksClient, httpx.Client]] = []

    def factory(cfg: LineWorksConfig | None = None, *, timeout: float = 5.0, **kw) -> LineWorksClient:
        http = httpx.Client(timeout=timeout, trust_env=False)
        kw.setdefault("clock", fake_time.clock)
        kw.setdefault("sleep", fake_time.sleep)
        client = LineWorksClient(cfg or config, http=http, **kw)
        made.append((client, http))
        return client

    yield factory
    for client, http in made:
        client.close()
        http.close()
