"""Pilot at 80×24: from a triage conclusion to a fixed account through the action panes
(seed 003), on copies of the demo store with the clock pinned.

The three headline symptoms end in a fixed account: a locked member unsuspended, a
landline recovery number replaced by a mobile one (the landline refused first), a
forced password change whose temporary password is shown once and then found nowhere,
not even in the store's files. Also: protective actions need no verification, an agent
sees the role refusal, a factory reset needs the device id typed back, member names
stay literal, and the timeline tells what was done in both languages.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.actions import ActionInputError
from helpdesk_tui.actions.passwords import check_password
from helpdesk_tui.i18n import catalogue
from helpdesk_tui.screens.action_menu import ActionMenu
from helpdesk_tui.screens.action_pane import ActionScreen
from helpdesk_tui.screens.confirm_typed import ConfirmTypedModal
from helpdesk_tui.screens.secret import SecretModal, spaced
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.screens.triage import TriageScreen
from helpdesk_tui.screens.verify import VerifyModal
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import get_ticket, open_ticket
from helpdesk_tui.tickets.timeline import describe
from helpdesk_tui.triage.session import TriageSession
from helpdesk_tui.widgets.action_info import GateView
from conftest import OPERATOR
from ui_helpers import edge, screen_text, wait_for, wait_member_view, wait_ready, widget_text

# The app's own 2-second "did the store change?" poll would re-read what these tests
# write while the test is already shutting the app down; the panes refresh the screens
# below themselves, so the poll is kept quiet here.
QUIET = 600.0


def prepare(path, role: str, member: str | None = None, symptom: str | None = None) -> str | None:
    """The OS user's role; with ``member``, a ticket triaged to its conclusion."""
    store = Store.open(path)
    with store.transaction() as tx:
        tx.operators.put({**OPERATOR, "role": role})
    if member is None:
        return None
    ticket = open_ticket(store, OPERATOR, edge(member), symptom)["id"]
    TriageSession(store, OPERATOR, ticket).start()
    return ticket


async def at_conclusion(pilot, ticket: str) -> TriageScreen:
    """The ticket, then its triage (``t``), concluded by the store."""
    app = pilot.app
    await wait_ready(pilot)
    app.open_ticket(ticket)
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.walk is not None
                   and app.screen.walk.conclusion is not None)
    await pilot.pause()
    return app.screen


async def pane_ready(pilot, action: str) -> ActionScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen) and app.screen.action == action
                   and app.screen.pre is not None)
    await pilot.pause()
    return app.screen


async def verify_in_person(pilot, pane: ActionScreen) -> None:
    """``v`` in the pane → the verification modal → photo ID seen in person."""
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, VerifyModal))
    await pilot.press("2", "enter")
    await wait_for(pilot, lambda: pilot.app.screen is pane and pane.pre.verification is not None)
    await pilot.pause()


async def run(pilot, pane: ActionScreen, outcome: str = "done") -> None:
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: pane.outcome is not None and pane.outcome[0] == outcome and not pane.busy)
    await pilot.pause()


def flat(text: str) -> str:
    """Without the whitespace wrapping puts in (Japanese wraps without spaces)."""
    return "".join(text.split())


def gate(pane) -> str:
    return flat(widget_text(pane.query_one(GateView)))


def status(pane) -> str:
    return flat(widget_text(pane.query_one("#action-status")))


def member(path, name: str) -> dict:
    return Store.open(path).get_member(edge(name))


def actions_on(path, ticket: str) -> list[dict]:
    return [e for e in get_ticket(Store.open(path), ticket).timeline if e["kind"] == "action"]


def audited(path, action: str) -> list[dict]:
    return [e for e in Store.open(path).iter_log("audit") if e.get("action") == action]


@pytest.mark.parametrize("lang, missing, active, done", [
    ("en", "no identity verification on ticket", "Active", "Done: Unsuspend — was Locked (failed logins)"),
    ("ja", "本人確認の記録がありません", "使用中", "実行: 一時停止の解除 — 変更前 一時停止 (ログイン失敗)"),
])
async def test_locked_member_unsuspended_from_the_conclusion(make_app, store_copy, lang, missing, active, done):
    ticket = prepare(store_copy, "supervisor", "locked", "cannot-login")
    app = make_app(lang, store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        triage = await at_conclusion(pilot, ticket)
        assert triage.walk.conclusion.actions[0] == "unsuspend"
        assert " 1  " + app.t("action.unsuspend") in widget_text(triage.query_one("#triage-conclusion"))
        await pilot.press("1")  # one key away
        pane = await pane_ready(pilot, "unsuspend")
        assert app.t("action.unsuspend") in screen_text(app).splitlines()[0]
        assert flat(missing) in gate(pane) and flat(app.t("action-pane.verify-hint")) in gate(pane)
        await verify_in_person(pilot, pane)
        assert flat(app.t("verification.in-person-id")) in gate(pane)
        await run(pilot, pane)
        assert member(store_copy, "locked")["status"] == "active"
        await wait_for(pilot, lambda: pane.member["status"] == "active")
        await pilot.pause()
        shown = screen_text(app)
        assert active in shown
        assert flat(app.t("action-pane.done", action=app.t("action.unsuspend"), details="")) in flat(shown)
        await pilot.press("escape")  # back to the triage, then the ticket: its timeline tells it
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.t("action.unsuspend")
                       in widget_text(app.screen.query_one(".timeline-lines")))
        assert flat(done) in flat(widget_text(app.screen.query_one(".timeline-lines")))
    entries = actions_on(store_copy, ticket)
    assert [e["outcome"] for e in entries] == ["done"] and entries[0]["previous_status"] == "suspended-login-failure"
    assert audited(store_copy, "unsuspend")[-1]["outcome"] == "done"


async def test_landline_replaced_by_a_mobile_after_the_landline_is_refused(make_app, store_copy):
    ticket = prepare(store_copy, "supervisor", "landline", "sms-not-arriving")
    before = member(store_copy, "landline")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_ticket(ticket)
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
        await pilot.press("a")  # the menu, the conclusion's recommendations first
        await wait_for(pilot, lambda: isinstance(app.screen, ActionMenu) and app.screen.checks)
        menu = app.screen
        assert menu.actions[:2] == ("update-recovery-contact", "force-password-change")
        assert "* " + app.t("action.update-recovery-contact") in screen_text(app)
        await pilot.press("enter")  # the highlighted row: the first recommended one
        pane = await pane_ready(pilot, "update-recovery-contact")
        await verify_in_person(pilot, pane)
        assert isinstance(app.focused, Input) and app.focused.id == "field-mobile"
        await pilot.press(*"0312345678", "ctrl+s")
        await wait_for(pilot, lambda: pane.outcome[0] == "refused")
        await pilot.pause()
        expected = ActionInputError("mobile-not-sms", mobile="0312345678", kind="landline").message("en")
        assert "cannot receive SMS" in expected and flat(expected) in status(pane)
        assert member(store_copy, "landline")["recovery_mobile"] == before["recovery_mobile"]
        await pilot.press("ctrl+u", *"09012345678")
        await run(pilot, pane)
        assert flat("recovery mobile → 09012345678") in status(pane)
    after = member(store_copy, "landline")
    assert after["recovery_mobile"] == "09012345678" and after["recovery_mobile_e164"] == "+819012345678"
    assert [e["outcome"] for e in actions_on(store_copy, ticket)] == ["refused", "done"]
    lines = [describe(e, catalogue("en")) for e in actions_on(store_copy, ticket)]
    assert lines == ["Refused: Fix recovery contact — number cannot receive SMS",
                     "Done: Fix recovery contact — recovery mobile → 090-****-5678"]


async def test_temporary_password_is_shown_once_and_stored_nowhere(make_app, store_copy):
    ticket = prepare(store_copy, "supervisor", "no-recovery", "password-forgotten")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_conclusion(pilot, ticket)
        await pilot.press("1")
        pane = await pane_ready(pilot, "force-password-change")
        await verify_in_person(pilot, pane)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretModal))
        await pilot.pause()
        password = app.screen._password
        assert password and spaced(password).plain in screen_text(app)
        assert "will not be shown again" in screen_text(app)
        assert pane.outcome[1].temp_password is None  # the pane kept no copy
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is pane)
        await pilot.pause()
        shown = screen_text(app) + status(pane)
        assert password not in shown and spaced(password).plain not in shown
        assert flat(app.t("action-pane.password-shown")) in status(pane)
    record = member(store_copy, "no-recovery")
    assert record["must_change_password"] and check_password(password, record["temp_password_hash"])
    for path in store_copy.rglob("*"):  # grep -r over the whole store directory
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path


async def test_protective_action_from_the_member_screen_needs_no_verification(make_app, store_copy):
    prepare(store_copy, "supervisor")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_member(edge("suspicious"))
        await wait_member_view(pilot, edge("suspicious"))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionMenu) and app.screen.checks)
        await pilot.pause()
        assert "No open ticket" in screen_text(app)
        number = app.screen.actions.index("force-logout") + 1
        await pilot.press(str(number))
        pane = await pane_ready(pilot, "force-logout")
        assert flat("not needed (protective)") in gate(pane)
        await run(pilot, pane)
        assert flat("2 session(s) ended") in status(pane)
        await pilot.press("escape")
        await wait_member_view(pilot, edge("suspicious"))
    store = Store.open(store_copy)
    assert audited(store_copy, "force-logout")[-1]["sessions_ended"] == 2
    from helpdesk_tui.members.access import fold_sessions
    from ui_helpers import NOW
    assert not any(r.connected for r in fold_sessions(store.access_events_for(edge("suspicious")), NOW))


@pytest.mark.parametrize("lang, refusal", [
    ("en", "refused: Suspend needs the role Supervisor (tier 2); you are Agent (tier 1)"),
    ("ja", "拒否: 一時停止 には"),
])
async def test_an_agent_sees_the_role_refusal(make_app, store_copy, lang, refusal):
    app = make_app(lang, store_copy, refresh_seconds=QUIET)  # the UI test store's operator is an agent
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action(edge("active"), "suspend")
        pane = await pane_ready(pilot, "suspend")
        assert flat(refusal) in gate(pane)
        await run(pilot, pane, "refused")
        assert flat(refusal) in status(pane)
    assert member(store_copy, "active")["status"] == "active"
    assert audited(store_copy, "suspend")[-1]["reason"] == "role"


async def test_factory_reset_needs_the_device_id_typed_back(make_app, store_copy):
    prepare(store_copy, "admin")
    device = next(d for d in Store.open(store_copy).devices_for(edge("mdm")) if d["mdm_registered"])
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action(edge("mdm"), "factory-reset-device")
        pane = await pane_ready(pilot, "factory-reset-device")
        assert "no" in screen_text(app) and device["device_id"] in screen_text(app)
        await pilot.press("down", "ctrl+s")  # the PC has no MDM profile: refused on the spot
        await pilot.pause()
        assert flat("not registered for MDM") in status(pane) and not isinstance(app.screen, ConfirmTypedModal)
        await pilot.press("up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmTypedModal))
        await pilot.press(*"dev-wrong", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmTypedModal)  # enter does nothing until it matches
        await pilot.press("ctrl+u", *device["device_id"], "enter")
        await wait_for(pilot, lambda: pane.outcome is not None and pane.outcome[0] == "done")
    reset = next(d for d in Store.open(store_copy).devices_for(edge("mdm")) if d["device_id"] == device["device_id"])
    assert reset["factory_reset_at"] and not reset["mdm_registered"]
    assert [e["outcome"] for e in audited(store_copy, "factory-reset-device")] == ["done"]


async def test_hostile_member_name_is_literal_in_the_pane_and_menu_in_both_languages(make_app):
    app = make_app("en", refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action(edge("name-markup"), "block-app-access")
        pane = await pane_ready(pilot, "block-app-access")
        assert "· [bold]x[/]" in screen_text(app).splitlines()[0]
        await pilot.press("ctrl+l")  # relabelled in Japanese, the name still literal
        await pilot.pause()
        assert screen_text(app).splitlines()[0].startswith(" 操作: アクセスブロック · [bold]x[/]")
        assert flat("の権限が必要です") in gate(pane)  # the agent's refusal, in Japanese
        app.open_action_menu(edge("name-markup"))
        await wait_for(pilot, lambda: isinstance(app.screen, ActionMenu) and app.screen.member is not None)
        await pilot.pause()
        assert "操作 · [bold]x[/]" in screen_text(app)


def test_timeline_tells_actions_in_both_languages():
    done = {"kind": "action", "action": "force-password-change", "outcome": "done",
            "must_change_password": True, "sessions_ended": 2}
    refused = {"kind": "action", "action": "unsuspend", "outcome": "refused", "reason": "not-verified"}
    assert describe(done, catalogue("en")) == \
        "Done: Force password change — must change the password at the next login; 2 session(s) ended"
    assert describe(refused, catalogue("en")) == "Refused: Unsuspend — caller not verified"
    assert describe(refused, catalogue("ja")) == "拒否: 一時停止の解除 — 本人確認が未記録"
    contact = {"kind": "action", "action": "update-recovery-contact", "outcome": "done",
               "email": "taro@example.com", "mobile": "-"}
    assert describe(contact, catalogue("ja")) == \
        "実行: 認証用情報の修正 — 認証用携帯電話番号 → (削除)、個人メールアドレス → t***@example.com"
