"""The action panes of seed 003, as domain code shared by the console and the CLI.

    run_action(store, operator, action, member_id, *, ticket, device, session, confirm,
               mobile, email, new_id, backend) -> ActionResult   (ActionError when refused,
               ActionFailed when the live directory's API failed)
    preflight(store, operator, action, member_id, *, ticket, device, session, backend) -> Preflight
    plan_bulk(store, ids) -> BulkPlan
    request_login_info_change(store, operator, ids, *, confirm, ticket) -> BulkPlan
    SPECS / spec(action): kind, role, target, seed heading of each glossary action

Modules: catalog (what each action is), gate (role, verification, rate limit), effects
(each action's rules and change), run (the transaction), bulk, notify (outbox),
passwords (temporary passwords, hashed). No Textual here.
"""

from helpdesk_tui.actions.bulk import BulkPlan, plan_bulk, request_login_info_change
from helpdesk_tui.actions.catalog import (
    MEMBER_ACTIONS,
    PROTECTIVE,
    REQUEST,
    RESTORATIVE,
    SPECS,
    ActionSpec,
    spec,
)
from helpdesk_tui.actions.errors import (
    ActionError,
    ActionFailed,
    ActionInputError,
    ActionNotFound,
    ActionRefused,
)
from helpdesk_tui.actions.gate import RATE_LIMIT, RATE_WINDOW, STRONG_METHODS, VERIFICATION_VALID
from helpdesk_tui.actions.run import ActionResult, Preflight, preflight, run_action

__all__ = [
    "MEMBER_ACTIONS", "PROTECTIVE", "RATE_LIMIT", "RATE_WINDOW", "REQUEST", "RESTORATIVE", "SPECS",
    "STRONG_METHODS", "VERIFICATION_VALID", "ActionError", "ActionFailed", "ActionInputError", "ActionNotFound",
    "ActionRefused", "ActionResult", "ActionSpec", "BulkPlan", "Preflight", "plan_bulk", "preflight",
    "request_login_info_change", "run_action", "spec",
]
