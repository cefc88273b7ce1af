"""``helpdesk-tui``: launch the console, or run one operation from the command line.

Exit codes: 0 done, 1 not found, 2 bad input (nothing changed), 3 store problem,
4 refused (not an operator / not allowed).
"""

from __future__ import annotations

import argparse
import sys

from helpdesk_tui import __version__

# cli.errors (store, tickets, triage) and the command modules are imported in
# build_parser, only when a command is given: the console (no command) must not pay for
# dnspython, httpx and the DNS engine at start-up.

EXIT_STORE = 3


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before or after the sub-command; SUPPRESS keeps a sub-parser from
    # overwriting a value given at the top level.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--store", metavar="DIR", default=default,
        help="store directory (default: $HELPDESK_STORE, else the user data dir)",
    )
    parser.add_argument(
        "--lang", choices=("ja", "en"), default=default,
        help="interface language (default: from the locale)",
    )
    parser.add_argument(
        "--backend", choices=("tinydb", "lineworks"), default=default,
        help="member directory: tinydb (the store; default) or lineworks (LINE WORKS API 2.0, "
        "the store's members are its mirror)",
    )
    parser.add_argument(
        "--config", metavar="PATH", default=default,
        help="settings file with the [lineworks] table (default: $HELPDESK_CONFIG, else the user config dir)",
    )


def _console_parser(*, add_help: bool = True) -> argparse.ArgumentParser:
    """The options of ``helpdesk-tui`` itself, before any command."""
    parser = argparse.ArgumentParser(
        prog="helpdesk-tui",
        description="Helpdesk console for a LINE WORKS-style tenant. "
        "Without a command, opens the console.",
        add_help=add_help,
    )
    _global_options(parser, top=True)
    # The console's live DNS checks (domains, migration); the domain / mail commands take
    # their own --resolver. Different dests, so a sub-command's default never hides these.
    parser.add_argument("--resolver", metavar="ADDR[:PORT]", action="append", dest="console_resolvers",
                        help="console: DNS resolver for live checks (repeatable; default: public resolvers)")
    parser.add_argument("--doh", metavar="URL", action="append", dest="console_doh",
                        help="console: DNS-over-HTTPS resolver for live checks (repeatable)")
    parser.add_argument("--version", action="version", version=f"helpdesk-tui {__version__}")
    from helpdesk_tui.boundary.route import add_options as add_boundary_options

    add_boundary_options(parser)  # the operator's session, passed to the service account
    return parser


def _console_args(argv: list[str]) -> argparse.Namespace | None:
    """The parsed options when ``argv`` names no command (open the console), else None.
    ``-h`` and anything unknown are left to the full parser."""
    args, rest = _console_parser(add_help=False).parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    from helpdesk_tui.cli import (
        action_cmds,
        audit_cmds,
        diagnose_cmds,
        dns_cmds,
        domain_cmds,
        mail_cmds,
        member_cmds,
        operator_cmds,
        outbox_cmds,
        store_cmds,
        sync_cmds,
        ticket_cmds,
        tree_cmds,
    )

    parser = _console_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, top=False)
    store_cmds.register(commands, common)
    operator_cmds.register(commands, common)
    member_cmds.register(commands, common)
    ticket_cmds.register(commands, common)
    diagnose_cmds.register(commands, common)
    tree_cmds.register(commands, common)
    audit_cmds.register(commands, common)
    action_cmds.register(commands, common)
    sync_cmds.register(commands, common)
    outbox_cmds.register(commands, common)
    # `domain` and `mail` verbs come from several modules (DNS checks, ownership, migration).
    domain = commands.add_parser("domain", help="tenant mail domains: live DNS checks, ownership")
    domain_verbs = domain.add_subparsers(dest="verb", metavar="VERB", required=True)
    dns_cmds.register_domain_verbs(domain_verbs, common)
    domain_cmds.register_domain_verbs(domain_verbs, common)
    mail = commands.add_parser("mail", help="mail-server migration: headers, checklist, propagation")
    mail_verbs = mail.add_subparsers(dest="verb", metavar="VERB", required=True)
    dns_cmds.register_mail_verbs(mail_verbs, common)
    mail_cmds.register_mail_verbs(mail_verbs, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    # A stray surrogate (an undecodable argv byte) must never end in UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _console_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        # --backend is honoured by every command that reads members (they set uses_backend),
        # refused by the others: never silently ignored.
        if handler is not None and args.backend is not None and not getattr(args, "uses_backend", False):
            from helpdesk_tui.cli.common import catalogue
            from helpdesk_tui.cli.errors import CliError

            raise CliError(catalogue(args).t("live.backend-unused", command=args.command), 2)
        from helpdesk_tui.boundary.route import route_cli

        crossed = route_cli(args, argv)  # sudo re-exec to the service account
        if crossed is not None:
            return crossed
        if handler is None:
            from helpdesk_tui.cli.console import launch_console

            return launch_console(args)
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as problem:
        from helpdesk_tui.cli.errors import CliError
        from helpdesk_tui.cli.output import error

        if isinstance(problem, CliError):
            error(str(problem))
            return problem.exit_code
        # The guard: one line and a crash report, never a traceback.
        from helpdesk_tui.crash import report_to_stderr

        report_to_stderr(problem, f"cli {getattr(args, 'command', None) or 'console'}")
        return EXIT_STORE
    finally:
        _print_store_notices()


def _print_store_notices() -> None:
    """Warnings the store raised on the way (a commit it will finish applying, a
    read-only store): after the result, on stderr."""
    store = sys.modules.get("helpdesk_tui.store")
    if store is None:  # never opened: nothing to say (and nothing to import)
        return
    from helpdesk_tui.cli.output import error

    for notice in store.take_notices():
        try:
            error(f"warning: {notice}")
        except (OSError, ValueError):  # stderr closed (a broken pipe): nowhere left to say it
            return


if __name__ == "__main__":
    raise SystemExit(main())
