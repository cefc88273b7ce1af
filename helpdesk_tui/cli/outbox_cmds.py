"""``helpdesk-tui outbox deliver [--once]`` and ``outbox list``: the notification delivery.

``deliver`` sends every queued message through its channel and records its state
(:mod:`helpdesk_tui.delivery`): e-mail through the ``[smtp]`` relay (either backend),
talk through the LINE WORKS Bot API (``--backend lineworks`` with ``bot_id`` in
``[lineworks]``; a demo/training store never messages real users), SMS: no gateway.
Without ``--once`` it keeps going every ``--interval`` seconds until SIGTERM / Ctrl-C
(README: systemd unit). ``list`` shows each message's state.
Exit codes: 0 done, 3 store or settings problem, 4 not an operator.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from helpdesk_tui.cli.common import catalogue, open_backend, open_store
from helpdesk_tui.cli.errors import EXIT_STORE, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json, table
from helpdesk_tui.safe_text import visible


def register(commands, common: argparse.ArgumentParser) -> None:
    outbox = commands.add_parser("outbox", help="deliver the notifications to members; their state")
    verbs = outbox.add_subparsers(dest="verb", metavar="VERB", required=True)
    deliver = verbs.add_parser("deliver", parents=[common], help="send the queued notifications")
    deliver.add_argument("--once", action="store_true", help="one pass, then exit (for a timer)")
    deliver.add_argument("--interval", type=float, default=30.0, metavar="SECONDS")
    deliver.add_argument("--json", action="store_true")
    deliver.set_defaults(handler=run_deliver, uses_backend=True)
    lst = verbs.add_parser("list", parents=[common], help="the messages and their delivery state")
    lst.add_argument("--member", metavar="ID")
    lst.add_argument("--ticket", metavar="T")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_list)


def channels_for(args: argparse.Namespace, store):
    """The channels and the backend to close; settings problems are exit 3."""
    from helpdesk_tui.delivery import load_smtp, make_channels
    from helpdesk_tui.lineworks import ConfigError, Directory, LineWorksClient

    try:
        smtp = load_smtp(getattr(args, "config", None))
    except ConfigError as problem:
        raise CliError(f"SMTP settings: {problem}", EXIT_STORE) from problem
    backend = open_backend(args, store)
    directory = bot = None
    missing = "a demo/training store (TinyDB) sends no talk message: use --backend lineworks"
    if backend.is_live:
        directory = Directory(LineWorksClient(backend.config))
        bot = backend.config.bot_id
        missing = "no bot_id in the [lineworks] table (talk goes through the Bot API, scope bot.message)"
    return make_channels(smtp=smtp, directory=directory, bot_id=bot, talk_missing=missing), backend, directory


def run_deliver(args: argparse.Namespace) -> int:
    from helpdesk_tui.delivery import deliver_once, run
    from helpdesk_tui.delivery.worker import WorkerBusy, worker_lock

    store, _ = open_store(args)
    t = catalogue(args).t
    channels, backend, directory = channels_for(args, store)

    def say(report) -> None:
        if args.json:
            emit_json(report.to_json())
            return
        for row in report.details:
            why = f" — {visible(row['why'])}" if row["why"] else ""
            print(f"{row['id']}  {row['channel']}  {t('delivery.state.' + row['state'])}{why}")
        print(t("delivery.summary", sent=report.sent, retrying=report.retrying, failed=report.failed,
                no_channel=report.no_channel, waiting=report.waiting), file=sys.stderr)

    try:
        with domain_errors(), worker_lock(store.path):
            if args.once:
                say(deliver_once(store, channels))
                return 0
            stop = threading.Event()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            run(store, channels, interval=args.interval, stop=stop, on_report=say)
            return 0
    except WorkerBusy as busy:
        raise CliError(str(busy), EXIT_STORE) from None
    finally:
        if directory is not None:
            directory.client.close()
        backend.close()


def run_list(args: argparse.Namespace) -> int:
    from helpdesk_tui.delivery import messages

    store, _ = open_store(args)
    t = catalogue(args).t
    with domain_errors():
        found = messages(store, member_id=args.member, ticket=args.ticket)
    if args.json:
        emit_json({"messages": [m.to_json() for m in found]})
        return 0
    rows = [(m.entry.get("at", "")[:16], m.entry.get("channel"), m.entry.get("to"), m.entry.get("action"),
             t("delivery.state." + m.state) + (f" ({m.why})" if m.why else "")) for m in found]
    print(table([t("delivery.col.at"), t("delivery.col.channel"), t("delivery.col.to"),
                 t("delivery.col.action"), t("delivery.col.state")], rows, (16, 6, 28, 24, 40)))
    return 0
