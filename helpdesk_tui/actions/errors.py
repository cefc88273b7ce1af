"""Why an action did not run, in words the operator can act on (``actions.error.<code>``).

``kind``: ``not-found`` (no such member, ticket, device or session), ``input`` (the
request is malformed: a bad phone number, a missing target), ``refused`` (a rule forbids
it now: role, verification, state, rate limit), ``failed`` (the live directory — LINE
WORKS API 2.0 — did not do it, or may have: ``outcome`` "failed" or "unknown"). Every
refusal and failure is audited.
"""

from __future__ import annotations

from helpdesk_tui.localized import INPUT, NOT_FOUND, REFUSED, LocalizedError

FAILED = "failed"


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


class ActionFailed(ActionError):
    """The directory's API call failed (``outcome`` "failed": nothing changed) or may have
    been applied (``outcome`` "unknown": check the admin screen before retrying). Raised
    by :mod:`helpdesk_tui.directory`; never recorded as done."""

    kind = FAILED

    def __init__(self, code: str, *, outcome: str = "failed", **params) -> None:
        super().__init__(code, **params)
        self.outcome = outcome
