"""The LINE WORKS API 2.0 settings: a ``[lineworks]`` table in a TOML file.

Which file: the explicit path (``--config``), else ``$HELPDESK_CONFIG``, else
``config.toml`` in the platform's user config directory (``~/.config/helpdesk-tui/`` on
Linux). Example::

    [lineworks]
    client_id = "aBcDeFg123"
    client_secret = "…"
    service_account = "abcde.serviceaccount@example.co.jp"
    private_key_file = "private_20261120.key"    # relative to this file's directory
    domain_id = 10000001
    # optional:
    # api_base_url = "https://www.worksapis.com/v1.0"
    # auth_url = "https://auth.worksmobile.com/oauth2/v2.0/token"
    # scope = "user audit.read"
    # requests_per_minute = 240                   # 60 on the free plan
    # timeout = 10                                # seconds, per HTTP request
    # bot_id = 2000001                            # talk notifications (scope bot.message)

Other top-level tables are left alone (the file is the console's general settings file);
inside ``[lineworks]`` an unknown key is refused, so a typo never silently falls back to
a default.

The private key is the one the Developer Console issues with the service account (PEM,
``-----BEGIN PRIVATE KEY-----``). It must be an RSA key (the JWT is RS256), unencrypted,
and not readable by others: a key that others can read, or that its group can write, is
refused with the ``chmod`` that fixes it. Group read is allowed (mode 0640), like the
store's files: on a shared support host the key belongs to the helpdesk group, whose
operators each run the console under their own account (README "Deploying for SSH users").

Scope: with ``bot_id`` set, add ``bot.message`` to ``scope`` (the delivery worker sends
talk notifications through the bot). ``user`` is enough for every member operation used here (list, get, update,
suspend, unsuspend, force logout each list ``user`` among their scopes in LINE WORKS API
2.0) and ``audit.read`` for the audit log download; ``directory`` would also grant teams,
groups and positions, which the console does not need. The scopes asked for must be
enabled for the app in the Developer Console, or the token request fails.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from platformdirs import user_config_path

from helpdesk_tui.lineworks.errors import LineWorksError

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_API_BASE_URL",
    "DEFAULT_AUTH_URL",
    "DEFAULT_REQUESTS_PER_MINUTE",
    "DEFAULT_SCOPE",
    "DEFAULT_TIMEOUT",
    "ConfigError",
    "LineWorksConfig",
    "config_path",
    "load_config",
    "load_private_key",
    "parse_config",
]

CONFIG_ENV = "HELPDESK_CONFIG"
TABLE = "lineworks"
DEFAULT_API_BASE_URL = "https://www.worksapis.com/v1.0"
DEFAULT_AUTH_URL = "https://auth.worksmobile.com/oauth2/v2.0/token"
DEFAULT_SCOPE = "user audit.read"
DEFAULT_REQUESTS_PER_MINUTE = 240  # Standard / Advanced plans; 60 on the free plan
DEFAULT_TIMEOUT = 10.0

REQUIRED_KEYS = ("client_id", "client_secret", "service_account", "private_key_file", "domain_id")
OPTIONAL_KEYS = ("api_base_url", "auth_url", "scope", "requests_per_minute", "timeout", "bot_id")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

_LOOPBACK_NAMES = {"localhost"}


class ConfigError(LineWorksError):
    """The settings cannot be used; the message names the file, the key and the fix."""


@dataclass(frozen=True)
class LineWorksConfig:
    """Validated settings; ``private_key`` is the loaded RSA key (never printed)."""

    client_id: str
    client_secret: str = field(repr=False)
    service_account: str
    private_key_file: Path
    domain_id: int
    api_base_url: str = DEFAULT_API_BASE_URL
    auth_url: str = DEFAULT_AUTH_URL
    scope: str = DEFAULT_SCOPE
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE
    timeout: float = DEFAULT_TIMEOUT
    private_key: RSAPrivateKey | None = field(default=None, repr=False, compare=False)
    source: Path | None = None
    bot_id: str | None = None  # the bot that sends talk notifications (delivery worker)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The file to read: ``explicit``, else ``$HELPDESK_CONFIG``, else the user config dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return user_config_path("helpdesk-tui") / "config.toml"


def load_config(path: str | os.PathLike[str] | None = None) -> LineWorksConfig:
    """Read, validate and return the ``[lineworks]`` settings; :class:`ConfigError` if not usable."""
    source = config_path(path)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        hint = ""
        if not path and not os.environ.get(CONFIG_ENV):
            hint = f" (set {CONFIG_ENV} or pass the file explicitly to use another one)"
        raise ConfigError(f"{source}: no such file{hint}") from None
    except IsADirectoryError:
        raise ConfigError(f"{source}: is a directory, not a TOML file") from None
    except OSError as problem:
        raise ConfigError(f"{source}: cannot read it ({problem.strerror or problem})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise ConfigError(f"{source}: not UTF-8 text (byte {problem.start})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        # tomllib's message ends with "(at line L, column C)"
        raise ConfigError(f"{source}: not valid TOML: {problem}") from None
    return parse_config(document, source=source)


def parse_config(document: Mapping[str, Any], *, source: Path | None = None) -> LineWorksConfig:
    """Validate a parsed TOML document (its ``[lineworks]`` table) and load the key.

    A relative ``private_key_file`` is taken relative to ``source``'s directory (the
    current directory without a source).
    """
    where = str(source) if source else "settings"
    table = document.get(TABLE)
    if table is None:
        raise ConfigError(f"{where}: no [{TABLE}] table")
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: '{TABLE}' must be a table ([{TABLE}])")

    unknown = sorted(k for k in table if k not in KNOWN_KEYS)
    if unknown:
        listed = ", ".join(unknown)
        raise ConfigError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} in [{TABLE}]: {listed} "
            f"(known keys: {', '.join(KNOWN_KEYS)})"
        )
    missing = [k for k in REQUIRED_KEYS if k not in table]
    if missing:
        raise ConfigError(
            f"{where}: missing key{'s' if len(missing) > 1 else ''} in [{TABLE}]: {', '.join(missing)}"
        )

    def text(key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: [{TABLE}] {key} must be a non-empty string")
        return value.strip()

    def number(key: str, default: float, *, integer: bool) -> Any:
        value = table.get(key, default)
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or value <= 0:
            kind = "a positive integer" if integer else "a positive number"
            raise ConfigError(f"{where}: [{TABLE}] {key} must be {kind}, not {value!r}")
        return value

    domain_id = table["domain_id"]
    if isinstance(domain_id, bool) or not isinstance(domain_id, int) or domain_id <= 0:
        raise ConfigError(
            f"{where}: [{TABLE}] domain_id must be the numeric domain ID "
            f"(Developer Console, e.g. 10000001), not {domain_id!r}"
        )

    key_file = Path(text("private_key_file")).expanduser()
    if not key_file.is_absolute():
        key_file = (source.parent if source else Path.cwd()) / key_file

    config = LineWorksConfig(
        client_id=text("client_id"),
        client_secret=text("client_secret"),
        service_account=text("service_account"),
        private_key_file=key_file,
        domain_id=domain_id,
        api_base_url=_url(where, "api_base_url", text("api_base_url", DEFAULT_API_BASE_URL)).rstrip("/"),
        auth_url=_url(where, "auth_url", text("auth_url", DEFAULT_AUTH_URL)),
        scope=" ".join(text("scope", DEFAULT_SCOPE).split()),
        requests_per_minute=number("requests_per_minute", DEFAULT_REQUESTS_PER_MINUTE, integer=True),
        timeout=float(number("timeout", DEFAULT_TIMEOUT, integer=False)),
        private_key=load_private_key(key_file),
        source=source,
        bot_id=_bot_id(where, table.get("bot_id")),
    )
    return config


def _bot_id(where: str, value: Any) -> str | None:
    """The Developer Console's Bot ID (a number; given as a number or a string)."""
    if value is None:
        return None
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not text.isdigit():
        raise ConfigError(f"{where}: [{TABLE}] bot_id must be the bot's numeric ID (Developer Console), "
                          f"not {value!r}")
    return text


def _url(where: str, key: str, value: str) -> str:
    """An https URL; plain http only to this machine (the contract-test server)."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{where}: [{TABLE}] {key} must be an https:// URL, not {value!r}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ConfigError(
            f"{where}: [{TABLE}] {key} must use https:// (plain http would send the "
            f"credentials in clear); only a loopback address may use http"
        )
    return value


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_private_key(path: Path) -> RSAPrivateKey:
    """The service account's RSA private key from ``path``, after the permission check."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigError(f"{path}: private key file not found ([{TABLE}] private_key_file)") from None
    except OSError as problem:
        raise ConfigError(f"{path}: cannot read the private key ({problem.strerror or problem})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{path}: the private key must be a regular file")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o027:
        who = " and ".join(w for w, bits in (("group (write)", 0o020), ("others", 0o007)) if mode & bits)
        raise ConfigError(
            f"{path}: the private key is accessible to {who} (mode {mode:04o}); only its owner "
            f"and the helpdesk group may read it. Fix: chmod 600 {path} (or chmod 640 with the "
            f"helpdesk group as its group)"
        )
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise ConfigError(f"{path}: cannot read the private key ({problem.strerror or problem})") from None
    if b"-----BEGIN" not in data:
        raise ConfigError(
            f"{path}: not a PEM private key (expected '-----BEGIN PRIVATE KEY-----', the "
            f"file the Developer Console issues with the service account)"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise ConfigError(
            f"{path}: the private key is encrypted; store it unencrypted with mode 600 "
            f"(e.g. openssl pkey -in KEY -out {path.name})"
        ) from None
    except (ValueError, UnsupportedAlgorithm) as problem:
        raise ConfigError(f"{path}: not a readable PEM private key ({type(problem).__name__})") from None
    if not isinstance(key, RSAPrivateKey):
        raise ConfigError(
            f"{path}: not an RSA private key ({type(key).__name__.removeprefix('_')}); "
            f"LINE WORKS signs the service-account JWT with RS256"
        )
    return key
