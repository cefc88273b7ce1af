"""``helpdesk-tui ticket new|list|show|verify|note|status|close|reopen``: intake from a script."""

from __future__ import annotations

import argparse
import sys

from helpdesk_tui import clock
from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_REFUSED, EXIT_STORE, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json, table
from helpdesk_tui.glossary import CHANNELS, SYMPTOMS, VERIFICATION_METHODS
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.safe_text import visible
from helpdesk_tui.tickets import (
    ACTIVE_STATUSES,
    PRIORITIES,
    TICKET_STATUSES,
    TicketView,
    add_note,
    close_ticket,
    get_ticket,
    list_tickets,
    open_ticket,
    open_tickets_for,
    record_verification,
    reopen_ticket,
    set_status,
)
from helpdesk_tui.tickets.model import format_waited
from helpdesk_tui.tickets.timeline import describe


def register(commands, common: argparse.ArgumentParser) -> None:
    ticket = commands.add_parser("ticket", help="open, list, verify and close tickets")
    verbs = ticket.add_subparsers(dest="verb", metavar="VERB", required=True)

    new = verbs.add_parser("new", parents=[common], help="open a ticket for a member")
    new.add_argument("member", metavar="MEMBER", help="member id, or a query matching one member")
    new.add_argument("--symptom", required=True, choices=SYMPTOMS)
    new.add_argument("--channel", default="phone", choices=CHANNELS)
    new.add_argument("--priority", default="normal", choices=PRIORITIES)
    new.add_argument("--note", metavar="TEXT")
    new.add_argument("--json", action="store_true")
    new.set_defaults(handler=run_new, uses_backend=True)

    lst = verbs.add_parser("list", parents=[common], help="the queue (open and pending by default)")
    lst.add_argument("--status", action="append", choices=TICKET_STATUSES + ("all",),
                     help="repeatable; 'all' lists every ticket")
    lst.add_argument("--member", metavar="ID")
    lst.add_argument("--symptom", choices=SYMPTOMS)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_list)

    show = verbs.add_parser("show", parents=[common], help="a ticket with its timeline")
    show.add_argument("ticket", metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    verify = verbs.add_parser("verify", parents=[common], help="record an identity verification")
    verify.add_argument("ticket", metavar="ID")
    verify.add_argument("--method", required=True, choices=VERIFICATION_METHODS)
    verify.add_argument("--note", metavar="TEXT")
    verify.add_argument("--code", metavar="NNNNNN",
                        help="code-to-registered-email: the code the caller reads out (after send-code)")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)

    send_code = verbs.add_parser("send-code", parents=[common],
                                 help="e-mail a one-time code to the member's registered personal address")
    send_code.add_argument("ticket", metavar="ID")
    send_code.add_argument("--json", action="store_true")
    send_code.set_defaults(handler=run_send_code)

    note = verbs.add_parser("note", parents=[common], help="add a note to the timeline")
    note.add_argument("ticket", metavar="ID")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--json", action="store_true")
    note.set_defaults(handler=run_note)

    status = verbs.add_parser("status", parents=[common], help="set open / pending / resolved")
    status.add_argument("ticket", metavar="ID")
    status.add_argument("status", choices=("open", "pending", "resolved"))
    status.add_argument("--note", metavar="TEXT")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)

    close = verbs.add_parser("close", parents=[common], help="close with a resolution note")
    close.add_argument("ticket", metavar="ID")
    close.add_argument("--note", required=True, metavar="TEXT")
    close.add_argument("--json", action="store_true")
    close.set_defaults(handler=run_close)

    reopen = verbs.add_parser("reopen", parents=[common], help="reopen a closed ticket, saying why")
    reopen.add_argument("ticket", metavar="ID")
    reopen.add_argument("--note", required=True, metavar="TEXT")
    reopen.add_argument("--json", action="store_true")
    reopen.set_defaults(handler=run_reopen)


def _show(args, store, ticket_id: str, *, extra: dict | None = None) -> int:
    with domain_errors():
        view = get_ticket(store, ticket_id)
    if args.json:
        emit_json({**view.to_json(), **(extra or {})})
    else:
        print(render_ticket(view, catalogue(args)))
    return 0


def run_new(args) -> int:
    from helpdesk_tui.cli.live_read import live_member, when_formatter

    store, operator = open_store(args)
    member, read, backend = live_member(args, store, args.member)  # live tenant: the member as it is now
    backend.close()
    if not args.json and not read.live:
        cat = catalogue(args)
        print(visible(read.marker(cat.t, when_formatter(cat.lang))), file=sys.stderr)
    with domain_errors():
        others = open_tickets_for(store, member["id"])
        ticket = open_ticket(store, operator, member["id"], args.symptom, channel=args.channel,
                             note=args.note, priority=args.priority)
    if not args.json and others:
        t = catalogue(args).t
        print(t("ticket.other-open", ids=", ".join(o["id"] for o in others)))
    return _show(args, store, ticket["id"], extra={"other_open_tickets": [o["id"] for o in others]})


def run_list(args) -> int:
    store, _ = open_store(args)
    statuses = args.status or list(ACTIVE_STATUSES)
    with domain_errors():
        tickets = list_tickets(store, statuses=None if "all" in statuses else statuses,
                               member_id=args.member, symptom=args.symptom)
    now = clock.now()
    if args.json:
        emit_json({"tickets": [{**tk, "waited_seconds": int(TicketView(tk).waited(now))} for tk in tickets]})
        return 0
    labels = catalogue(args)
    t = labels.t
    rows = [(tk["id"], t(f"ticket.status.{tk['status']}"), format_waited(TicketView(tk).waited(now), t),
             t(f"symptom.{tk['symptom']}"), tk["member_id"]) for tk in tickets]
    print(table([t("ticket.col.id"), t("ticket.col.status"), t("ticket.col.waited"),
                 t("ticket.col.symptom"), t("ticket.col.member")], rows, (8, 10, 10, 28, 30)))
    print(t("ticket.count", count=len(tickets)))
    return 0


def run_show(args) -> int:
    store, _ = open_store(args)
    return _show(args, store, args.ticket)


def _write(args, change) -> int:
    """Run one ticket write as the current operator, then show the ticket."""
    store, operator = open_store(args)
    with domain_errors():
        ticket = change(store, operator)
    return _show(args, store, ticket["id"])


def run_verify(args) -> int:
    if args.method == "code-to-registered-email":
        return _verify_code(args)
    if args.code is not None:
        raise CliError("--code goes with --method code-to-registered-email", EXIT_BAD_INPUT)
    return _write(args, lambda store, op: record_verification(store, op, args.ticket, args.method, note=args.note))


def _verify_code(args) -> int:
    """The code the caller read out, checked; the verification recorded only when right."""
    from helpdesk_tui.tickets.email_code import CodeRefused, check_code

    if not args.code:
        raise CliError("give the code the caller reads out: --code NNNNNN (send one first: ticket send-code)",
                       EXIT_BAD_INPUT)
    store, operator = open_store(args)
    try:
        with domain_errors():
            check_code(store, operator, args.ticket, args.code)
    except CodeRefused as refused:
        raise CliError(str(refused), EXIT_REFUSED) from None
    with domain_errors():
        ticket = record_verification(store, operator, args.ticket, args.method, note=args.note)
    return _show(args, store, ticket["id"])


def run_send_code(args) -> int:
    from helpdesk_tui.delivery import load_smtp
    from helpdesk_tui.lineworks import ConfigError
    from helpdesk_tui.tickets.email_code import send_code

    store, operator = open_store(args)
    try:
        smtp = load_smtp(getattr(args, "config", None))
    except ConfigError as problem:
        raise CliError(f"SMTP settings: {problem}", EXIT_STORE) from problem
    cat = catalogue(args)
    with domain_errors():
        sent = send_code(store, operator, args.ticket, smtp=smtp)
    if args.json:
        emit_json({"ticket": sent.ticket, "to": sent.to, "state": sent.state, "why": sent.why,
                   "expires_at": sent.expires_at})
    elif sent.state == "sent":
        print(cat.t("email-code.sent", to=visible(sent.to), when=sent.expires_at[11:16]))
    else:
        print(cat.t("email-code.not-sent", why=visible(sent.why or sent.state)), file=sys.stderr)
    return 0 if sent.state == "sent" else EXIT_STORE


def run_note(args) -> int:
    return _write(args, lambda store, op: add_note(store, op, args.ticket, args.text))


def run_status(args) -> int:
    return _write(args, lambda store, op: set_status(store, op, args.ticket, args.status, note=args.note))


def run_close(args) -> int:
    return _write(args, lambda store, op: close_ticket(store, op, args.ticket, args.note))


def run_reopen(args) -> int:
    return _write(args, lambda store, op: reopen_ticket(store, op, args.ticket, args.note))


def render_ticket(view: TicketView, labels) -> str:
    t, lang = labels.t, labels.lang
    tk = view.ticket
    member = view.member or {}
    lines = [
        f"{tk['id']}  {t('ticket.status.' + tk['status'])}  {t('symptom.' + tk['symptom'])}",
        f"{t('ticket.field.member')}: {visible(tk['member_id'])}  {visible(member.get('name'))}",
        f"{t('ticket.field.channel')}: {t('channel.' + tk['channel'])}   "
        f"{t('ticket.field.priority')}: {t('ticket.priority.' + tk['priority'])}   "
        f"{t('ticket.field.assignee')}: {visible(tk.get('assignee'))}",
        f"{t('ticket.field.opened')}: {format_datetime(tk['created_at'], lang)} ({visible(tk['created_by'])})",
    ]
    verifications = tk.get("verifications") or []
    if verifications:
        for v in verifications:
            lines.append(f"{t('ticket.field.verified')}: {t('verification.' + v['method'])} — "
                         f"{visible(v['by'])} {format_datetime(v['at'], lang)}")
    else:
        lines.append(f"{t('ticket.field.verified')}: {t('ticket.not-verified')}")
    cause = (tk.get("triage") or {}).get("cause")
    if cause:
        lines.append(f"{t('ticket.field.cause')}: {t('cause.' + cause)}")
    if tk.get("resolution"):
        lines.append(f"{t('ticket.field.resolution')}: {visible(tk['resolution'])}")
    lines.append(f"{t('ticket.field.timeline')}:")
    for entry in view.timeline:
        when = format_datetime(entry.get("at"), lang)
        lines.append(f"  {when}  {visible(entry.get('by'))}  {visible(describe(entry, labels))}")
    return "\n".join(lines)
