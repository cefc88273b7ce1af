"""Shared by the LINE WORKS contract tests: the test app's credentials, key and config
file helpers, and a fake clock whose ``sleep`` records the delay and advances time."""

from __future__ import annotations

import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization

CLIENT_ID = "helpdeskClient01"
CLIENT_SECRET = "s3cr3t-value"
SERVICE_ACCOUNT = "abcde.serviceaccount@example.co.jp"
DOMAIN_ID = 10000001


def pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def write_private(path: Path, data: bytes, mode: int = 0o600) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def config_toml(*, api_base_url: str, auth_url: str, key: str, **extra: object) -> str:
    lines = [
        "[lineworks]",
        f'api_base_url = "{api_base_url}"',
        f'auth_url = "{auth_url}"',
        f'client_id = "{CLIENT_ID}"',
        f'client_secret = "{CLIENT_SECRET}"',
        f'service_account = "{SERVICE_ACCOUNT}"',
        f'private_key_file = "{key}"',
        f"domain_id = {DOMAIN_ID}",
    ]
    for name, value in extra.items():
        lines.append(f"{name} = {value!r}" if not isinstance(value, str) else f'{name} = "{value}"')
    return "\n".join(lines) + "\n"


class FakeTime:
    """``clock`` for the client (monotonic) and a ``sleep`` that records and advances."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds
