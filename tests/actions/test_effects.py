"""Each action's seed-003 rules, on the demo's edge members: what changes, what is
refused (and then nothing changes), and what the member is told."""

from __future__ import annotations

import subprocess
import pytest

from helpdesk_tui.actions import ActionError, plan_bulk, request_login_info_change, run_action
from helpdesk_tui.actions.passwords import check_password, temporary_password
from helpdesk_tui.members.access import fold_sessions
from helpdesk_tui.members.security import security_view
from tests.actions.conftest import NOW, audit_entries, member_id, verified_ticket


def refused(store, operator, action, member, code, **kw):
    with pytest.raises(ActionError) as problem:
        run_action(store, operator, action, member, **kw)
    assert problem.value.code == code, problem.value
    return problem.value


def connected(store, member):
    return [r.session_id for r in fold_sessions(store.access_events_for(member), NOW) if r.connected]


@pytest.fixture
def sup(make_store):
    return make_store("supervisor")


@pytest.fixture
def adm(make_store):
    return make_store("admin")


def test_force_password_change_ends_every_session_and_the_password_is_nowhere_in_the_store(sup):
    store, operator = sup
    target = member_id("edge-active")
    assert connected(store, target)
    ticket = verified_ticket(store, operator, target)
    result = run_action(store, operator, "force-password-change", target, ticket=ticket)
    secret = result.temp_password
    assert 8 <= len(secret) <= 20
    member = store.get_member(target)
    assert member["must_change_password"] is True and check_password(secret, member["temp_password_hash"])
    assert not connected(store, target) and result.details["sessions_ended"] >= 1
    found = subprocess.run(["grep", "-rlF", "-e", secret, str(store.path)], capture_output=True, text=True)
    assert found.returncode == 1, f"temporary password written to {found.stdout}"
    assert "temporary_password" not in result.to_json()


def test_temporary_passwords_follow_the_tenant_policy():
    for policy in ({"min_length": 8, "max_length": 20}, {"min_length": 16, "max_length": 16},
                   {"min_length": 6, "max_length": 8}):
        for _ in range(50):
            secret = temporary_password(policy)
            assert policy["min_length"] <= len(secret) <= policy["max_length"]
            assert any(c.islower() for c in secret) and any(c.isupper() for c in secret)
            assert any(c.isdigit() for c in secret) and not set(secret) & set("0O1lI")


def test_request_password_change_shows_in_the_security_view(make_store):
    store, operator = make_store("agent")
    target = member_id("edge-active")
    run_action(store, operator, "request-password-change", target)
    assert security_view(store, target, NOW).password_change_requested
    refused(store, operator, "request-password-change", target, "already-requested")


def test_suspend_clears_away_ends_sessions_and_spares_the_top_administrator(adm):
    store, operator = adm
    away = member_id("edge-away")
    result = run_action(store, operator, "suspend", away)
    assert store.get_member(away)["status"] == "suspended-admin"
    assert result.details["away_cleared"] is True and not connected(store, away)
    refused(store, operator, "suspend", away, "already-suspended")
    problem = refused(store, operator, "suspend", member_id("edge-top-admin"), "top-admin-suspend")
    assert "最高管理者は一時停止できません" in problem.message("ja")


@pytest.mark.parametrize("edge", ["edge-suspended", "edge-locked"])
def test_unsuspend_covers_both_kinds_of_suspension(sup, edge):
    store, operator = sup
    target = member_id(edge)
    run_action(store, operator, "unsuspend", target, ticket=verified_ticket(store, operator, target))
    assert store.get_member(target)["status"] == "active"
    refused(store, operator, "unsuspend", target, "not-suspended",
            ticket=verified_ticket(store, operator, target))


def test_app_block_leaves_the_browser_and_sessions_alone(sup):
    store, operator = sup
    target = member_id("edge-suspicious")
    sessions = connected(store, target)
    run_action(store, operator, "block-app-access", target)
    assert store.get_member(target)["app_access_blocked"] and connected(store, target) == sessions
    refused(store, operator, "block-app-access", target, "already-blocked")


def test_disconnect_one_session_then_force_logout_the_rest(sup):
    store, operator = sup
    target = member_id("edge-suspicious")
    first, *rest = connected(store, target)
    run_action(store, operator, "disconnect-session", target, session=first)
    assert connected(store, target) == rest
    refused(store, operator, "disconnect-session", target, "session-not-connected", session=first)
    refused(store, operator, "disconnect-session", target, "no-session", session="ses-nope")
    run_action(store, operator, "force-logout", target)
    assert connected(store, target) == []
    refused(store, operator, "force-logout", target, "no-connected-session")


def test_wipe_and_factory_reset_only_for_mdm_devices_and_reset_needs_the_id_typed_back(adm):
    store, operator = adm
    target = member_id("edge-mdm")
    mdm, plain = "dev-489cd1f559af", "dev-7f0f5482909f"
    refused(store, operator, "wipe-app-data", target, "device-not-mdm", device=plain)
    run_action(store, operator, "wipe-app-data", target, device=mdm)
    assert next(d for d in store.devices_for(target) if d["device_id"] == mdm)["app_data_wiped_at"]
    refused(store, operator, "factory-reset-device", target, "needs-typed-back", device=mdm)
    refused(store, operator, "factory-reset-device", target, "typed-back-mismatch", device=mdm, confirm="dev-48")
    assert next(d for d in store.devices_for(target) if d["device_id"] == mdm)["mdm_registered"] is True
    run_action(store, operator, "factory-reset-device", target, device=mdm, confirm=mdm)
    device = next(d for d in store.devices_for(target) if d["device_id"] == mdm)
    assert device["factory_reset_at"] and device["mdm_registered"] is False


def test_initial_id_changes_once_and_only_when_auto_generated(adm):
    store, operator = adm
    target = member_id("edge-line-initial-id")
    ticket = verified_ticket(store, operator, target)
    refused(store, operator, "change-initial-id", target, "new-id-domain", ticket=ticket,
            new_id="someone@example.com")
    refused(store, operator, "change-initial-id", target, "new-id-taken", ticket=ticket,
            new_id=member_id("edge-active"))
    result = run_action(store, operator, "change-initial-id", target, ticket=ticket, new_id="Hanako.New@sample.co.jp")
    member = store.get_member(target)
    assert member["login_id"] == "hanako.new@sample.co.jp" and member["initial_id_changed"] is True
    assert result.temp_password and not connected(store, target)
    refused(store, operator, "change-initial-id", target, "id-already-changed", ticket=ticket, new_id="x@sample.co.jp")
    refused(store, operator, "change-initial-id", member_id("edge-active"), "id-not-initial",
            ticket=verified_ticket(store, operator, member_id("edge-active")), new_id="y@sample.co.jp")


def test_restore_within_seven_days_only(adm, now):
    store, operator = adm
    recent, old = member_id("edge-deleted-3d"), member_id("edge-deleted-8d")
    problem = refused(store, operator, "restore-member", old, "restore-window-over",
                      ticket=verified_ticket(store, operator, old))
    assert "7 days" in str(problem)
    run_action(store, operator, "restore-member", recent, ticket=verified_ticket(store, operator, recent))
    assert store.get_member(recent)["status"] == "active" and store.get_member(recent)["deleted_at"] is None
    refused(store, operator, "force-logout", old, "member-deleted")


def test_recovery_contact_update_checks_the_number_and_tells_old_and_new_contacts(sup):
    store, operator = sup
    target = member_id("edge-active")
    ticket = verified_ticket(store, operator, target)
    before = store.get_member(target)
    refused(store, operator, "update-recovery-contact", target, "mobile-not-sms", ticket=ticket, mobile="03-1234-5678")
    refused(store, operator, "update-recovery-contact", target, "mobile-not-sms", ticket=ticket, mobile="05012345678")
    refused(store, operator, "update-recovery-contact", target, "bad-mobile", ticket=ticket, mobile="090-abc")
    refused(store, operator, "update-recovery-contact", target, "email-looks-mistyped", ticket=ticket,
            email="taro@gmial.com")
    refused(store, operator, "update-recovery-contact", target, "bad-email", ticket=ticket, email="a\x1b[31m@x.jp")
    assert store.get_member(target) == before
    outbox_before = len(list(store.iter_log("outbox")))
    run_action(store, operator, "update-recovery-contact", target, ticket=ticket,
               mobile="０９０−１１１１−２２２２", email="taro.new@example.com")
    member = store.get_member(target)
    assert (member["recovery_mobile"], member["recovery_mobile_e164"], member["recovery_email"]) == (
        "09011112222", "+819011112222", "taro.new@example.com")
    sent = {(n["channel"], n["to"]) for n in list(store.iter_log("outbox"))[outbox_before:]}
    assert {("email", before["recovery_email"]), ("email", "taro.new@example.com"),
            ("sms", "+819011112222"), ("talk", target)} <= sent
    assert ("sms", "+818035479963") in sent  # the number on file before the change


def test_every_action_queues_a_notification_in_the_members_language_without_the_password(sup):
    store, operator = sup
    target = member_id("edge-active")
    result = run_action(store, operator, "force-password-change", target,
                        ticket=verified_ticket(store, operator, target))
    notes = [n for n in store.iter_log("outbox") if n["member_id"] == target]
    assert {n["channel"] for n in notes} == {"talk", "email", "sms"}
    assert all(n["lang"] == "ja" and "パスワードを再設定" in n["body"] for n in notes)
    assert all(result.temp_password not in n["body"] for n in notes)


def test_unlink_line_login(sup):
    store, operator = sup
    target = member_id("edge-line-initial-id")
    run_action(store, operator, "unlink-line-login", target, ticket=verified_ticket(store, operator, target))
    assert store.get_member(target)["line_linked"] is False
    refused(store, operator, "unlink-line-login", target, "not-line-linked",
            ticket=verified_ticket(store, operator, target))


def test_bulk_request_needs_the_count_typed_back_and_is_all_or_nothing(sup):
    store, operator = sup
    ids = [member_id(e) for e in ("edge-active", "edge-away", "edge-landline")]
    plan = plan_bulk(store, [*ids, member_id("edge-deleted-3d"), "nobody@sample.co.jp", member_id("edge-admin")])
    assert (plan.missing, plan.unusable, plan.admins) == (
        ["nobody@sample.co.jp"], [member_id("edge-deleted-3d")], [member_id("edge-admin")])
    with pytest.raises(ActionError) as no_count:
        request_login_info_change(store, operator, ids, confirm=None)
    assert no_count.value.code == "needs-count-typed-back"
    with pytest.raises(ActionError) as mismatch:
        request_login_info_change(store, operator, ids, confirm="4")
    assert mismatch.value.code == "count-mismatch"
    with pytest.raises(ActionError) as admins:
        request_login_info_change(store, operator, [*ids, member_id("edge-admin")], confirm="4")
    assert admins.value.code == "admin-accounts-in-bulk"
    assert not any(store.get_member(m).get("password_change_requested") for m in ids[1:])
    request_login_info_change(store, operator, ids, confirm="3")
    assert all(store.get_member(m)["password_change_requested"] for m in ids)
    done = [e for e in audit_entries(store) if e["action"] == "request-login-info-change" and e["outcome"] == "done"]
    assert sorted(e["member"] for e in done) == sorted(ids)


def test_a_member_changed_by_actions_exports_and_imports_again(adm, tmp_path):
    from helpdesk_tui.importexport import export_document, import_document
    from helpdesk_tui.store import Store

    store, operator = adm
    target = member_id("edge-line-initial-id")
    run_action(store, operator, "change-initial-id", target, ticket=verified_ticket(store, operator, target),
               new_id="renamed@sample.co.jp")
    run_action(store, operator, "wipe-app-data", member_id("edge-mdm"), device="dev-489cd1f559af")
    document = export_document(store)
    copy = Store.create(tmp_path / "copy")
    import_document(copy, document)
    assert copy.get_member(target)["login_id"] == "renamed@sample.co.jp"
    assert copy.get_member(target)["must_change_password"] is True
