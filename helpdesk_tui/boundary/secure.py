"""``store secure``: hand a store to the service account (run by root, once).

Creates nothing it was not asked to: the service account and the group must exist. It
refuses a store holding a link or an unexpected file (it would chown through or along
with it), creates an empty store if the directory is empty or missing, adds the first
admin when asked, then makes the service account own everything (directory 0700, files
0600), writes the root-owned system configuration and gives the sudoers line (or
installs it as a drop-in, checked by ``visudo -c`` first).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from helpdesk_tui.boundary.sysconfig import DEFAULT_WITNESS_TAG, SYSTEM_CONFIG, BoundaryError, SystemConfig, render

SUDOERS_DROP_IN = Path("/etc/sudoers.d/helpdesk-tui")
RSYSLOG_DROP_IN = Path("/etc/rsyslog.d/60-helpdesk-tui.conf")


@dataclass
class SecureRequest:
    store: Path
    service_user: str
    group: str
    executable: Path
    admin: str | None = None
    witness_file: Path | None = None
    syslog_file: Path | None = None  # rsyslog keeps the witness lines there; verify reads it
    install_sudoers: bool = False


def sudoers_text(config: SystemConfig) -> str:
    """The drop-in: group members run exactly the installed program as the service
    account, no password, environment reset (terminal and language settings kept)."""
    service, group, exe = config.service_user, config.group, config.executable
    return (f"# helpdesk-tui: members of {group} run exactly {exe} as {service}.\n"
            f"Defaults>{service} env_reset, !setenv\n"
            f'Defaults>{service} env_check += "COLORTERM LANG LANGUAGE LC_* TERM"\n'
            f"%{group} ALL=({service}) NOPASSWD: {exe}\n")


def secure(request: SecureRequest, say=print) -> SystemConfig:
    if os.geteuid() != 0:
        raise BoundaryError("store secure changes owners and writes /etc/helpdesk-tui: run it as root")
    try:
        service = pwd.getpwnam(request.service_user)
    except KeyError:
        raise BoundaryError(f"no account {request.service_user!r}: create it first "
                            f"(useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "
                            f"{request.service_user})") from None
    try:
        grp.getgrnam(request.group)
    except KeyError:
        raise BoundaryError(f"no group {request.group!r}: create it first (groupadd {request.group}) "
                            f"and add the operators to it") from None
    _check_executable(request.executable)
    root = request.store.absolute()
    _check_parents(root)
    _refuse_links(root)
    _make_store(root, request.admin)
    _hand_over(root, service.pw_uid, service.pw_gid)
    witness = {"kind": "syslog", "tag": DEFAULT_WITNESS_TAG}
    if request.syslog_file:
        witness["read"] = str(request.syslog_file)
        if RSYSLOG_DROP_IN.parent.is_dir():
            _write_root_file(RSYSLOG_DROP_IN, rsyslog_text(DEFAULT_WITNESS_TAG, request.syslog_file), 0o644)
            say(f"rsyslog rule written: {RSYSLOG_DROP_IN} (restart rsyslog to apply it)")
    if request.witness_file:
        _make_witness_file(request.witness_file, service.pw_gid)
        witness = {"kind": "file", "path": str(request.witness_file)}
    config = SystemConfig(path=SYSTEM_CONFIG, store=root, service_user=request.service_user,
                          group=request.group, executable=request.executable, witness=witness)
    _write_root_file(SYSTEM_CONFIG, render(config), 0o644)
    say(f"store {root}: owned by {request.service_user}, 0700 / 0600")
    say(f"system configuration written: {SYSTEM_CONFIG}")
    if request.install_sudoers:
        install_sudoers(config)
        say(f"sudoers drop-in installed: {SUDOERS_DROP_IN}")
    else:
        say(f"add this sudoers drop-in (visudo -f {SUDOERS_DROP_IN}), or rerun with --install-sudoers:")
        say(sudoers_text(config).rstrip())
    return config


def rsyslog_text(tag: str, path: Path) -> str:
    """The rsyslog rule that keeps the witness lines in a file of their own."""
    return (f"# helpdesk-tui audit witness: each new chain head, kept apart (store secure).\n"
            f':programname, isequal, "{tag}" {path}\n& stop\n')


def install_sudoers(config: SystemConfig) -> None:
    text = sudoers_text(config)
    with tempfile.NamedTemporaryFile("w", dir=SUDOERS_DROP_IN.parent, prefix=".helpdesk-tui.", delete=False) as f:
        f.write(text)
        temp = Path(f.name)
    try:
        os.chmod(temp, 0o440)
        check = subprocess.run(["visudo", "-c", "-q", "-f", str(temp)], capture_output=True, text=True)
        if check.returncode != 0:
            raise BoundaryError(f"visudo rejected the drop-in: {check.stderr.strip() or check.stdout.strip()}")
        os.replace(temp, SUDOERS_DROP_IN)
    finally:
        temp.unlink(missing_ok=True)


def _check_executable(exe: Path) -> None:
    """sudo will run it as the service account: only root may be able to change it."""
    for path in [exe, *exe.parents]:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise BoundaryError(f"{exe}: no such program (give the installed helpdesk-tui with --executable)") from None
        if st.st_uid != 0 or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not st.st_mode & stat.S_ISVTX:
            raise BoundaryError(f"{path}: must be root's and writable by root alone, since sudo runs {exe} "
                                f"as the service account (install helpdesk-tui system-wide)")


def _check_parents(root: Path) -> None:
    for parent in root.parents:
        if not parent.exists():
            continue
        st = os.stat(parent)
        if st.st_mode & stat.S_IWOTH and not st.st_mode & stat.S_ISVTX:
            raise BoundaryError(f"{parent} is writable by everyone: anyone could move the store away; "
                                f"choose a store under a root-owned directory such as /var/lib")


def _refuse_links(root: Path) -> None:
    if not root.exists():
        return
    if root.is_symlink():
        raise BoundaryError(f"{root} is a link; give the real directory")
    for directory, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(directory) / name
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise BoundaryError(f"{path} is a link or a special file; a store holds neither. "
                                    f"Remove it (someone may have planted it) and run store secure again")


def _make_store(root: Path, admin: str | None) -> None:
    from helpdesk_tui.store import Store, StoreError, StoreNotFoundError
    from helpdesk_tui.store.files import PRIVATE

    if root.exists():
        _set_private_modes(root, PRIVATE.dir_mode, PRIVATE.file_mode)  # the old 2770 / 0660 layout
    try:
        try:
            store = Store.open(root)
        except StoreNotFoundError:
            store = Store.create(root)
        if admin:
            _first_admin(store, admin)
    except StoreError as problem:
        raise BoundaryError(str(problem)) from None


def _first_admin(store, username: str) -> None:
    from helpdesk_tui import audit
    from helpdesk_tui.operators import admin_record

    try:
        pwd.getpwnam(username)
    except KeyError:
        raise BoundaryError(f"--admin: no OS account {username!r}") from None
    with store.transaction() as tx:
        before = tx.operators.get(username)
        if before is not None and before.get("role") == "admin":
            return
        tx.operators.put(admin_record(username) if before is None else {**before, "role": "admin"})
        audit.record(tx, operator="root", action="operator-add" if before is None else "operator-set-role",
                     target=username, role="admin", via="store-secure")


def _set_private_modes(root: Path, dir_mode: int, file_mode: int) -> None:
    os.chmod(root, dir_mode)
    for directory, dirs, names in os.walk(root):
        for name in dirs:
            os.chmod(Path(directory) / name, dir_mode)
        for name in names:
            os.chmod(Path(directory) / name, file_mode)


def _hand_over(root: Path, uid: int, gid: int) -> None:
    os.lchown(root, uid, gid)
    for directory, dirs, names in os.walk(root):
        for name in dirs + names:
            os.lchown(Path(directory) / name, uid, gid)


def _make_witness_file(path: Path, service_gid: int) -> None:
    """Root's; the service account's group may read it and append (chattr +a: not even
    they can truncate or rewrite it, where the file system supports the attribute)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o660)
    os.close(fd)
    os.chown(path, 0, service_gid)
    os.chmod(path, 0o660)
    if shutil.which("chattr"):
        subprocess.run(["chattr", "+a", str(path)], capture_output=True)


def _write_root_file(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o755)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False) as f:
        f.write(text)
        temp = Path(f.name)
    os.chmod(temp, mode)
    os.replace(temp, path)
