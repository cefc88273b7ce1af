"""``helpdesk-tui action …`` without ``--yes``: the plan, nothing run.

Text: the action and its kind, the consequences, the seed heading, then whether it would
run now (the verification it would use, or the refusal it would get) and what the request
still lacks. ``--json``: :meth:`ActionPlan.to_json`. Exit 0 when nothing refuses it (even
with inputs still missing: they are listed); otherwise the exit code of the refusal a run
would give (4 refused, 1 not found, 2 bad input), its sentence on stderr.
"""

from __future__ import annotations

import sys

from helpdesk_tui.actions.plan import plan_action
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_REFUSED, domain_errors
from helpdesk_tui.cli.live_read import live_member
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.localized import INPUT, NOT_FOUND
from helpdesk_tui.safe_text import visible


def show_plan(args, store, operator: dict, cat, spec) -> int:
    t = cat.t
    if spec.target == "members":  # the bulk request: who it would reach
        return _bulk_plan(args, store, cat, spec)
    member, _read, backend = live_member(args, store, args.members[0])  # as the run resolves it; one GET
    try:
        with domain_errors(cat.lang):
            plan = plan_action(store, operator, spec.id, member["id"], ticket=args.ticket, device=args.device,
                               session=args.session, confirm=args.confirm, mobile=args.mobile,
                               email=args.email, new_id=args.new_id, backend=backend)
    finally:
        backend.close()
    if args.json:
        emit_json(plan.to_json(cat))
    else:
        print(t(f"action.{spec.id}") + f" ({t(f'actions.kind.{spec.kind}')}) · {visible(member['id'])}")
        print("  " + t(f"actions.consequence.{spec.id}"))
        print(f"  [{spec.seed} {spec.heading}]")
        if plan.verification is not None:
            print("  " + t("console.plan.verified", method=t(f"verification.{plan.verification.get('method')}"),
                           by=visible(plan.verification.get("by"))))
        if plan.problem is not None:
            print("  " + t("console.plan.refused", reason=plan.problem.message(cat.lang)))
        elif plan.would_run:
            print("  " + t("console.plan.would-run"))
        for missing in plan.missing:
            if missing is plan.problem:  # already said as the refusal
                continue
            print("  " + t("console.plan.missing", what=missing.message(cat.lang)))
    print(t("actions.cli.add-yes"), file=sys.stderr)
    if plan.problem is None:
        return 0
    print(plan.problem.message(cat.lang), file=sys.stderr)
    return {NOT_FOUND: EXIT_NOT_FOUND, INPUT: EXIT_BAD_INPUT}.get(plan.problem.kind, EXIT_REFUSED)


def _bulk_plan(args, store, cat, spec) -> int:
    from helpdesk_tui.actions import plan_bulk

    ids = [line.strip() for line in sys.stdin if line.strip()] if args.members == ["-"] else list(args.members)
    with domain_errors(cat.lang):
        bulk = plan_bulk(store, ids)
    if args.json:
        emit_json({"action": spec.id, "kind": spec.kind, "would_run": False, "count": bulk.count,
                   "members": bulk.members, "consequences": cat.t(f"actions.consequence.{spec.id}"),
                   "source": {"seed": spec.seed, "heading": spec.heading},
                   "missing": [{"code": "needs-count-typed-back", "kind": "refused",
                                "message": cat.t("actions.error.needs-count-typed-back", count=bulk.count)}]})
    else:
        print(cat.t(f"action.{spec.id}") + f" ({cat.t(f'actions.kind.{spec.kind}')})")
        print("  " + cat.t(f"actions.consequence.{spec.id}"))
        print(f"  [{spec.seed} {spec.heading}]")
        print("  " + cat.t("console.plan.missing", what=cat.t("actions.error.needs-count-typed-back",
                                                               count=bulk.count)))
    print(cat.t("actions.cli.add-yes"), file=sys.stderr)
    return 0
