"""Commands that create, fill, dump or open a store: demo, import, export, the console."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from helpdesk_tui import clock
from helpdesk_tui.cli.console import launch_console
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_REFUSED, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.safe_text import json_text, visible
from helpdesk_tui.cli.paths import store_path
from helpdesk_tui.operators import admin_record, current_os_user, require_operator
from helpdesk_tui.store import Store, StoreNotFoundError


def register(commands, common: argparse.ArgumentParser) -> None:
    from helpdesk_tui.cli import secure_cmds

    secure_cmds.register(commands)  # `store secure`
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
    load.add_argument("--apply-state-changes", action="store_true",
                      help="also change existing members' status, app block or recovery contacts "
                      "(without it such an import lists them and changes nothing)")
    load.add_argument("--training", action="store_true",
                      help="a new store: mark it a training store (HELPDESK_NOW may set its clock)")
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
    # Across the boundary (boundary/stream.py): the content goes to the operator's process.
    dump.add_argument("--to-operator", action="store_true", help=argparse.SUPPRESS)
    dump.add_argument("--reported-path", default=None, help=argparse.SUPPRESS)
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
        with domain_errors():
            Store.open(path)
    except CliError as problem:
        if not isinstance(problem.__cause__, StoreNotFoundError):
            raise
    else:
        if args.launch:
            print(f"using the existing store at {path}", file=sys.stderr)
            return launch_console(args)
        raise CliError(f"a store already exists at {path}; choose another --store", EXIT_BAD_INPUT)
    started = time.perf_counter()
    _accept_training_clock(path)  # a demo store is a training store: HELPDESK_NOW may pin it
    doc = generate(members=args.members, seed=args.seed, now=clock.now(), trial=args.trial)
    _add_current_admin(doc)
    with domain_errors():
        store = Store.create(path, training=True)
        summary = import_document(store, doc, operator=current_os_user())
        tickets = seed_tickets(store, require_operator(store), clock.now())
    print(
        f"demo tenant created at {path}: {summary.members} members, {summary.devices} devices, "
        f"{summary.sessions_added} sessions, {len(tickets)} tickets, operator {current_os_user()} (admin) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return launch_console(args) if args.launch else 0


def _accept_training_clock(path: Path) -> None:
    try:
        clock.accept_env(True, path)
    except clock.ClockRefused as refused:
        raise CliError(str(refused), EXIT_BAD_INPUT) from None


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
        ImportFileError, ImportRejected, StateChangesNeedConfirmation, import_document, load_file, validate,
    )
    from helpdesk_tui.operators.admin import OperatorChangeRefused

    try:
        doc = load_file(Path(args.file)) if args.file != "-" else _load_stdin(load_file, ImportFileError)
    except ImportFileError as unreadable:
        raise CliError(str(unreadable), EXIT_BAD_INPUT) from unreadable
    path = store_path(args.store)
    try:
        with domain_errors():
            store = Store.open(path)
    except CliError as problem:
        if not isinstance(problem.__cause__, StoreNotFoundError):
            raise
        store = None
    if store is not None and args.training and not store.training:
        raise CliError(f"the store at {path} exists and is not a training store; a store is marked "
                       f"training when it is created (import into a new --store)", EXIT_BAD_INPUT)
    if store is None:
        # A new store: check the file before creating anything, then bootstrap its admin.
        _report_problems(validate(doc), args)
        if isinstance(doc, dict):
            _add_current_admin(doc)
        if args.training:
            _accept_training_clock(path)
        with domain_errors():
            store = Store.create(path, training=args.training)
        operator = admin_record(current_os_user())
    else:
        operator = _require_admin(store)
    try:
        with domain_errors():
            summary = import_document(store, doc, operator=operator["username"],
                                      apply_state_changes=args.apply_state_changes)
    except ImportRejected as rejected:
        _report_problems(rejected.problems, args)
        raise
    except StateChangesNeedConfirmation as pending:
        if args.json:
            emit_json({"error": "state changes need --apply-state-changes; nothing was imported",
                       "state_changes": [c.to_json() for c in pending.changes]})
        else:
            for change in pending.changes:
                print(change.describe(), file=sys.stderr)
        raise CliError(str(pending), EXIT_REFUSED) from pending
    except OperatorChangeRefused as refused:  # demoted since the check above: nothing imported
        raise CliError(f"refused: {refused}; nothing was imported", EXIT_REFUSED) from None
    result = {"store": str(path), **summary.to_dict()}
    if args.json:
        emit_json({"imported": result})
    else:
        print(", ".join(f"{key}: {value}" for key, value in result.items()))
    return 0


def _load_stdin(load_file, ImportFileError):
    """Standard input through a private copy: reopening /dev/stdin would open the pipe
    again by path, which the service account may not (the operator's process owns it)."""
    with tempfile.TemporaryDirectory(prefix="helpdesk-import-") as directory:
        copy = Path(directory) / "stdin.json"
        copy.write_bytes(sys.stdin.buffer.read())
        try:
            return load_file(copy)
        except ImportFileError as unreadable:
            raise ImportFileError("standard input", unreadable.message) from None


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
    target = None if not args.output or args.output == "-" else Path(args.output)
    if target is not None:
        _check_output_path(target)  # before the export's work, and before any temp file
    with domain_errors():
        text = json_text(export_document(store)) + "\n"
    if target is None:
        sys.stdout.write(text)
        return 0
    try:
        _write_private(target, text)
    except OSError as exc:
        raise CliError(f"cannot write {visible(str(target))}: {exc.strerror or exc}; nothing was written",
                       EXIT_BAD_INPUT) from exc
    return 0


def _check_output_path(target: Path) -> None:
    """A clear refusal for an output path that cannot be a new file (exit 2)."""
    where = visible(str(target))
    if target.is_dir():
        raise CliError(f"{where} is a directory; give a file name (e.g. {where}/tenant.json)", EXIT_BAD_INPUT)
    parent = target.absolute().parent
    if not parent.is_dir():
        raise CliError(f"cannot write {where}: the directory {visible(str(parent))} does not exist",
                       EXIT_BAD_INPUT)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CliError(f"cannot write {where}: no permission to create files in {visible(str(parent))}",
                       EXIT_BAD_INPUT)


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
    if args.output == "-" and fmt == "xlsx" and not args.to_operator:
        raise CliError(labels.t("exports.error.xlsx-stdout"), EXIT_BAD_INPUT)
    if (not args.output or args.output == "-") and not args.to_operator:
        raise CliError(labels.t("exports.error.output-required"), EXIT_BAD_INPUT)
    store, operator = open_store(args)
    if args.to_operator:
        from helpdesk_tui.boundary.stream_source import stream_blocked

        with domain_errors(lang):
            stream_blocked(store, operator, fmt, args.reported_path, lang=args.lang or "ja")
        return 0
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
