"""Which side of the boundary this process is on, and crossing it.

Called by the CLI right after parsing (``route``):

- no system configuration: a private install, nothing happens;
- the service account itself: the privileged half. The caller's ``--store``,
  ``--config``, resolver options and ``HELPDESK_STORE`` / ``HELPDESK_CONFIG`` /
  ``HELPDESK_NOW`` are refused; the system configuration decides; the operator becomes
  the account sudo names;
- anyone else without ``--store``: re-executes the configured ``helpdesk-tui`` through
  ``sudo -n -u <service>`` (the drop-in allows exactly that program, environment
  reset), passing the SSH client and tty along; ``export -o FILE`` is written here
  (stream.py);
- anyone else with ``--store`` naming a store of their own: a private store, as before;
  naming the shared store: refused, with the way in.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from helpdesk_tui.boundary import identity, stream
from helpdesk_tui.boundary.sysconfig import BoundaryError, SystemConfig, load_system_config

CALLER_ENV = ("HELPDESK_STORE", "HELPDESK_CONFIG", "HELPDESK_NOW")
# (argparse dest, option) a caller may not set under the service account.
CALLER_OPTIONS = (("store", "--store"), ("config", "--config"), ("console_resolvers", "--resolver"),
                  ("console_doh", "--doh"), ("resolver", "--resolver"), ("doh", "--doh"),
                  ("authoritative", "--authoritative"))


def add_options(parser: argparse.ArgumentParser) -> None:
    """The session facts the operator's process passes across (never shown in --help)."""
    parser.add_argument("--reported-ssh", dest="reported_ssh", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--reported-tty", dest="reported_tty", default=None, help=argparse.SUPPRESS)


def route(args: argparse.Namespace, argv: list[str]) -> int | None:
    """None: carry on in this process (possibly as the privileged half, args adjusted);
    an exit code: the work was done across the boundary. BoundaryError: refused."""
    config = load_system_config()
    if config is None or _is_secure(args):
        _refuse_reported(args)
        return None
    try:
        service_uid = config.service_uid
    except KeyError:
        raise BoundaryError(f"{config.path}: the service account {config.service_user!r} does not exist") from None
    if os.getuid() == service_uid:
        enter_privileged(args, config)
        return None
    _refuse_reported(args)
    explicit = getattr(args, "store", None) or os.environ.get("HELPDESK_STORE")
    if explicit:
        if config.names_store(Path(explicit).expanduser()):
            raise BoundaryError(
                f"--store / HELPDESK_STORE name the shared store at {config.store}, which only the "
                f"helpdesk service account opens: run helpdesk-tui without them (the system "
                f"configuration {config.path} names the store)")
        return None  # a private store of the caller's own: as before, no sudo
    _refuse_caller_settings(args)
    if os.getuid() != 0 and _group_gid(config) not in os.getgroups():
        raise BoundaryError(
            f"this account is not in the {config.group!r} group, which may use the shared helpdesk "
            f"store; ask an administrator to add you (and as an operator of the store)")
    return cross(args, argv, config)


def enter_privileged(args: argparse.Namespace, config: SystemConfig) -> None:
    """Under the service account: refuse what the caller tried to set, act for the
    account sudo names, take store, settings and resolvers from the system configuration."""
    _refuse_caller_settings(args)
    if stream.wants_input(args) and os.environ.get("SUDO_UID"):
        raise BoundaryError(f"{args.file}: files are read by the operator's own process (pass -)")
    caller = identity.sudo_caller()
    identity.enter(caller if caller is not None else os.getuid(),
                   getattr(args, "reported_ssh", None), getattr(args, "reported_tty", None))
    args.store = str(config.store)
    args.config = str(config.lineworks_settings or config.path)
    resolvers, doh = list(config.resolvers), list(config.doh)
    for dest, value in (("resolver", resolvers), ("doh", doh)):
        if hasattr(args, dest):
            setattr(args, dest, value)
    args.console_resolvers = resolvers or None
    args.console_doh = doh or None


def cross(args: argparse.Namespace, argv: list[str], config: SystemConfig) -> int:
    session = identity.own_session()
    passed = []
    if session["ssh_client"]:
        passed += ["--reported-ssh", session["ssh_client"]]
    if session["tty"]:
        passed += ["--reported-tty", session["tty"]]
    _check_sudo_rule(config)
    command = ["sudo", "-n", "-u", config.service_user, "--", str(config.executable), *passed]
    if stream.wants_file(args):
        return stream.export_to_file(args, argv, command)
    if stream.wants_input(args):
        return stream.run_with_input(args, argv, command)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvp("sudo", command + list(argv))
    except OSError as problem:
        raise BoundaryError(f"cannot run sudo ({problem.strerror}); the shared store is reached through it") from None
    return 0  # not reached


def _check_sudo_rule(config: SystemConfig) -> None:
    """Ask sudo (no password, a few ms) whether the rule is there, so a missing drop-in is
    a sentence saying so rather than sudo's "a password is required"."""
    probe = ["sudo", "-n", "-l", "-u", config.service_user, "--", str(config.executable)]
    try:
        allowed = subprocess.run(probe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError as problem:
        raise BoundaryError(f"cannot run sudo ({problem.strerror}); the shared store is reached through it") from None
    if not allowed:
        raise BoundaryError(
            f"sudo does not let this account run {config.executable} as {config.service_user}: the "
            f"sudoers drop-in (/etc/sudoers.d/helpdesk-tui) is missing or names another program. An "
            f"administrator installs it: helpdesk-tui store secure … --install-sudoers")


def _refuse_caller_settings(args: argparse.Namespace) -> None:
    given = [option for dest, option in CALLER_OPTIONS if getattr(args, dest, None)]
    given += [f"${name}" for name in CALLER_ENV if os.environ.get(name)]
    if given:
        where = "the shared store (through the helpdesk service account)"
        raise BoundaryError(
            f"{', '.join(dict.fromkeys(given))} not accepted for {where}: the system configuration "
            f"decides the store, the settings, the resolvers and the clock. Unset or drop "
            f"{'them' if len(given) > 1 else 'it'} and run the command again.")


def _refuse_reported(args: argparse.Namespace) -> None:
    if getattr(args, "reported_ssh", None) or getattr(args, "reported_tty", None):
        raise BoundaryError("--reported-ssh / --reported-tty are set by helpdesk-tui itself when it "
                            "crosses to the service account")


def _group_gid(config: SystemConfig) -> int:
    try:
        return config.group_gid
    except KeyError:
        raise BoundaryError(f"{config.path}: the group {config.group!r} does not exist") from None


def _is_secure(args: argparse.Namespace) -> bool:
    return getattr(args, "command", None) == "store" and getattr(args, "verb", None) == "secure"


def route_cli(args: argparse.Namespace, argv: list[str]) -> int | None:
    """``route`` for the CLI: a refusal is a CliError (exit 4) with its message."""
    try:
        return route(args, argv)
    except BoundaryError as refused:
        from helpdesk_tui.cli.errors import EXIT_REFUSED, CliError  # not at start-up: it imports the store

        raise CliError(str(refused), EXIT_REFUSED) from None
