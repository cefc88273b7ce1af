"""The root-owned system configuration: which store the service account serves.

``/etc/helpdesk-tui/config.toml`` (written by ``store secure``)::

    [store]
    path = "/srv/helpdesk/store"
    service_user = "helpdesk"
    group = "helpdesk"
    executable = "/opt/helpdesk-tui/bin/helpdesk-tui"
    lineworks_settings = "/etc/helpdesk-tui/lineworks.toml"   # optional

    [dns]                      # optional: the resolvers live checks ask
    resolvers = ["192.0.2.53"]
    doh = []

    [witness]                  # where each new audit chain head is also sent
    kind = "syslog"            # or "file"
    tag = "helpdesk-tui-audit" # syslog: the tag; verify reads `read` (rsyslog's file)
    read = "/var/log/helpdesk-tui-witness.log"
    # socket = "/dev/log"      # syslog: the daemon's socket
    # kind = "file": path = "/var/log/helpdesk-tui/witness.log" (root-owned, append-only)

It is trusted only when root owns it and nobody else may write it (nor its directory):
otherwise anyone could point the privileged process at files they control.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_CONFIG = Path("/etc/helpdesk-tui/config.toml")
DEFAULT_WITNESS_TAG = "helpdesk-tui-audit"


class BoundaryError(Exception):
    """A refusal at the boundary: the message says what to do instead."""


@dataclass(frozen=True)
class SystemConfig:
    path: Path
    store: Path
    service_user: str
    group: str
    executable: Path
    lineworks_settings: Path | None = None
    resolvers: tuple[str, ...] = ()
    doh: tuple[str, ...] = ()
    witness: dict = field(default_factory=dict)

    @property
    def service_uid(self) -> int:
        return pwd.getpwnam(self.service_user).pw_uid

    @property
    def group_gid(self) -> int:
        return grp.getgrnam(self.group).gr_gid

    def names_store(self, path: Path) -> bool:
        """Whether ``path`` is this configuration's store (links resolved)."""
        return os.path.realpath(path) == os.path.realpath(self.store)


def load_system_config(path: Path = SYSTEM_CONFIG) -> SystemConfig | None:
    """The system configuration, or None when there is none (a private install)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    _check_root_owned(path, st)
    _check_root_owned(path.parent, os.lstat(path.parent))
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
        raise BoundaryError(f"{path}: cannot read the system configuration ({problem})") from None
    return parse(document, path)


def parse(document: dict, path: Path) -> SystemConfig:
    table = document.get("store")
    if not isinstance(table, dict):
        raise BoundaryError(f"{path}: no [store] table")

    def text(key: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            raise BoundaryError(f"{path}: [store] {key} must be a non-empty string")
        return value

    dns = document.get("dns") or {}
    witness = document.get("witness") or {"kind": "syslog", "tag": DEFAULT_WITNESS_TAG}
    if not isinstance(dns, dict) or not isinstance(witness, dict):
        raise BoundaryError(f"{path}: [dns] and [witness] must be tables")
    if witness.get("kind", "syslog") not in ("syslog", "file"):
        raise BoundaryError(f"{path}: [witness] kind must be \"syslog\" or \"file\"")
    lineworks = text("lineworks_settings", required=False)
    return SystemConfig(
        path=path, store=Path(text("path")),
        service_user=text("service_user"), group=text("group"), executable=Path(text("executable")),
        lineworks_settings=Path(lineworks) if lineworks else None,
        resolvers=tuple(str(r) for r in dns.get("resolvers", ())),
        doh=tuple(str(u) for u in dns.get("doh", ())), witness=dict(witness),
    )


def render(config: SystemConfig) -> str:
    """The TOML text of ``config`` (``store secure`` writes it)."""
    def q(value) -> str:
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["# helpdesk-tui system configuration: written by `helpdesk-tui store secure`.",
             "# Only root may change it; it decides the store, the LINE WORKS settings, the",
             "# resolvers and the audit witness for every operator.", "", "[store]",
             f"path = {q(config.store)}", f"service_user = {q(config.service_user)}",
             f"group = {q(config.group)}", f"executable = {q(config.executable)}"]
    if config.lineworks_settings:
        lines.append(f"lineworks_settings = {q(config.lineworks_settings)}")
    lines += ["", "[dns]", f"resolvers = [{', '.join(q(r) for r in config.resolvers)}]",
              f"doh = [{', '.join(q(u) for u in config.doh)}]", "", "[witness]"]
    lines += [f"{key} = {q(value)}" for key, value in sorted(config.witness.items())]
    return "\n".join(lines) + "\n"


def _check_root_owned(path: Path, st: os.stat_result) -> None:
    if stat.S_ISLNK(st.st_mode) or st.st_uid != 0 or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise BoundaryError(
            f"{path}: the system configuration must be root's and writable by root alone "
            f"(owner uid {st.st_uid}, mode {stat.S_IMODE(st.st_mode):o}); helpdesk-tui refuses to use it. "
            f"Fix it as root (helpdesk-tui store secure rewrites it)."
        )
