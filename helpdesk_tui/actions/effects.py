"""What each action does to the member, checked against the member's state first.

One function per action, ``effect(ctx) -> details``: it refuses (ActionRefused /
ActionInputError) when the member's state or the request does not allow the action, and
otherwise changes ``ctx.member`` (a copy) or the member's device and sessions through
``ctx``. Nothing here commits: :mod:`helpdesk_tui.actions.run` writes the member, the
ticket timeline, the notifications and the audit entry in one transaction.

The rules are seed 003's (each action's heading is in :mod:`.catalog`); the ones marked
"ours" are our own additions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from helpdesk_tui import clock
from helpdesk_tui.actions.errors import ActionInputError, ActionNotFound, ActionRefused
from helpdesk_tui.glossary import SUSPENDED_STATUSES
from helpdesk_tui.members.access import fold_sessions
from helpdesk_tui.members.security import RESTORE_WINDOW
from helpdesk_tui.phone import analyse

EFFECTS: dict[str, Callable] = {}
# ours: an ID is a mail address; its local part as mail systems allow it.
_LOCAL_PART = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$")


def effect(action: str):
    def register(fn):
        EFFECTS[action] = fn
        return fn
    return register


def _usable(ctx, *, allow_suspended: bool = True) -> None:
    """Deleted members are only restored; pending ones have no password to act on."""
    status = ctx.member.get("status")
    if status == "deleted" and ctx.spec.id != "restore-member":
        raise ActionRefused("member-deleted", member=ctx.member["id"])
    if not allow_suspended and status in SUSPENDED_STATUSES:
        raise ActionRefused("member-suspended", member=ctx.member["id"], status=[status])


def end_sessions(ctx) -> int:
    """Disconnect every connected session (seed 003: out of every service within 5 min)."""
    rows = fold_sessions(ctx.store.access_events_for(ctx.member["id"]), ctx.now)
    count = 0
    for row in rows:
        if row.connected:
            ctx.disconnect(row.session_id)
            count += 1
    return count


def _new_password(ctx) -> dict:
    if ctx.password_hash is None:  # a dry run: the check only
        return {}
    ctx.member["temp_password_hash"] = ctx.password_hash
    ctx.member["must_change_password"] = True
    ctx.member["password_changed_at"] = clock.iso(ctx.now)
    ctx.member["password_change_requested"] = False
    return {"must_change_password": True}


@effect("force-password-change")
def force_password_change(ctx) -> dict:
    _usable(ctx)
    if ctx.member.get("status") == "pending":
        raise ActionRefused("member-pending", member=ctx.member["id"])
    details = _new_password(ctx)
    details["sessions_ended"] = end_sessions(ctx)
    return details


@effect("request-password-change")
def request_password_change(ctx) -> dict:
    _usable(ctx)
    if ctx.member.get("status") == "pending":
        raise ActionRefused("member-pending", member=ctx.member["id"])
    if ctx.member.get("password_change_requested"):
        raise ActionRefused("already-requested", member=ctx.member["id"])
    # Seed 003: the security view shows 「管理者がパスワードの変更を要請」 from now on.
    ctx.member["password_change_requested"] = True
    return {}


@effect("suspend")
def suspend(ctx) -> dict:
    _usable(ctx)
    if ctx.member.get("is_top_admin"):
        raise ActionRefused("top-admin-suspend", member=ctx.member["id"])
    if ctx.member.get("status") == "suspended-admin":
        raise ActionRefused("already-suspended", member=ctx.member["id"])
    before = ctx.member.get("status")
    ctx.member["status"] = "suspended-admin"  # seed 003: an away setting is cleared too
    return {"previous_status": before, "away_cleared": before == "away",
            "sessions_ended": end_sessions(ctx)}


@effect("unsuspend")
def unsuspend(ctx) -> dict:
    _usable(ctx)
    before = ctx.member.get("status")
    if before not in SUSPENDED_STATUSES:
        raise ActionRefused("not-suspended", member=ctx.member["id"], status=[before])
    ctx.member["status"] = "active"  # both kinds: admin suspension and failed-login lock
    return {"previous_status": before}


@effect("block-app-access")
def block_app_access(ctx) -> dict:
    _usable(ctx)
    if ctx.member.get("app_access_blocked"):
        raise ActionRefused("already-blocked", member=ctx.member["id"])
    ctx.member["app_access_blocked"] = True  # the browser version keeps working
    return {}


@effect("unblock-app-access")
def unblock_app_access(ctx) -> dict:
    _usable(ctx)
    if not ctx.member.get("app_access_blocked"):
        raise ActionRefused("not-blocked", member=ctx.member["id"])
    ctx.member["app_access_blocked"] = False
    return {}


@effect("disconnect-session")
def disconnect_session(ctx) -> dict:
    _usable(ctx)
    wanted = ctx.params.get("session")
    if not wanted:
        raise ActionInputError("needs-session")
    rows = {row.session_id: row for row in fold_sessions(ctx.store.access_events_for(ctx.member["id"]), ctx.now)}
    row = rows.get(wanted)
    if row is None:
        raise ActionNotFound("no-session", session=wanted, member=ctx.member["id"])
    if not row.connected:
        raise ActionRefused("session-not-connected", session=wanted)
    ctx.disconnect(wanted)
    return {"session": wanted, "environment": row.environment, "ip": row.ip}


@effect("force-logout")
def force_logout(ctx) -> dict:
    _usable(ctx)
    count = end_sessions(ctx)
    if count == 0:
        raise ActionRefused("no-connected-session", member=ctx.member["id"])
    return {"sessions_ended": count}


def _mdm_device(ctx) -> dict:
    wanted = ctx.params.get("device")
    if not wanted:
        raise ActionInputError("needs-device")
    device = next((d for d in ctx.tx.devices.for_member(ctx.member["id"]) if d["device_id"] == wanted), None)
    if device is None:
        raise ActionNotFound("no-device", device=wanted, member=ctx.member["id"])
    if not device.get("mdm_registered"):
        # Seed 003: remote management appears only for a device with the MDM profile.
        raise ActionRefused("device-not-mdm", device=wanted)
    return dict(device)


@effect("wipe-app-data")
def wipe_app_data(ctx) -> dict:
    _usable(ctx)
    device = _mdm_device(ctx)
    device["app_data_wiped_at"] = clock.iso(ctx.now)
    ctx.tx.devices.put(device)
    return {"device": device["device_id"], "model": device.get("model")}


@effect("factory-reset-device")
def factory_reset_device(ctx) -> dict:
    _usable(ctx)
    device = _mdm_device(ctx)
    ctx.require_typed_back(device["device_id"])
    device["factory_reset_at"] = clock.iso(ctx.now)
    # Seed 003: the device is back to its purchase state; the MDM profile and every piece
    # of data on it are gone (and its Vendor ID changes).
    device["mdm_registered"] = False
    ctx.tx.devices.put(device)
    return {"device": device["device_id"], "model": device.get("model")}


@effect("unlink-line-login")
def unlink_line_login(ctx) -> dict:
    _usable(ctx)
    if not ctx.member.get("line_linked"):
        raise ActionRefused("not-line-linked", member=ctx.member["id"])
    ctx.member["line_linked"] = False
    return {}


@effect("change-initial-id")
def change_initial_id(ctx) -> dict:
    _usable(ctx)
    member = ctx.member
    if not member.get("initial_id"):
        raise ActionRefused("id-not-initial", member=member["id"])
    if member.get("initial_id_changed"):
        raise ActionRefused("id-already-changed", member=member["id"])
    new_id = ctx.params.get("new_id")
    if not new_id:
        if ctx.dry_run:
            return {}
        raise ActionInputError("needs-new-id")
    new_id = _checked_new_id(ctx, new_id)
    details = {"new_id": new_id, "old_id": member.get("login_id") or member["id"]}
    member["login_id"] = new_id
    member["initial_id_changed"] = True
    details.update(_new_password(ctx))
    details["sessions_ended"] = end_sessions(ctx)
    return details


def _checked_new_id(ctx, text: str) -> str:
    from helpdesk_tui.domains.names import parse_domain_name
    from helpdesk_tui.localized import LocalizedError

    local, at, domain = text.strip().lower().rpartition("@")
    if not at or not _LOCAL_PART.match(local):
        raise ActionInputError("bad-new-id", new_id=text)
    try:
        domain = parse_domain_name(domain).ascii
    except LocalizedError:
        raise ActionInputError("bad-new-id", new_id=text) from None
    tenant = ctx.tenant or {}
    owned = {d.get("name") for d in tenant.get("domains", []) if d.get("status") in ("in-use", "verified")}
    owned.add(tenant.get("primary_domain"))
    if domain not in owned:
        raise ActionInputError("new-id-domain", new_id=text, domains=sorted(d for d in owned if d))
    new_id = f"{local}@{domain}"
    for other in ctx.store.iter_members():
        if other["id"] != ctx.member["id"] and new_id in (other["id"], other.get("login_id"), other.get("email")):
            raise ActionRefused("new-id-taken", new_id=new_id)
    return new_id


@effect("restore-member")
def restore_member(ctx) -> dict:
    member = ctx.member
    if member.get("status") != "deleted":
        raise ActionRefused("not-deleted", member=member["id"], status=[member.get("status")])
    deleted_at = clock.parse_iso(member["deleted_at"]) if member.get("deleted_at") else None
    if deleted_at is None or ctx.now - deleted_at > RESTORE_WINDOW:
        raise ActionRefused("restore-window-over", member=member["id"],
                            deleted_at=deleted_at or "-", days=RESTORE_WINDOW.days)
    member["status"] = "active"
    member["deleted_at"] = None
    return {"deleted_at": clock.iso(deleted_at)}


@effect("update-recovery-contact")
def update_recovery_contact(ctx) -> dict:
    _usable(ctx)
    mobile, email = ctx.params.get("mobile"), ctx.params.get("email")
    if mobile is None and email is None:
        if ctx.dry_run:
            return {}
        raise ActionInputError("needs-contact")
    member, details = ctx.member, {}
    # Everyone on file before the change hears about it (see notify.py).
    ctx.notify_also_before_change()
    if mobile is not None:
        member["recovery_mobile"], member["recovery_mobile_e164"] = _checked_mobile(mobile)
        details["mobile"] = member["recovery_mobile"] or "-"
    if email is not None:
        member["recovery_email"] = _checked_email(email)
        details["email"] = member["recovery_email"] or "-"
    return details


def _checked_mobile(text: str) -> tuple[str | None, str | None]:
    """Seed 001: digits only, no hyphens; and it has to take an SMS (not 050 / 020 / a
    landline, seed 004). Full-width digits and hyphens are normalised, not refused."""
    if not text.strip():
        return None, None
    info = analyse(text)
    if info is None or info.e164 is None:
        raise ActionInputError("bad-mobile", mobile=text)
    if not info.can_receive_sms:
        raise ActionInputError("mobile-not-sms", mobile=text, kind=info.kind)
    return info.national_digits or info.e164, info.e164


def _checked_email(text: str) -> str | None:
    from helpdesk_tui.triage.checks import suspect_mail_domain

    text = text.strip()
    if not text:
        return None
    near = suspect_mail_domain(text)
    if near == "?" or not text.isprintable():
        raise ActionInputError("bad-email", email=text)
    if near is not None:
        raise ActionInputError("email-looks-mistyped", email=text, near=near)
    return text
