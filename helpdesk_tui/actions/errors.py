"""Why an action did not run, in words the operator can act on (``actions.error.<code>``).

``kind``: ``not-found`` (no such member, ticket, device or session), ``input`` (the
request is malformed: a bad phone number, a missing target), ``refused`` (a rule forbids
it now: role, verification, state, rate limit). Every refusal is audited.
"""

from __future__ import annotations

from helpdesk_tui.localized import INPUT, NOT_FOUND, REFUSED, LocalizedError


class ActionError(LocalizedError):
    prefix = "actions"
    labelled = {"action": "action.", "methods": "verification.", "status": "status.", "role": "role.",
                "needed": "role.", "kind": "phone.kind."}


class ActionRefused(ActionError):
    kind = REFUSED


class ActionInputError(ActionError):
    kind = INPUT


class ActionNotFound(ActionError):
    kind = NOT_FOUND
