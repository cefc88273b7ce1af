"""Seed 003 「メンバーのセキュリティ情報」: everything the security view shows, as data.

The console's member screen and ``helpdesk-tui member show`` both render this; neither
computes anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from helpdesk_tui import clock
from helpdesk_tui.glossary import RESTORE_WINDOW_DAYS, SUSPENDED_STATUSES
from helpdesk_tui.members.access import SessionRow, fold_sessions, parse_time
from helpdesk_tui.members.secrets import without_secrets
from helpdesk_tui.phone import KIND_INVALID, PhoneInfo, analyse

# Seed 003 「削除」 / 「メンバーの削除を取り消す」.
RESTORE_WINDOW = timedelta(days=RESTORE_WINDOW_DAYS)


def _time(value: str | None) -> datetime | None:
    return parse_time(value)  # None also for a time nothing can be computed with


@dataclass(frozen=True)
class SecurityView:
    member: dict
    status: str
    app_access_blocked: bool
    password_change_requested: bool
    last_access: dict | None
    password_changed_at: datetime | None
    recovery_mobile: str | None
    recovery_mobile_info: PhoneInfo | None
    recovery_email: str | None
    line_linked: bool
    initial_id: bool
    initial_id_changed: bool
    is_admin: bool
    is_top_admin: bool
    deleted_at: datetime | None
    restorable_until: datetime | None
    restorable: bool
    devices: list[dict] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)

    @property
    def suspended(self) -> bool:
        return self.status in SUSPENDED_STATUSES

    @property
    def has_recovery_contact(self) -> bool:
        return bool(self.recovery_mobile or self.recovery_email)

    @property
    def connected_sessions(self) -> list[SessionRow]:
        return [row for row in self.sessions if row.connected]

    def to_json(self) -> dict:
        """Glossary ids and ISO times, for ``--json`` output."""
        info = self.recovery_mobile_info
        return {
            "member": {k: v for k, v in without_secrets(self.member).items() if not k.endswith("_e164")},
            "status": self.status,
            "app_access_blocked": self.app_access_blocked,
            "password_change_requested": self.password_change_requested,
            "last_access": self.last_access,
            "password_changed_at": _iso(self.password_changed_at),
            "recovery_contacts": {
                "mobile": self.recovery_mobile,
                "mobile_e164": info.e164 if info else None,
                "mobile_kind": info.kind if info else None,
                "mobile_can_receive_sms": info.can_receive_sms if info else False,
                "mobile_format_problems": list(info.problems) if info else [],
                "email": self.recovery_email,
            },
            "line_linked": self.line_linked,
            "initial_id": self.initial_id,
            "initial_id_changed": self.initial_id_changed,
            "is_admin": self.is_admin,
            "is_top_admin": self.is_top_admin,
            "deleted_at": _iso(self.deleted_at),
            "restorable_until": _iso(self.restorable_until),
            "restorable": self.restorable,
            "devices": self.devices,
            "access_history": [row.to_json() for row in self.sessions],
        }


# Severity of a note about the member's data; screens map it to a colour.
ALERT, WARN, OK = "alert", "warn", "ok"


def recovery_mobile_notes(info: PhoneInfo | None, t) -> list[tuple[str, str]]:
    """(severity, sentence) about a recovery mobile, in the catalogue's language.

    Seed 001 「SMS が届かない」 / seed 004: only a mobile number receives the code, and
    the number must be half-width digits without hyphens.
    """
    if info is None:
        return []
    notes = []
    if info.kind == KIND_INVALID:
        notes.append((ALERT, t("recovery.invalid")))
    elif not info.can_receive_sms:
        notes.append((ALERT, t("recovery.cannot-sms", kind=t(f"phone.kind.{info.kind}"))))
    if info.problems:
        problems = "; ".join(t(f"phone.problem.{problem}") for problem in info.problems)
        notes.append((WARN, t("recovery.format", problems=problems)))
    if info.can_receive_sms and not info.problems:
        notes.append((OK, t("recovery.sms-ok")))
    return notes


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def build_view(member: dict, devices: list[dict], events: list[dict], now: datetime) -> SecurityView:
    deleted_at = _time(member.get("deleted_at"))
    restorable_until = deleted_at + RESTORE_WINDOW if deleted_at else None
    recovery_mobile = member.get("recovery_mobile") or None
    return SecurityView(
        member=member,
        status=member.get("status", "active"),
        app_access_blocked=bool(member.get("app_access_blocked")),
        password_change_requested=bool(member.get("password_change_requested")),
        last_access=member.get("last_access"),
        password_changed_at=_time(member.get("password_changed_at")),
        recovery_mobile=recovery_mobile,
        recovery_mobile_info=analyse(recovery_mobile),
        recovery_email=member.get("recovery_email") or None,
        line_linked=bool(member.get("line_linked")),
        initial_id=bool(member.get("initial_id")),
        initial_id_changed=bool(member.get("initial_id_changed")),
        is_admin=bool(member.get("is_admin")),
        is_top_admin=bool(member.get("is_top_admin")),
        deleted_at=deleted_at,
        restorable_until=restorable_until,
        restorable=bool(restorable_until and now < restorable_until),
        devices=sorted(devices, key=lambda d: d.get("last_seen") or "", reverse=True),
        sessions=fold_sessions(events, now),
    )


def security_view(store, member_id: str, now: datetime | None = None) -> SecurityView | None:
    """Read one member's security view from the store (three file reads); None if unknown."""
    member = store.get_member(member_id)
    if member is None:
        return None
    return build_view(
        member,
        store.devices_for(member_id),
        store.access_events_for(member_id),
        now or clock.now(),
    )
