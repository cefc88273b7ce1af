"""``helpdesk-tui trees check|show``: prove the decision trees, or print one as an outline."""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.common import catalogue
from helpdesk_tui.cli.errors import EXIT_STORE, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.triage import TRIAGE_SYMPTOMS, check_trees, load_tree, text


def register(commands, common: argparse.ArgumentParser) -> None:
    trees = commands.add_parser("trees", help="check or show the triage decision trees")
    verbs = trees.add_subparsers(dest="verb", metavar="VERB", required=True)
    check = verbs.add_parser("check", parents=[common], help="prove every tree (exit 3 on a problem)")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check)
    show = verbs.add_parser("show", parents=[common], help="print a tree as an outline")
    show.add_argument("symptom", choices=TRIAGE_SYMPTOMS)
    show.set_defaults(handler=run_show)


def run_check(args) -> int:
    report = check_trees()
    bad = {symptom: problems for symptom, problems in report.items() if problems}
    if args.json:
        emit_json({"ok": not bad, "trees": report})
    else:
        for symptom, problems in report.items():
            if not problems:
                print(f"ok    {symptom} ({len(load_tree(symptom).nodes)} nodes)")
            for problem in problems:
                print(f"FAIL  {symptom}: {problem}")
    if bad:
        if args.json:
            return EXIT_STORE
        raise CliError(f"{sum(map(len, bad.values()))} problem(s) in {len(bad)} tree(s)", EXIT_STORE)
    return 0


def run_show(args) -> int:
    lang = catalogue(args).lang
    with domain_errors():
        tree = load_tree(args.symptom)
    lines: list[str] = [text(tree.title, lang)]
    shown: set[str] = set()

    def outline(node_id: str, depth: int) -> None:
        node = tree.node(node_id)
        pad = "  " * depth
        if node.is_conclusion:
            actions = ", ".join(node.actions) or "—"
            lines.append(f"{pad}=> {node.cause}  [{node.id}]  actions: {actions}")
            return
        check = f"  (check: {node.check})" if node.check else ""
        if node.id in shown:
            lines.append(f"{pad}↪ {node.id}")
            return
        shown.add(node.id)
        lines.append(f"{pad}? {text(node.text, lang)}  [{node.id}]{check}")
        for i, choice in enumerate(node.choices, 1):
            lines.append(f"{pad}  {i}. {text(choice.label, lang)}")
            outline(choice.next, depth + 2)

    outline(tree.start, 1)
    print("\n".join(lines))
    return 0
