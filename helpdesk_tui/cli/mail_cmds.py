"""``helpdesk-tui mail received-ip|checklist``: the seed-002 migration assistant.

``received-ip`` needs no store: it reads pasted headers from a file or stdin and prints the
current server's address with the hop it came from and why (exit 1 when none is found).
``checklist`` shows and updates the tenant's zero-loss checklist; ``--switch-at`` requests
the DNS switch, checked against the provider's hours. ``mail propagation`` lives in
``dns_cmds``.
"""

from __future__ import annotations

import argparse
import sys

from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_NOT_FOUND, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.mail import (
    STEP_IDS,
    Checklist,
    ReceivedIP,
    find_server_ip,
    load_checklist,
    mark_step,
    parse_switch_time,
    request_switch,
)
from helpdesk_tui.mail.received import HEADING as RECEIVED_HEADING
from helpdesk_tui.mail.received import SEED
from helpdesk_tui.safe_text import visible

def register_mail_verbs(verbs, common: argparse.ArgumentParser) -> None:
    received = verbs.add_parser("received-ip", parents=[common],
                                help="the current mail server's IP from pasted Received: headers")
    received.add_argument("file", metavar="FILE|-", help="file with the message headers, - for stdin")
    received.add_argument("--server", metavar="HOST",
                          help="host or domain of the current mail server, when known")
    received.add_argument("--json", action="store_true")
    received.set_defaults(handler=run_received_ip)

    checklist = verbs.add_parser("checklist", parents=[common],
                                 help="the zero-loss migration checklist (seed 002)")
    change = checklist.add_mutually_exclusive_group()
    change.add_argument("--done", choices=STEP_IDS, metavar="STEP", help="mark STEP done")
    change.add_argument("--undo", choices=STEP_IDS, metavar="STEP", help="mark STEP not done")
    checklist.add_argument("--switch-at", metavar="ISO",
                           help="request the DNS switch for this time (Japan time if no offset)")
    checklist.add_argument("--ip", metavar="ADDR", help="with --done server-ip-found: the address")
    checklist.add_argument("--old-ttl", metavar="SECONDS", type=int,
                           help="with --done ttl-lowered: the MX TTL before it was lowered")
    checklist.add_argument("--new-server", metavar="HOST",
                           help="with --done accounts-created: the new mail server (host or IP)")
    checklist.add_argument("--json", action="store_true")
    checklist.set_defaults(handler=run_checklist)


def run_received_ip(args: argparse.Namespace) -> int:
    try:
        if args.file == "-":
            text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        else:
            with open(args.file, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
    except OSError as problem:
        raise CliError(f"{args.file}: {problem.strerror or problem}", EXIT_BAD_INPUT) from problem
    result = find_server_ip(text, server=args.server)
    if args.json:
        emit_json(result.to_json())
    else:
        print(render_received(result, catalogue(args)))
    return 0 if result.ip else EXIT_NOT_FOUND


def render_received(result: ReceivedIP, cat) -> str:
    """The answer, the reason, then every hop bottom-up; header text through visible()."""
    t = cat.t
    lines = [t("mail.received.ip", ip=result.ip) if result.ip else t("mail.received.none"),
             "  " + visible(result.reason(cat.lang))]
    if result.hop is not None:
        lines.append(f"{t('mail.received.chosen')}: {visible(result.hop.raw)}")
    if result.hops:
        lines.append(t("mail.received.hops"))
    for hop in result.hops:
        mark = "*" if result.hop is not None and hop.hop == result.hop.hop else " "
        sender = hop.from_names[0] if hop.from_names else "-"
        address = hop.global_ip or hop.by_global_ip or "-"
        lines.append(f" {mark}{hop.hop:>2}  {visible(sender)}  [{address}]  → {visible(hop.by_host or '-')}")
        lines += ["       " + t("mail.received.skipped", ip=ip, why=t("mail.address." + why)) for ip, why in hop.skipped]
    lines.append(t("mail.received.source", seed=SEED, heading=RECEIVED_HEADING))
    return "\n".join(lines)


def run_checklist(args: argparse.Namespace) -> int:
    if args.ip and args.done != "server-ip-found":
        raise CliError("--ip goes with --done server-ip-found", EXIT_BAD_INPUT)
    if args.old_ttl is not None and args.done != "ttl-lowered":
        raise CliError("--old-ttl goes with --done ttl-lowered", EXIT_BAD_INPUT)
    if args.new_server and args.done != "accounts-created":
        raise CliError("--new-server goes with --done accounts-created", EXIT_BAD_INPUT)
    if args.switch_at and (args.undo or args.done not in (None, "switch-requested")):
        raise CliError("--switch-at goes alone or with --done switch-requested", EXIT_BAD_INPUT)
    switch_at = None
    if args.switch_at:
        try:
            switch_at = parse_switch_time(args.switch_at)
        except ValueError as bad:
            raise CliError(f"--switch-at: not an ISO date and time: {args.switch_at!r}",
                           EXIT_BAD_INPUT) from bad
    store, operator = open_store(args)
    cat = catalogue(args)
    with domain_errors(cat.lang):
        if switch_at is not None:
            current = request_switch(store, operator, switch_at)
        elif args.done:
            current = mark_step(store, operator, args.done, done=True, server_ip=args.ip,
                                old_ttl=args.old_ttl, new_server=args.new_server)
        elif args.undo:
            current = mark_step(store, operator, args.undo, done=False)
        else:
            current = load_checklist(store)
    if args.json:
        emit_json(current.to_json())
    else:
        print(render_checklist(current, cat))
    return 0


def render_checklist(current: Checklist, cat) -> str:
    t = cat.t

    def when(moment) -> str:
        return format_datetime(moment, cat.lang)

    lines = [t("mail.checklist.title")]
    for number, step in enumerate(current.steps, 1):
        box = "[x]" if step.done else "[ ]"
        lines.append(f"{box} {number}. {t('mail.step.' + step.id)}  ({step.id})")
        if step.by:
            key = "mail.checklist.by" if step.done else "mail.checklist.undone_by"
            lines.append("       " + t(key, by=visible(step.by), at=when(step.at)))
        if not step.done and step.waiting_for:
            lines.append("       " + t("mail.checklist.waiting", steps=", ".join(step.waiting_for)))
        lines.append(f"       {SEED} 「{step.heading}」" if step.heading else "       " + t("mail.checklist.practice"))
    if current.server_ip:
        lines.append(t("mail.checklist.server_ip", ip=visible(current.server_ip)))
    if current.new_server:
        lines.append(t("mail.checklist.new_server", server=visible(current.new_server)))
    if current.ttl_ready_at:
        lines.append(t("mail.checklist.ttl_ready", ttl=current.old_ttl,
                       ready=format_datetime(current.ttl_ready_at, cat.lang)))
    if current.switch_at:
        lines.append(t("mail.checklist.switch_at", at=format_datetime(current.switch_at, cat.lang)))
        lines.append(t("mail.switch.holidays"))
        lines.append(t("mail.checklist.parallel_until",
                       until=format_datetime(current.parallel_until, cat.lang)))
    if current.complete:
        lines.append(t("mail.checklist.complete"))
    else:
        lines.append(t("mail.checklist.next", step=current.next_step))
    return "\n".join(lines)
