"""``helpdesk-tui sync``: pull the member directory into the store.

With ``--backend lineworks`` every LINE WORKS user (API 2.0, ``GET /users``) is written into
the store's member table, its mirror, in one transaction (audited as ``directory-sync``);
the fields only the console writes (login ID, temporary password hash …) are kept, and
members the API no longer lists are marked as gone from the directory. Progress ("N of
M", M being the last sync's count until the last page) goes to stderr. With the TinyDB
backend the store is the directory: nothing to do.
Exit codes: 0 done, 3 store, settings or API problem, 4 not an operator.
"""

from __future__ import annotations

import argparse
import sys

from helpdesk_tui.cli.common import catalogue, open_backend, open_store, sync_backend
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.directory.mirror import last_sync


def register(commands, common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser(
        "sync", parents=[common], help="pull the member directory (--backend lineworks) into the store",
        description="Pull every member of the live directory into the store's mirror.")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(handler=run, uses_backend=True)


def run(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat = catalogue(args)
    backend = open_backend(args, store)

    def progress(done: int, expected: int) -> None:
        print(cat.t("live.sync.progress", label=backend.label(), done=f"{done:,}", expected=f"{expected:,}"),
              file=sys.stderr, flush=True)

    try:
        count = sync_backend(backend, store, operator, progress=progress)
    finally:
        backend.close()
    gone = (last_sync(store) or {}).get("gone", 0) if backend.is_live else 0
    if args.json:
        emit_json({"backend": backend.name, "label": backend.label(), "members": count, "gone": gone})
    elif backend.name == "tinydb":
        print(cat.t("sync.tinydb", label=backend.label()))
    else:
        print(cat.t("sync.done", count=count, label=backend.label()))
    return 0
