"""The actions LINE WORKS API 2.0 offers, made through it, and a write with an unknown
outcome settled by re-reading the user.

A POST / PATCH that timed out or got a 5xx may or may not have been applied
(``WriteOutcomeUnknown``). Rather than leave the operator guessing, the user is read
again (``GET /users/{userId}``) and compared with what the action was to achieve:

* the re-read shows the change → recorded as done (details ``settled_by_reread``);
* it shows the member unchanged → failed, nothing changed (safe to try again);
* the re-read fails too, or the action leaves no trace in the User object
  (``force-logout``) → outcome "unknown": check the admin screen.

No Textual here.
"""

from __future__ import annotations

from typing import Any

from helpdesk_tui.directory.mirror import mirror_record

SUSPENDED = ("suspended-admin", "suspended-login-failure")


def _achieved(action: str, fresh: dict, change: dict) -> bool | None:
    """Does the user as re-read show ``action`` done? None: the User object cannot tell."""
    status = fresh.get("status")
    if action == "suspend":
        return status in SUSPENDED
    if action == "unsuspend":
        return status not in SUSPENDED
    if action == "restore-member":
        return status != "deleted"
    if action == "update-recovery-contact":
        keys = {"mobile": "recovery_mobile", "email": "recovery_email"}
        return all(fresh.get(keys[k]) == v for k, v in change.items())
    return None


def _call(directory, action: str, user_id: str, change: dict) -> None:
    if action == "suspend":
        directory.suspend(user_id)
    elif action == "unsuspend":
        directory.unsuspend(user_id)
    elif action == "force-logout":
        directory.force_logout(user_id)
    elif action == "restore-member":
        directory.undelete(user_id)
    else:
        directory.update_recovery_contact(user_id, **change)


def apply_api(directory, action: str, member: dict, params: dict):
    from helpdesk_tui.actions.errors import ActionFailed
    from helpdesk_tui.directory.backends import API, Applied
    from helpdesk_tui.lineworks import LineWorksError, WriteOutcomeUnknown

    change = contact_change(member, params) if action == "update-recovery-contact" else {}
    user_id = member["id"]

    def failed(problem: LineWorksError, outcome: str, code: str, **extra: Any) -> ActionFailed:
        return ActionFailed(code, outcome=outcome, action=action, member=user_id,
                            error=type(problem).__name__, detail=str(problem),
                            operation=problem.operation or "-",
                            status=problem.status if problem.status is not None else "-", **extra)

    try:
        _call(directory, action, user_id, change)
    except WriteOutcomeUnknown as unknown:
        try:
            user = directory.get_user(user_id)
        except LineWorksError:
            raise failed(unknown, "unknown", "api-outcome-unknown") from unknown
        done = _achieved(action, user.member, change)
        if done is None:
            raise failed(unknown, "unknown", "api-outcome-unknown") from unknown
        if not done:
            raise failed(unknown, "failed", "api-not-applied") from unknown
        return Applied(API, member=mirror_record(member, user.member, awaiting=user.awaiting),
                       settled=True)
    except LineWorksError as problem:
        raise failed(problem, "failed", "api-failed") from problem
    try:
        user = directory.get_user(user_id)
    except LineWorksError:
        return Applied(API)  # done, but not re-read: the mirror takes the effect's copy
    return Applied(API, member=mirror_record(member, user.member, awaiting=user.awaiting))


def contact_change(member: dict, params: dict) -> dict[str, Any]:
    """The new recovery contacts as the effect normalised them. The API cannot erase one
    (a null would; ``Directory.update_recovery_contact`` never sends it)."""
    from helpdesk_tui.actions.errors import ActionInputError

    change: dict[str, Any] = {}
    for param, key in (("mobile", "recovery_mobile"), ("email", "recovery_email")):
        if params.get(param) is not None:
            if not member.get(key):
                raise ActionInputError("api-cannot-remove-contact", field=param)
            change[param] = member[key]
    return change
