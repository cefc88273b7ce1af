"""Commands that create, fill, dump or open a store: demo, import, export, the console."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from helpdesk_tui import clock
from helpdesk_tui.cli.console import launch_console
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_REFUSED, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.cli.paths import store_path
from helpdesk_tui.operators import admin_record, current_os_user, require_operator
from helpdesk_tui.store import Store, StoreNotFoundError


def register(commands, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser(
        "demo", parents=[common], help="create a demo tenant store",
        description="Create a realistic, deterministic demo tenant. The current OS user "
        "becomes its admin operator. Refuses to touch an existing store.",
    )
    demo.add_argument("--members", type=_positive, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--trial", choices=("near-end", "expired", "paid"), default="near-end",
                      help="tenant plan: trial ending soon (default), trial ended, or paid")
    demo.add_argument("--launch", action="store_true",
                      help="open the console afterwards (or straight away if the store exists)")
    demo.set_defaults(handler=run_demo)

    load = commands.add_parser(
        "import", parents=[common], help="import a tenant from JSON (GLOSSARY import format)",
        description="Validate FILE completely, then import it in one transaction; on any "
        "problem nothing is imported and every problem is listed with its path.",
    )
    load.add_argument("file", metavar="FILE", help="JSON file, or - for standard input")
    load.add_argument("--json", action="store_true", help="machine-readable result")
    load.set_defaults(handler=run_import)

    dump = commands.add_parser(
        "export", parents=[common],
        help="export the tenant as JSON (the import format), or the blocked-member list",
        description="tenant (default): the whole tenant as JSON in the import format "
        "(admin only). blocked-members: the members whose app access is blocked (seed 003 "
        "ブロックリスト) as CSV (UTF-8 with BOM, for Excel) or .xlsx, written to a new 0600 "
        "file and audited (supervisor or admin). Its column names are the vendor file's "
        "Japanese ones unless --lang en is given.",
    )
    dump.add_argument("what", nargs="?", choices=("tenant", "blocked-members"), default="tenant",
                      help="what to export (default: tenant)")
    dump.add_argument("-o", "--output", metavar="FILE",
                      help="write to FILE (tenant: default stdout; blocked-members: required)")
    dump.add_argument("--format", choices=("csv", "xlsx"), default=None,
                      help="blocked-members: file format (default: from the FILE extension, else csv)")
    dump.add_argument("--force", action="store_true",
                      help="blocked-members: overwrite FILE if it exists")
    dump.add_argument("--json", action="store_true",
                      help="blocked-members: machine-readable result")
    dump.set_defaults(handler=run_export)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _open(path: Path) -> Store:
    with domain_errors():
        return Store.open(path)


def run_demo(args: argparse.Namespace) -> int:
    from helpdesk_tui.demo import generate
    from helpdesk_tui.demo.queue import seed_tickets
    from helpdesk_tui.importexport import import_document

    path = store_path(args.store)
    try:
        Store.open(path)
    except StoreNotFoundError:
        pass
    else:
        if args.launch:
            print(f"using the existing store at {path}", file=sys.stderr)
            return launch_console(args)
        raise CliError(f"a store already exists at {path}; choose another --store", EXIT_BAD_INPUT)
    started = time.perf_counter()
    doc = generate(members=args.members, seed=args.seed, now=clock.now(), trial=args.trial)
    _add_current_admin(doc)
    with domain_errors():
        store = Store.create(path)
        summary = import_document(store, doc, operator=current_os_user())
        tickets = seed_tickets(store, require_operator(store), clock.now())
    print(
        f"demo tenant created at {path}: {summary.members} members, {summary.devices} devices, "
        f"{summary.sessions_added} sessions, {len(tickets)} tickets, operator {current_os_user()} (admin) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return launch_console(args) if args.launch else 0


def _add_current_admin(doc: dict) -> None:
    """The OS user who creates a store becomes its admin, unless the file names them."""
    user = current_os_user()
    operators = doc.setdefault("operators", [])
    if not any(op.get("username") == user for op in operators):
        operators.append(admin_record(user))


def _require_admin(store: Store) -> dict:
    with domain_errors():
        operator = require_operator(store)
    if operator["role"] != "admin":
        raise CliError(f"{operator['username']} is {operator['role']}; only an admin may do this",
                       EXIT_REFUSED)
    return operator


def run_import(args: argparse.Namespace) -> int:
    from helpdesk_tui.importexport import (
        ImportFileError, ImportRejected, import_document, load_file, validate,
    )

    try:
        doc = load_file("/dev/stdin" if args.file == "-" else Path(args.file))
    except ImportFileError as unreadable:
        raise CliError(str(unreadable), EXIT_BAD_INPUT) from unreadable
    path = store_path(args.store)
    try:
        store = Store.open(path)
    except StoreNotFoundError:
        store = None
    if store is None:
        # A new store: check the file before creating anything, then bootstrap its admin.
        _report_problems(validate(doc), args)
        if isinstance(doc, dict):
            _add_current_admin(doc)
        with domain_errors():
            store = Store.create(path)
        operator = admin_record(current_os_user())
    else:
        operator = _require_admin(store)
    try:
        with domain_errors():
            summary = import_document(store, doc, operator=operator["username"])
    except ImportRejected as rejected:
        _report_problems(rejected.problems, args)
        raise
    result = {"store": str(path), **summary.to_dict()}
    if args.json:
        emit_json({"imported": result})
    else:
        print(", ".join(f"{key}: {value}" for key, value in result.items()))
    return 0


def _report_problems(problems, args: argparse.Namespace) -> None:
    if not problems:
        return
    if args.json:
        emit_json({"error": "import rejected; nothing was imported",
                   "problems": [{"path": p.path, "message": p.message} for p in problems]})
    else:
        for problem in problems:
            print(f"{problem.path}: {problem.message}", file=sys.stderr)
    raise CliError(f"import rejected: {len(problems)} problem(s); nothing was imported",
                   EXIT_BAD_INPUT)


def run_export(args: argparse.Namespace) -> int:
    from helpdesk_tui.importexport import export_document

    if args.what == "blocked-members":
        return run_export_blocked(args)
    if args.format or args.force:
        from helpdesk_tui.i18n import catalogue, detect_lang

        raise CliError(catalogue(args.lang or detect_lang()).t("exports.error.format-tenant"),
                       EXIT_BAD_INPUT)
    store = _open(store_path(args.store))
    _require_admin(store)
    with domain_errors():
        text = json.dumps(export_document(store), ensure_ascii=False, indent=2) + "\n"
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    _write_private(Path(args.output), text)
    return 0


def run_export_blocked(args: argparse.Namespace) -> int:
    """``export blocked-members``: the list to a new 0600 file, audited; the file's
    column names are Japanese (the vendor's) unless ``--lang en`` was given."""
    from helpdesk_tui.cli.common import open_store
    from helpdesk_tui.exports import export_blocked_members, format_for
    from helpdesk_tui.i18n import catalogue, detect_lang
    from helpdesk_tui.safe_text import visible

    lang = args.lang or detect_lang()
    labels = catalogue(lang)
    fmt = args.format or (format_for(args.output) if args.output and args.output != "-" else None) or "csv"
    if args.output == "-" and fmt == "xlsx":
        raise CliError(labels.t("exports.error.xlsx-stdout"), EXIT_BAD_INPUT)
    if not args.output or args.output == "-":
        raise CliError(labels.t("exports.error.output-required"), EXIT_BAD_INPUT)
    store, operator = open_store(args)
    try:
        with domain_errors(lang):
            result = export_blocked_members(store, operator, fmt, args.output, overwrite=args.force,
                                            lang=args.lang or "ja")
    except CliError as problem:
        if getattr(problem.__cause__, "code", None) == "exists":
            raise CliError(f"{problem} (--force)", problem.exit_code) from problem.__cause__
        raise
    if args.json:
        emit_json(result.to_dict())
    else:
        print(visible(labels.t("exports.done", count=result.count, path=result.path)))
    return 0


def _write_private(path: Path, text: str) -> None:
    """Member data leaves the store only as a 0600 file, written whole or not at all."""
    directory = path.resolve().parent
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
