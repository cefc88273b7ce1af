"""Seed 003's security view as data: status, restore window, contacts, 90-day history."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpdesk_tui.members import build_view, fold_sessions

NOW = datetime.fromisoformat("2026-11-20T10:00:00+09:00")


def _iso(delta: timedelta) -> str:
    return (NOW - delta).isoformat()


def test_deleted_member_restorable_for_seven_days_only():
    recent = build_view({"id": "a", "status": "deleted", "deleted_at": _iso(timedelta(days=3))},
                        [], [], NOW)
    old = build_view({"id": "b", "status": "deleted", "deleted_at": _iso(timedelta(days=8))},
                     [], [], NOW)
    assert recent.restorable and recent.restorable_until == NOW + timedelta(days=4)
    assert not old.restorable


def test_recovery_contacts_are_analysed():
    view = build_view({"id": "a", "status": "active", "recovery_mobile": "050-1234-5678"},
                      [], [], NOW)
    assert view.has_recovery_contact
    assert not view.recovery_mobile_info.can_receive_sms
    assert view.to_json()["recovery_contacts"]["mobile_kind"] == "ip-phone"
    none = build_view({"id": "b", "status": "active"}, [], [], NOW)
    assert not none.has_recovery_contact and none.recovery_mobile_info is None


def test_history_keeps_ninety_days_newest_first_with_disconnects_applied():
    events = [
        {"event": "session", "member_id": "a", "session_id": "old", "started_at": _iso(timedelta(days=91)),
         "environment": "iOS 18 app", "country": "JP", "ip": "203.0.113.1", "connected": True},
        {"event": "session", "member_id": "a", "session_id": "s1", "started_at": _iso(timedelta(days=10)),
         "environment": "Windows 11 PC app", "country": "JP", "ip": "203.0.113.2", "connected": True},
        {"event": "session", "member_id": "a", "session_id": "s2", "started_at": _iso(timedelta(hours=1)),
         "environment": "Chrome browser", "country": "US", "ip": "198.51.100.7", "connected": True},
        {"event": "disconnect", "member_id": "a", "session_id": "s1", "at": _iso(timedelta(hours=2)),
         "by": "alice"},
    ]
    rows = fold_sessions(events, NOW)
    assert [row.session_id for row in rows] == ["s2", "s1"]
    assert rows[0].connected and not rows[1].connected
    assert rows[1].disconnected_at == NOW - timedelta(hours=2)


def test_json_uses_glossary_ids_and_drops_derived_fields():
    member = {"id": "a", "status": "suspended-login-failure", "app_access_blocked": True,
              "recovery_mobile": "09012345678", "recovery_mobile_e164": "+819012345678"}
    data = build_view(member, [], [], NOW).to_json()
    assert data["status"] == "suspended-login-failure" and data["app_access_blocked"] is True
    assert "recovery_mobile_e164" not in data["member"]
