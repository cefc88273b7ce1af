"""``helpdesk-tui audit verify|show``: prove the audit log whole, read it.

``verify`` exits 0 when the hash chain is intact and 3 (a store problem) when it is
broken, naming the first bad entry. ``show`` lists entries newest first; an agent sees
only their own (audit/query.py). Both need an operator of the store (else exit 4).
"""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_STORE, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json, table
from helpdesk_tui.safe_text import visible

# Display cells per column of ``audit show`` (time, operator, action, outcome, member,
# ticket); details take the rest of the line.
WIDTHS = (16, 12, 16, 8, 26, 8, 40)


def register(commands, common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser("audit", help="the audit log: verify its hash chain, show entries")
    verbs = audit.add_subparsers(dest="verb", metavar="VERB", required=True)

    verify = verbs.add_parser("verify", parents=[common], help="verify the audit log's hash chain")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)

    show = verbs.add_parser("show", parents=[common], help="audit entries, newest first")
    show.add_argument("--member", metavar="ID", help="only entries about this member")
    show.add_argument("--ticket", metavar="ID", help="only entries about this ticket (T-000042 or 42)")
    show.add_argument("--operator", metavar="USER", help="only entries by this operator")
    show.add_argument("--action", metavar="ACTION", help="only this action (ticket-open, domain-add…)")
    show.add_argument("--limit", metavar="N", type=int, help="at most N entries (the newest)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)


def run_verify(args) -> int:
    from helpdesk_tui.audit.verify import report_text, verify_chain

    store, _operator = open_store(args)
    with domain_errors():
        report = verify_chain(store)
    if args.json:
        emit_json(report.to_json())
        return 0 if report.ok else EXIT_STORE
    text = report_text(report, catalogue(args).t)
    if not report.ok:
        raise CliError(text, EXIT_STORE)  # main prints it on stderr, made visible
    print(visible(text))
    return 0


def run_show(args) -> int:
    from helpdesk_tui.audit.query import details_text, find_entries, sees_everything
    from helpdesk_tui.i18n import format_datetime
    from helpdesk_tui.tickets.model import normalise_ticket_id

    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be at least 1", EXIT_BAD_INPUT)
    store, operator = open_store(args)
    with domain_errors():
        entries = find_entries(
            store, member=args.member, operator=args.operator, action=args.action,
            ticket=normalise_ticket_id(args.ticket) if args.ticket else None,
            limit=args.limit, viewer=operator,
        )
    if args.json:
        emit_json(entries)
        return 0
    labels = catalogue(args)
    t = labels.t
    rows = [(format_datetime(e.get("at"), labels.lang), e.get("operator"), e.get("action"),
             t(f"audit.outcome.{e.get('outcome')}") if e.get("outcome") in ("done", "refused") else e.get("outcome"),
             e.get("member"), e.get("ticket"), details_text(e)) for e in entries]
    headers = [t(f"audit.col.{name}") for name in
               ("time", "operator", "action", "outcome", "member", "ticket", "detail")]
    if rows:
        print(table(headers, rows, WIDTHS))  # table() passes every cell through visible()
    print(t("audit.show.count", count=len(entries)) if entries else t("audit.show.none"))
    if not sees_everything(operator):
        print(t("audit.only-own"))
    return 0
