"""``helpdesk-tui store secure``: set a store up for a shared host (root, once).

See boundary/secure.py; the README's "Deploying for SSH users" walks through it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from helpdesk_tui.cli.errors import EXIT_REFUSED, CliError


def register(commands) -> None:
    store = commands.add_parser("store", help="the store itself: secure it for a shared host")
    verbs = store.add_subparsers(dest="verb", metavar="VERB", required=True)
    secure = verbs.add_parser(
        "secure", help="hand a store to the helpdesk service account (root)",
        description="Run as root. Makes SERVICE own the store (0700 / 0600), writes "
        "/etc/helpdesk-tui/config.toml so a plain helpdesk-tui of a GROUP member reaches it "
        "through sudo, and prints (or installs) the sudoers drop-in. The accounts must exist.")
    secure.add_argument("--store", metavar="DIR", default="/var/lib/helpdesk-tui/store",
                        help="the store directory (default: /var/lib/helpdesk-tui/store); created "
                        "empty if missing, converted if it holds the old group-writable layout")
    secure.add_argument("--service-user", metavar="NAME", required=True)
    secure.add_argument("--group", metavar="GROUP", required=True, help="the operators' group")
    secure.add_argument("--executable", metavar="PATH",
                        help="the installed helpdesk-tui sudo may run (default: this program)")
    secure.add_argument("--admin", metavar="USER", help="make this OS account the store's first admin (audited)")
    secure.add_argument("--witness-file", metavar="PATH",
                        help="audit witness: a root-owned append-only file instead of the system log")
    secure.add_argument("--syslog-file", metavar="PATH",
                        help="system-log witness: the file rsyslog keeps its lines in (writes the rsyslog "
                        "rule; audit verify reads it)")
    secure.add_argument("--install-sudoers", action="store_true",
                        help="install the drop-in as /etc/sudoers.d/helpdesk-tui (checked with visudo)")
    secure.set_defaults(handler=run_secure)


def run_secure(args: argparse.Namespace) -> int:
    from helpdesk_tui.boundary.secure import SecureRequest, secure
    from helpdesk_tui.boundary.sysconfig import BoundaryError

    request = SecureRequest(
        store=Path(args.store), service_user=args.service_user, group=args.group,
        executable=Path(args.executable or _this_program()).absolute(), admin=args.admin,
        witness_file=Path(args.witness_file) if args.witness_file else None,
        syslog_file=Path(args.syslog_file) if args.syslog_file else None,
        install_sudoers=args.install_sudoers)
    try:
        secure(request)
    except BoundaryError as refused:
        raise CliError(str(refused), EXIT_REFUSED) from None
    return 0


def _this_program() -> str:
    program = Path(sys.argv[0])
    if program.name == "helpdesk-tui" and program.exists():
        return str(program)
    return shutil.which("helpdesk-tui") or str(program)
