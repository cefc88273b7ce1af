"""What most commands start with: the store, the operator at the keyboard, the labels."""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.errors import domain_errors
from helpdesk_tui.operators import require_operator
from helpdesk_tui.store import Store


def open_store(args: argparse.Namespace) -> tuple[Store, dict]:
    """The store named by ``--store`` / HELPDESK_STORE and the current operator's record;
    a CliError (exit 3 or 4) if either is missing."""
    from helpdesk_tui.cli.paths import store_path
    from helpdesk_tui.timezones import use_tenant

    with domain_errors():
        store = Store.open(store_path(args.store))
        operator = require_operator(store)
        use_tenant(store.get_tenant())  # times printed in the tenant's zone
    return store, operator


def catalogue(args: argparse.Namespace):
    from helpdesk_tui.i18n import Catalogue, detect_lang

    return Catalogue(getattr(args, "lang", None) or detect_lang())


def resolve_member(store: Store, text: str) -> dict:
    """The member named by ``text``: an exact id, else the one search hit (name, kana,
    e-mail, phone). Several hits or none: a CliError that lists the candidates."""
    from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_NOT_FOUND, CliError
    from helpdesk_tui.safe_text import visible
    from helpdesk_tui.search import MemberIndex

    with domain_errors():
        member = store.get_member(text)
        if member is not None:
            return member
        result = MemberIndex.build(store.iter_members(), group=store.shard_of).search(text, limit=6)
    if result.total == 1:
        return store.get_member(result.rows[0]["id"])
    if result.total == 0:
        raise CliError(f"no member matches {text!r}", EXIT_NOT_FOUND)
    names = ", ".join(f"{visible(r['id'])} ({visible(r.get('name'))})" for r in result.rows[:5])
    more = ", …" if result.total > 5 else ""
    raise CliError(f"{result.total} members match {text!r}: {names}{more}; give the member's id", EXIT_BAD_INPUT)


def open_backend(args: argparse.Namespace, store: Store | None = None):
    """The member directory chosen by ``--backend`` (tinydb unless given): TinyDbBackend, or
    LineWorksBackend with the settings of ``--config`` / $HELPDESK_CONFIG / the default
    path. A settings problem is a CliError (exit 3) naming the file and the fix."""
    from helpdesk_tui.cli.errors import EXIT_STORE, CliError
    from helpdesk_tui.directory import LineWorksBackend, TinyDbBackend

    if (getattr(args, "backend", None) or "tinydb") == "tinydb":
        return TinyDbBackend(store.path if store is not None else None)
    from helpdesk_tui.lineworks import ConfigError, load_config

    try:
        return LineWorksBackend(load_config(getattr(args, "config", None)))
    except ConfigError as problem:
        raise CliError(f"LINE WORKS settings: {problem}", EXIT_STORE) from problem


def sync_backend(backend, store: Store, operator: dict, progress=None) -> int:
    """Pull the live directory into the store's mirror (no-op for TinyDB); an API failure
    is a CliError (exit 3)."""
    from helpdesk_tui.cli.errors import EXIT_STORE, CliError
    from helpdesk_tui.lineworks import LineWorksError

    try:
        with domain_errors():
            return backend.sync(store, operator=operator["username"], progress=progress)
    except LineWorksError as problem:
        raise CliError(f"LINE WORKS: {problem}", EXIT_STORE) from problem
