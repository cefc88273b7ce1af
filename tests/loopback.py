"""Servers the tests start on 127.0.0.1 (the DoH relay, the fake LINE WORKS API) must
never be reached through an HTTP proxy from the environment: httpx honours
HTTP(S)_PROXY / NO_PROXY. Import the fixture into a folder's conftest to apply it there."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def no_proxy_for_loopback() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("NO_PROXY", "no_proxy")}
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
