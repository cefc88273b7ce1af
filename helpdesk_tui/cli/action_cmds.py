"""``helpdesk-tui action ACTION MEMBER …``: the action panes from a script, same rules.

Without ``--yes`` nothing runs: the plan is printed (the consequences, whether it would
run now and why not, what the request still lacks; ``--json`` as an object), as in the
console, where every action states them before it runs. Exit 0, or the exit code of the
refusal a run would give now (4 refused, 1 not found, 2 bad input). Irreversible or wide
actions also need the target typed back (``--confirm DEVICE_ID`` for a factory reset,
``--confirm N`` with the number of members for a bulk request).

A temporary password is printed once (in ``--json`` as ``temporary_password``); it is
stored nowhere, so a script that wants it must take it from this output.
Exit codes: 0 done, 1 not found, 2 bad input, 3 store problem, 4 refused.
"""

from __future__ import annotations

import argparse
import sys

from helpdesk_tui.actions import SPECS, request_login_info_change, run_action
from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, CliError, domain_errors
from helpdesk_tui.cli.live_read import live_member
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.glossary import ACTIONS
from helpdesk_tui.safe_text import visible

BULK = "request-login-info-change"


def register(commands, common: argparse.ArgumentParser) -> None:
    action = commands.add_parser(
        "action", parents=[common], help="run an action on a member (seed 003), with the console's rules",
        description="Run one of seed 003's actions. Restorative actions need --ticket with a recorded "
        "identity verification. Nothing runs without --yes.")
    action.add_argument("action", choices=[a for a in ACTIONS if a != "export-blocked-members"],
                        metavar="ACTION", help=", ".join(a for a in ACTIONS if a != "export-blocked-members"))
    action.add_argument("members", nargs="+", metavar="MEMBER",
                        help="member id or a query matching one member (several for request-login-info-change)")
    action.add_argument("--ticket", metavar="T", help="the ticket (needed for restorative actions)")
    action.add_argument("--device", metavar="D", help="device id (wipe-app-data, factory-reset-device)")
    action.add_argument("--session", metavar="S", help="session id (disconnect-session)")
    action.add_argument("--mobile", metavar="NUMBER", help="new recovery mobile ('' removes it)")
    action.add_argument("--email", metavar="ADDR", help="new recovery e-mail ('' removes it)")
    action.add_argument("--new-id", metavar="ID", help="the new login ID (change-initial-id)")
    action.add_argument("--confirm", metavar="TEXT",
                        help="the target typed back: the device id for a factory reset, the member count for a bulk request")
    action.add_argument("--yes", action="store_true", help="run it (without: print the consequences only)")
    action.add_argument("--json", action="store_true")
    action.set_defaults(handler=run, uses_backend=True)


def run(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat = catalogue(args)
    spec = SPECS[args.action]
    if spec.target != "members" and len(args.members) > 1:
        raise CliError(f"{args.action} acts on one member; {BULK} takes several", EXIT_BAD_INPUT)
    if not args.yes:
        from helpdesk_tui.cli.action_plan import show_plan

        return show_plan(args, store, operator, cat, spec)
    if spec.target == "members":
        return _bulk(args, store, operator, cat)
    member, _read, backend = live_member(args, store, args.members[0])  # one GET, never a full sync
    try:
        with domain_errors(cat.lang):
            result = run_action(store, operator, spec.id, member["id"], ticket=args.ticket, device=args.device,
                                session=args.session, confirm=args.confirm, mobile=args.mobile,
                                email=args.email, new_id=args.new_id, backend=backend)
    finally:
        backend.close()
    if args.json:
        emit_json(result.to_json(include_secret=True))
    elif result.guided:
        _print_guided(cat, spec, result)
    else:
        print(cat.t("actions.cli.done", action=cat.t(f"action.{spec.id}"), member=visible(member["id"]),
                    notifications=result.notifications))
        for key, value in result.details.items():
            print(f"  {key}: {visible(str(value))}")
        if result.temp_password is not None:
            print(cat.t("actions.cli.temp-password", password=result.temp_password))
            print(cat.t("actions.cli.temp-password-once"), file=sys.stderr)
    return 0


def _print_guided(cat, spec, result) -> None:
    from helpdesk_tui.directory import guided

    heading = " / ".join(result.details.get("headings") or [])
    print(cat.t("actions.cli.guided", action=cat.t(f"action.{spec.id}"), seed=result.details.get("seed"),
                heading=heading))
    for number, step in enumerate(guided.steps(spec.id, cat.lang), 1):
        print(f"  {number}. {step}")


def _bulk(args, store, operator, cat) -> int:
    ids = []
    for text in args.members:
        if text == "-":
            ids += [line.strip() for line in sys.stdin if line.strip()]
        else:
            ids.append(text)
    with domain_errors(cat.lang):
        plan = request_login_info_change(store, operator, ids, confirm=args.confirm, ticket=args.ticket)
    if args.json:
        emit_json({"action": BULK, "outcome": "done", "members": plan.members, "count": plan.count})
    else:
        print(cat.t("actions.cli.bulk-done", count=plan.count))
    return 0


