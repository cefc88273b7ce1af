"""``helpdesk-tui sync``: pull the member directory into the store.

With ``--backend lineworks`` every LINE WORKS user (API 2.0, ``GET /users``) is written into
the store's member table, its mirror, in one transaction (audited as ``directory-sync``);
the fields only the console writes (login ID, temporary password hash …) are kept. With
the TinyDB backend the store is the directory: nothing to do.
Exit codes: 0 done, 3 store, settings or API problem, 4 not an operator.
"""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.common import catalogue, open_backend, open_store, sync_backend
from helpdesk_tui.cli.output import emit_json


def register(commands, common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser(
        "sync", parents=[common], help="pull the member directory (--backend lineworks) into the store",
        description="Pull every member of the live directory into the store's mirror.")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat = catalogue(args)
    backend = open_backend(args, store)
    try:
        count = sync_backend(backend, store, operator)
    finally:
        backend.close()
    if args.json:
        emit_json({"backend": backend.name, "label": backend.label(), "members": count})
    elif backend.name == "tinydb":
        print(cat.t("sync.tinydb", label=backend.label()))
    else:
        print(cat.t("sync.done", count=count, label=backend.label()))
    return 0
