"""Import never silently changes an existing member's state.

A re-import (an older export, a spreadsheet round-trip) that would change a member's
status, app-access block or recovery contacts is listed here first; it goes ahead only
when the operator says so (``import --apply-state-changes``), and then each change is
its own audit entry and notifies the member exactly as the matching action would
(``suspend``, ``unblock-app-access``, ``update-recovery-contact``…). A change no action
makes (say "away" → "pending") is still audited, as ``import-state-change``, and
notifies nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from helpdesk_tui import audit
from helpdesk_tui.actions.notify import contacts_of, queue_notifications
from helpdesk_tui.glossary import SUSPENDED_STATUSES
from helpdesk_tui.safe_text import visible

NO_MATCHING_ACTION = "import-state-change"
RECOVERY_FIELDS = ("recovery_mobile", "recovery_email")


@dataclass(frozen=True)
class StateChange:
    member_id: str
    field: str  # "status", "app_access_blocked" or "recovery_contacts"
    before: Any
    after: Any
    action: str  # the action that makes this change, or NO_MATCHING_ACTION

    def describe(self) -> str:
        return (f"{visible(self.member_id)}: {self.field} {visible(_show(self.before))} → "
                f"{visible(_show(self.after))} ({self.action})")

    def to_json(self) -> dict:
        return {"member": self.member_id, "field": self.field, "before": self.before,
                "after": self.after, "action": self.action}


class StateChangesNeedConfirmation(Exception):
    """The import would change existing members' state; nothing was imported."""

    def __init__(self, changes: list[StateChange]):
        self.changes = list(changes)
        super().__init__(
            f"the import would change the state of existing members ({len(self.changes)} change"
            f"{'s' * (len(self.changes) != 1)}); nothing was imported. Check them, then import "
            "again with --apply-state-changes"
        )


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v if v else '-'}" for k, v in value.items())
    return "-" if value is None else str(value)


def _status_action(before: str | None, after: str | None) -> str:
    if after == "suspended-admin":
        return "suspend"
    if before == "deleted":
        return "restore-member"
    if before in SUSPENDED_STATUSES and after not in SUSPENDED_STATUSES and after != "deleted":
        return "unsuspend"  # "away" or "active": either way the member can sign in again
    return NO_MATCHING_ACTION


def changes_for(stored: dict | None, incoming: dict) -> list[StateChange]:
    """What importing ``incoming`` over ``stored`` (None: a new member) would change."""
    if stored is None:
        return []
    member_id = incoming["id"]
    found = []
    if stored.get("status") != incoming.get("status"):
        found.append(StateChange(member_id, "status", stored.get("status"), incoming.get("status"),
                                 _status_action(stored.get("status"), incoming.get("status"))))
    blocked_before, blocked_after = bool(stored.get("app_access_blocked")), bool(incoming.get("app_access_blocked"))
    if blocked_before != blocked_after:
        found.append(StateChange(member_id, "app_access_blocked", blocked_before, blocked_after,
                                 "block-app-access" if blocked_after else "unblock-app-access"))
    contacts_before = {f: stored.get(f) or None for f in RECOVERY_FIELDS}
    contacts_after = {f: incoming.get(f) or None for f in RECOVERY_FIELDS}
    if contacts_before != contacts_after:
        found.append(StateChange(member_id, "recovery_contacts", contacts_before, contacts_after,
                                 "update-recovery-contact"))
    return found


def record_changes(tx: Any, changes: list[StateChange], before: dict[str, dict], after: dict[str, dict],
                   tenant: dict | None, operator: str) -> None:
    """One audit entry per change, and the matching action's notifications."""
    for change in changes:
        member = after[change.member_id]
        sent = 0
        if change.action != NO_MATCHING_ACTION:
            extra = contacts_of(before[change.member_id]) if change.field == "recovery_contacts" else []
            sent = queue_notifications(tx, member, tenant, change.action, ticket=None, extra_contacts=extra)
        details = {"field": change.field, "before": change.before, "after": change.after}
        if change.field == "recovery_contacts":  # which contacts changed, not their values
            details = {"field": change.field,
                       "changed": [f for f in RECOVERY_FIELDS if change.before[f] != change.after[f]]}
        audit.record(tx, operator=operator, action=change.action, outcome="done", member=change.member_id,
                     via="import", notifications=sent, **details)
