"""The member a command shows or decides from, read from the directory at this moment.

``live_member(args, store, text)`` resolves ``text`` like ``ticket new`` does (an id, else
the one search hit in the mirror; with a live directory also a login e-mail the mirror
does not know yet), then reads that member through the backend chosen by ``--backend``
(LINE WORKS: one ``GET /users/{userId}``, written to the mirror). An unreachable API is
not an error here: the mirror's copy comes back marked not live, and the command says so.
"""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.common import open_backend, resolve_member
from helpdesk_tui.cli.errors import EXIT_NOT_FOUND, CliError, domain_errors
from helpdesk_tui.directory import LiveRead


def live_member(args: argparse.Namespace, store, text: str) -> tuple[dict, LiveRead, object]:
    """(member record to use, how it was read, the backend — the caller closes it)."""
    backend = open_backend(args, store)
    try:
        try:
            member_id = resolve_member(store, text)["id"]
        except CliError as problem:
            if problem.exit_code != EXIT_NOT_FOUND or not backend.is_live:
                raise
            member_id = text.strip()  # perhaps a member the last sync did not see
        with domain_errors():
            read = backend.read_member(store, member_id)
        if read.member is None:
            raise CliError(f"no member matches {text!r}", EXIT_NOT_FOUND)
    except BaseException:
        backend.close()
        raise
    return read.member, read, backend


def when_formatter(lang: str):
    from helpdesk_tui.i18n import format_datetime

    return lambda moment: format_datetime(moment, lang) if moment else "—"
