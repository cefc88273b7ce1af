"""The SMTP relay the delivery worker sends e-mail through: an ``[smtp]`` table in the same
settings file as ``[lineworks]`` (``--config`` / ``$HELPDESK_CONFIG`` / the user config dir)::

    [smtp]
    host = "smtp.example.co.jp"
    port = 587
    security = "starttls"            # "none" | "starttls" | "tls" (implicit TLS, port 465)
    username = "helpdesk"            # optional; then password_file is required
    password_file = "smtp.password"  # relative to this file; mode 600 (or 640)
    from = "LINE WORKS Helpdesk <helpdesk@example.co.jp>"
    # timeout = 20                   # seconds

No ``[smtp]`` table: e-mail is "no channel configured". An unknown key is refused (a typo
never silently falls back to a default). ``security = "none"`` is allowed only to a
loopback host: credentials and member addresses never cross a network in clear.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from helpdesk_tui.lineworks.config import ConfigError, _is_loopback, config_path

SECURITIES = ("none", "starttls", "tls")
KNOWN_KEYS = ("host", "port", "security", "username", "password_file", "from", "timeout")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 20.0


def read_document(path: str | os.PathLike[str] | None = None) -> tuple[dict[str, Any], Path] | None:
    """The parsed settings file, or None when there is none (no channel configured)."""
    source = config_path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"{source}: cannot read it ({problem})") from None
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(f"{source}: not valid TOML: {problem}") from None


def load_smtp(path: str | os.PathLike[str] | None = None) -> SmtpConfig | None:
    found = read_document(path)
    if found is None or "smtp" not in found[0]:
        return None
    return parse_smtp(found[0]["smtp"], source=found[1])


def parse_smtp(table: Any, *, source: Path | None = None) -> SmtpConfig:
    where = str(source) if source else "settings"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: 'smtp' must be a table ([smtp])")
    unknown = sorted(k for k in table if k not in KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) in [smtp]: {', '.join(unknown)} "
                          f"(known keys: {', '.join(KNOWN_KEYS)})")
    host = table.get("host")
    if not isinstance(host, str) or not host.strip():
        raise ConfigError(f"{where}: [smtp] host must be a non-empty string")
    security = table.get("security", "starttls")
    if security not in SECURITIES:
        raise ConfigError(f"{where}: [smtp] security must be one of {', '.join(SECURITIES)}, not {security!r}")
    port = table.get("port", 465 if security == "tls" else 587)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError(f"{where}: [smtp] port must be a port number, not {port!r}")
    if security == "none" and not _is_loopback(host.strip()):
        raise ConfigError(f"{where}: [smtp] security = \"none\" is allowed only to a loopback host; "
                          f"use starttls or tls")
    sender = table.get("from")
    if not isinstance(sender, str) or "@" not in parseaddr(sender)[1]:
        raise ConfigError(f"{where}: [smtp] from must be an e-mail address, not {sender!r}")
    timeout = table.get("timeout", 20)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"{where}: [smtp] timeout must be a positive number of seconds")
    username, password = table.get("username"), None
    if username is not None:
        if not isinstance(username, str) or not username.strip():
            raise ConfigError(f"{where}: [smtp] username must be a non-empty string")
        if "password_file" not in table:
            raise ConfigError(f"{where}: [smtp] username needs password_file")
        password = _read_password(where, table["password_file"], source)
    return SmtpConfig(host.strip(), port, security, sender.strip(), username, password, float(timeout))


def _read_password(where: str, value: Any, source: Path | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: [smtp] password_file must be a file name")
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = (source.parent if source else Path.cwd()) / path
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o027:
            raise ConfigError(f"{path}: the SMTP password file is readable by others or writable by its "
                              f"group (mode {mode:04o}). Fix: chmod 600 {path}")
        secret = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"{path}: SMTP password file not found ([smtp] password_file)") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"{path}: cannot read the SMTP password file ({problem})") from None
    if not secret:
        raise ConfigError(f"{path}: the SMTP password file is empty")
    return secret
