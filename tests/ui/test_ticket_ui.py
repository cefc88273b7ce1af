"""Pilot: one ticket — facts and timeline, identity verification with the contact on file,
notes shown literally, status keys, close with a resolution note, closed tickets refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from helpdesk_tui import clock
from helpdesk_tui.screens.member import MemberScreen
from helpdesk_tui.screens.note import NoteModal
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.screens.verify import VerifyModal
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import close_ticket, get_ticket, open_ticket, registered_contact
from conftest import OPERATOR
from ui_helpers import NOW, edge, screen_text, wait_for, wait_member_view, wait_ready, widget_text

HOSTILE_NOTE = "[bold]x[/] \x1b[31mred\x1b[0m"


def new_ticket(path, member: str, symptom: str = "cannot-login", *, minutes_ago: int = 20, **kwargs) -> str:
    clock.pin(NOW - timedelta(minutes=minutes_ago))
    try:
        return open_ticket(Store.open(path), OPERATOR, edge(member), symptom, **kwargs)["id"]
    finally:
        clock.pin(NOW)


async def show_ticket(pilot, ticket_id: str) -> TicketScreen:
    await wait_ready(pilot)
    pilot.app.open_ticket(ticket_id)

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, TicketScreen) and screen.ticket_id == ticket_id and screen.view is not None

    await wait_for(pilot, shown)
    await pilot.pause()
    return pilot.app.screen


async def until_saved(pilot, predicate) -> None:
    """Until the screen has re-read the ticket after a write and ``predicate(view)`` holds."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TicketScreen) and predicate(pilot.app.screen.view))
    await pilot.pause()


def facts_text(app) -> str:
    return widget_text(app.screen.query_one("#facts"))


def timeline_text(app) -> str:
    return widget_text(app.screen.query_one(".timeline-lines"))


@pytest.mark.parametrize("lang, words", [
    ("en", ["Ticket T-000001", "Open · waiting 20m", "Cannot log in", "Walk-up", "not verified yet",
            "Ticket opened: Cannot log in (Walk-up)", "Timeline (2)"]),
    ("ja", ["チケット T-000001", "対応中 · 待ち時間 20分", "ログインできない", "窓口", "未確認",
            "チケット受付", "経過 (2 件)"]),
])
async def test_facts_and_timeline_with_hostile_text_shown_literally(make_app, store_copy, members, lang, words):
    ticket = new_ticket(store_copy, "name-ansi", channel="walk-up", note=HOSTILE_NOTE)
    app = make_app(lang, path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ticket(pilot, ticket)
        text = screen_text(app) + facts_text(app) + timeline_text(app)
        for word in words:
            assert word in text, word
        assert edge("name-ansi") in facts_text(app)
        assert "␛[31mred␛[0m" in facts_text(app)  # the member's ANSI name, made visible
        assert "[bold]x[/] ␛[31mred␛[0m" in timeline_text(app)  # the note, as typed
        assert "\x1b" not in screen_text(app)


@pytest.mark.parametrize("lang, reminder, will_call, recorded", [
    ("en", "never one the caller gives", "Will call: ", "contact on file used: "),
    ("ja", "相手が伝える番号には絶対にかけない", "発信先: ", "使用した登録済みの連絡先: "),
])
async def test_verify_by_callback_shows_and_records_the_number_on_file(
        make_app, store_copy, members, lang, reminder, will_call, recorded):
    ticket = new_ticket(store_copy, "locked")
    number = registered_contact(Store.open(store_copy).get_member(edge("locked")), "callback-registered-phone")
    app = make_app(lang, path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ticket(pilot, ticket)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VerifyModal))
        await pilot.pause()
        text = screen_text(app)
        assert number == "+818038716215"  # E.164 in the store and in JSON only
        dial = "080-3871-6215"  # on screen: national format, the number the operator dials
        assert reminder in text and will_call + dial in text  # before the operator confirms
        assert number not in text
        await pilot.press("1", "tab", *"ok")
        await pilot.press("enter")
        await until_saved(pilot, lambda view: view.verified)
        assert recorded + dial in facts_text(app)
        # The timeline masks it by the one rule (as it masks a changed contact).
        assert "080-****-6215" in timeline_text(app) and dial not in timeline_text(app)
    record = get_ticket(Store.open(store_copy), ticket).ticket["verifications"][0]
    assert record["method"] == "callback-registered-phone" and record["contact"] == number
    assert record["note"] == "ok" and record["by"] == OPERATOR["username"]


async def test_code_by_email_without_an_address_on_file_is_refused(make_app, store_copy):
    ticket = new_ticket(store_copy, "locked")  # has no registered e-mail
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await show_ticket(pilot, ticket)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VerifyModal))
        assert "No registered e-mail on file" in screen_text(app)
        await pilot.press("4", "enter")
        await pilot.pause()
        await wait_for(pilot, lambda: "there is no contact on file" in screen_text(app))
        assert isinstance(app.screen, VerifyModal)  # refused: still choosing
        await pilot.press("2", "enter")  # photo ID seen in person
        await until_saved(pilot, lambda view: view.verified)
        assert "Photo ID seen in person" in facts_text(app)


async def test_a_note_with_markup_and_escapes_is_stored_and_shown_as_typed(make_app, store_copy):
    ticket = new_ticket(store_copy, "active")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ticket(pilot, ticket)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteModal))
        await pilot.press("enter")  # empty: refused in the modal
        await pilot.pause()
        assert isinstance(app.screen, NoteModal) and "A note is required" in screen_text(app)
        app.screen.query_one(Input).value = HOSTILE_NOTE
        await pilot.press("enter")
        await until_saved(pilot, lambda view: len(view.timeline) == 2)
        assert "Note: [bold]x[/] ␛[31mred␛[0m" in timeline_text(app)
    assert get_ticket(Store.open(store_copy), ticket).timeline[-1]["text"] == HOSTILE_NOTE


async def test_status_keys_offer_only_a_change(make_app, store_copy):
    ticket = new_ticket(store_copy, "active")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_ticket(pilot, ticket)
        assert screen.check_action("set_status", ("open",)) is False  # already open: not offered
        await pilot.press("o")  # ignored
        await pilot.press("p")
        await until_saved(pilot, lambda view: view.status == "pending")
        assert "Pending ·" in facts_text(app) and "Status Open → Pending" in timeline_text(app)
        await pilot.press("r")
        await until_saved(pilot, lambda view: view.status == "resolved")
        await pilot.press("o")
        await until_saved(pilot, lambda view: view.status == "open")
        assert [e["kind"] for e in screen.view.timeline].count("status") == 3


async def test_close_needs_a_resolution_note_then_refuses_writes(make_app, store_copy):
    ticket = new_ticket(store_copy, "active")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_ticket(pilot, ticket)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteModal))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal) and "A note is required" in screen_text(app)
        app.screen.query_one(Input).value = "reset done"
        await pilot.press("enter")
        await until_saved(pilot, lambda view: view.status == "closed")
        text = screen_text(app)
        assert "This ticket is closed" in text and "reset done" in facts_text(app)
        for action, params in [("verify", ()), ("note", ()), ("close_ticket", ()), ("set_status", ("pending",)),
                                ("triage", ()), ("actions", ())]:
            assert screen.check_action(action, params) is False, action  # not offered at all
        for key in ("v", "n", "c", "p", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # no modal, no triage
        await pilot.press("m")  # reading the member is still fine
        await wait_member_view(pilot, edge("active"))
    timeline = get_ticket(Store.open(store_copy), ticket).timeline
    assert [e["kind"] for e in timeline] == ["created", "status"]


async def test_a_refusal_from_the_store_is_shown_and_changes_nothing(make_app, store_copy):
    ticket = new_ticket(store_copy, "active")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await show_ticket(pilot, ticket)
        close_ticket(Store.open(store_copy), "bob", ticket, "closed elsewhere")  # another console
        await pilot.press("p")  # the screen still shows it open
        await until_saved(pilot, lambda view: view.status == "closed")
        await wait_for(pilot, lambda: "Not saved" in screen_text(app))
        assert "is closed" in screen_text(app)
        assert "This ticket is closed" in screen_text(app)
    assert get_ticket(Store.open(store_copy), ticket).ticket["resolution"] == "closed elsewhere"


async def test_triage_key_only_for_symptoms_with_a_tree(make_app, store_copy, monkeypatch):
    with_tree = new_ticket(store_copy, "active", "sms-not-arriving")
    without = new_ticket(store_copy, "active", "mail-migration")
    app = make_app("en", path=store_copy)
    asked: list[str] = []
    monkeypatch.setattr(app, "open_triage", asked.append)  # the triage screen is not ours
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ticket(pilot, with_tree)
        assert "t Triage" in screen_text(app).splitlines()[-1]
        await pilot.press("t")
        assert asked == [with_tree]
        await show_ticket(pilot, without)
        assert "Triage" not in screen_text(app).splitlines()[-1]
        await pilot.press("t")
        assert asked == [with_tree]


async def test_an_unknown_ticket_says_so(make_app):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_ticket("T-999999")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.now is not None)
        await pilot.pause()
        assert "チケット T-999999 が見つかりません" in facts_text(app)
        assert app.screen.check_action("verify", ()) is None


async def test_the_palette_reaches_the_ticket_actions(make_app, store_copy):
    ticket_id = new_ticket(store_copy, "locked")
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ticket(pilot, ticket_id)
        await pilot.press("ctrl+p")
        await pilot.press(*"identity")
        await wait_for(pilot, lambda: "Record how the caller's identity was verified" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, VerifyModal))


async def test_slash_and_question_mark_are_typed_into_a_note_not_taken_as_keys(make_app, store_copy):
    ticket = new_ticket(store_copy, "active")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ticket(pilot, ticket)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteModal))
        await pilot.press(*"and/or why?")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)  # "/" did not jump back to the search
        assert app.screen.query_one(Input).value == "and/or why?"
        await pilot.press("enter")
        await until_saved(pilot, lambda view: len(view.timeline) == 2)
        assert "Note: and/or why?" in timeline_text(app)
