"""``helpdesk-tui`` without a command: open the console.

Kept apart from the other commands and light on imports: everything imported before the
first screen is start-up time the operator waits through (bench/startup_bench.py). The
store, tickets, triage and the DNS engine are imported by the console's workers and
screens when they are first needed, not here.
"""

from __future__ import annotations

import argparse


def launch_console(args: argparse.Namespace) -> int:
    from helpdesk_tui.app import HelpdeskApp
    from helpdesk_tui.cli.paths import store_path
    from helpdesk_tui.i18n import detect_lang

    resolvers = console_resolvers(args)
    backend = None
    if (getattr(args, "backend", None) or "tinydb") != "tinydb":
        from helpdesk_tui.cli.common import open_backend

        backend = open_backend(args)  # settings checked before the console starts
    app = HelpdeskApp(store_path(args.store), args.lang or detect_lang(), resolvers=resolvers,
                      backend=backend)
    try:
        app.run()
    finally:
        app.backend.close()
    return 0


def console_resolvers(args: argparse.Namespace) -> list | None:
    """``--resolver`` / ``--doh`` given before any command: the servers the console's
    domain and migration screens ask (None: the public defaults). Checked before the
    console starts, so a typo is a clear message and not a dead screen."""
    if not (getattr(args, "console_resolvers", None) or getattr(args, "console_doh", None)):
        return None  # the DNS engine (dnspython, httpx) is imported only when used
    from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, CliError
    from helpdesk_tui.dns import InvalidResolver, parse_doh, parse_resolver

    try:
        given = [parse_resolver(s) for s in getattr(args, "console_resolvers", None) or []]
        given += [parse_doh(u) for u in getattr(args, "console_doh", None) or []]
    except InvalidResolver as bad:
        raise CliError(f"--resolver / --doh: {bad}", EXIT_BAD_INPUT) from bad
    return given or None
