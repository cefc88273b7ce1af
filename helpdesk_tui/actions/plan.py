"""What an action would do, before it runs: ``helpdesk-tui action`` without ``--yes``.

The preflight's verdict (role, ticket, verification, the member's state — the same
checks as :func:`~helpdesk_tui.actions.run.run_action`, nothing written) plus what the
request still lacks for a run: the device or session, the typed-back target, the new
contact or ID. Each is an :class:`ActionError` so that it is worded like the refusal
the run would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpdesk_tui.actions.catalog import DEVICE, SESSION, ActionSpec
from helpdesk_tui.actions.errors import ActionError, ActionInputError, ActionRefused
from helpdesk_tui.actions.run import preflight

# Preflight "problems" that only say a target was not named: listed as missing instead.
MISSING_TARGET = {"needs-device", "needs-session"}
# Refusals that name something to get first (a ticket, the caller's verification): the
# refusal, and also listed as missing.
MISSING_RECORD = {"needs-ticket", "not-verified", "verification-stale", "needs-strong-verification"}


@dataclass
class ActionPlan:
    spec: ActionSpec
    member_id: str
    ticket: str | None
    problem: ActionError | None  # the refusal a run would give now
    verification: dict | None
    missing: list[ActionError] = field(default_factory=list)

    @property
    def would_run(self) -> bool:
        return self.problem is None and not self.missing

    def to_json(self, labels) -> dict:
        t = labels.t
        return {
            "action": self.spec.id, "member": self.member_id, "ticket": self.ticket,
            "kind": self.spec.kind, "would_run": self.would_run,
            "consequences": t(f"actions.consequence.{self.spec.id}"),
            "source": {"seed": self.spec.seed, "heading": self.spec.heading},
            "verification": self.verification,
            "refusal": _error_json(self.problem, labels.lang) if self.problem is not None else None,
            "missing": [_error_json(m, labels.lang) for m in self.missing],
        }


def _error_json(problem: ActionError, lang: str) -> dict:
    return {"code": problem.code, "kind": problem.kind, "message": problem.message(lang)}


def plan_action(store, operator: dict, action: str, member_id: str, *, ticket: str | None = None,
                device: str | None = None, session: str | None = None, confirm: str | None = None,
                mobile: str | None = None, email: str | None = None, new_id: str | None = None,
                backend=None) -> ActionPlan:
    pre = preflight(store, operator, action, member_id, ticket=ticket, device=device, session=session,
                    backend=backend)
    spec, problem = pre.spec, pre.problem
    missing: list[ActionError] = []
    if problem is not None and problem.code in MISSING_TARGET:
        missing.append(problem)
        problem = None
    elif problem is not None and problem.code in MISSING_RECORD:
        missing.append(problem)
    if spec.target == DEVICE and device is None and not missing:
        missing.append(ActionInputError("needs-device"))
    if spec.target == SESSION and session is None and not missing:
        missing.append(ActionInputError("needs-session"))
    if spec.typed_back and spec.target == DEVICE and (device is None or (confirm or "").strip() != device):
        missing.append(ActionRefused("needs-typed-back", expected=device or "DEVICE_ID"))
    if spec.id == "update-recovery-contact" and mobile is None and email is None:
        missing.append(ActionInputError("needs-contact"))
    if spec.id == "change-initial-id" and not new_id:
        missing.append(ActionInputError("needs-new-id"))
    return ActionPlan(spec, member_id, ticket, problem, pre.verification, missing)
