"""``helpdesk-tui operator list|add|remove|set-role``: who may use the console.

``list`` needs any operator; the changes need an admin (re-read from the store inside
the change's transaction) and each is one audit entry (operators/admin.py). On a shared
host they run through the boundary like every command, so the actor is the account sudo
names.
"""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_REFUSED, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json, table
from helpdesk_tui.glossary import ROLES


def register(commands, common: argparse.ArgumentParser) -> None:
    operator = commands.add_parser("operator", help="operators of the store and their roles (changes: admin only)")
    verbs = operator.add_subparsers(dest="verb", metavar="VERB", required=True)

    show = verbs.add_parser("list", parents=[common], help="every operator and role")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_list)

    add = verbs.add_parser("add", parents=[common], help="make an OS account an operator (audited)")
    add.add_argument("username", metavar="USER", help="the OS account name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", metavar="TEXT", help="display name (default: the account name)")
    add.set_defaults(handler=run_add)

    remove = verbs.add_parser("remove", parents=[common], help="remove an operator (audited)")
    remove.add_argument("username", metavar="USER")
    remove.set_defaults(handler=run_remove)

    role = verbs.add_parser("set-role", parents=[common], help="change an operator's role (audited)")
    role.add_argument("username", metavar="USER")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(handler=run_set_role)


def run_list(args) -> int:
    store, _operator = open_store(args)
    with domain_errors():
        operators = store.list_operators()
    if args.json:
        emit_json(operators)
        return 0
    t = catalogue(args).t
    rows = [(op["username"], t(f"role.{op.get('role')}") if op.get("role") in ROLES else op.get("role"),
             op.get("display_name")) for op in operators]
    print(table([t("operators.col.username"), t("operators.col.role"), t("operators.col.name")], rows, (20, 14, 40)))
    return 0


def run_add(args) -> int:
    from helpdesk_tui.operators import admin

    store, operator = open_store(args)
    _change(lambda: admin.add(store, operator["username"], args.username, args.role, args.name))
    print(f"{args.username}: operator ({args.role})")
    return 0


def run_remove(args) -> int:
    from helpdesk_tui.operators import admin

    store, operator = open_store(args)
    _change(lambda: admin.remove(store, operator["username"], args.username))
    print(f"{args.username}: no longer an operator")
    return 0


def run_set_role(args) -> int:
    from helpdesk_tui.operators import admin

    store, operator = open_store(args)
    _change(lambda: admin.set_role(store, operator["username"], args.username, args.role))
    print(f"{args.username}: {args.role}")
    return 0


def _change(body) -> None:
    from helpdesk_tui.operators.admin import OperatorChangeInvalid, OperatorChangeRefused

    try:
        with domain_errors():
            body()
    except OperatorChangeRefused as refused:
        raise CliError(f"refused: {refused}", EXIT_REFUSED) from None
    except OperatorChangeInvalid as bad:
        raise CliError(str(bad), EXIT_BAD_INPUT) from None
