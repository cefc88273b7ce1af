"""Pilot at 80×24: intake → guided triage → conclusion, for the three headline symptoms,
in both languages; stepping back, overriding, copying the guidance."""

from __future__ import annotations

import pytest

from helpdesk_tui.screens.intake import IntakeScreen
from helpdesk_tui.screens.triage import TriageScreen
from helpdesk_tui.glossary import SYMPTOMS
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import get_ticket
from ui_helpers import edge, screen_text, wait_for, wait_member_view, wait_ready, widget_text


async def intake(pilot, member_id: str, symptom: str, notes: str = "") -> TriageScreen:
    """Search-found member → `n` → notes (tab, typed, shift+tab back) → the symptom's digit
    opens the ticket in one key → triage."""
    app = pilot.app
    await wait_ready(pilot)
    app.open_member(member_id)
    await wait_member_view(pilot, member_id)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen) and app.screen.view is not None)
    if notes:
        await pilot.press("tab")
        await pilot.press(*notes)
        await pilot.press("shift+tab")
    await pilot.press(str(SYMPTOMS.index(symptom) + 1))
    await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.walk is not None)
    await pilot.pause()
    return app.screen


def body(app) -> str:
    screen = app.screen
    return "\n".join(widget_text(w) for w in screen.query("#triage-path, #triage-question, #triage-conclusion")
                     if w.display)


def timeline(store_path, ticket_id):
    return get_ticket(Store.open(store_path), ticket_id).timeline


@pytest.mark.parametrize("lang, cause_label, evidence", [
    ("ja", "一時停止 (ログイン失敗)", "ストアの状態: 一時停止 (ログイン失敗)"),
    ("en", "Locked (failed logins)", "Status in the store: Locked (failed logins)"),
])
async def test_cannot_login_locked_member_is_concluded_by_the_store(make_app, store_copy, lang, cause_label, evidence):
    app = make_app(lang, store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await intake(pilot, edge("locked"), "cannot-login", notes="locked out")
        assert screen.walk.conclusion.cause == "suspended-login-failure"
        text = body(app)
        assert cause_label in text and evidence in text
        assert app.t("action.unsuspend") in text
        shown = screen_text(app)
        assert app.t("triage.cause") in shown  # the conclusion is on screen at 80×24
        ticket_id = screen.ticket_id
    kinds = [e["kind"] for e in timeline(store_copy, ticket_id)]
    assert kinds[:2] == ["created", "note"] and "answer" in kinds and kinds[-1] == "conclusion"
    answers = [e for e in timeline(store_copy, ticket_id) if e["kind"] == "answer"]
    assert answers and all(e["auto"] and e["evidence"] for e in answers)


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_sms_not_arriving_landline_and_guidance_copied(make_app, store_copy, lang):
    app = make_app(lang, store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await intake(pilot, edge("landline"), "sms-not-arriving")
        conclusion = screen.walk.conclusion
        assert conclusion.cause == "sms-number-not-mobile"
        assert app.t("phone.kind.landline") in body(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.clipboard == conclusion.guidance[lang])
        await pilot.press("g")  # guidance in the other language
        other = "en" if lang == "ja" else "ja"
        await pilot.pause()
        assert conclusion.guidance[other].splitlines()[0][:20] in body(app)
        ticket_id = screen.ticket_id
    await_entries = [e for e in timeline(store_copy, ticket_id) if e["kind"] == "guidance"]
    assert await_entries and await_entries[-1]["copied"] and await_entries[-1]["text"] == conclusion.guidance[lang]


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_id_forgotten_asks_and_concludes(make_app, store_copy, lang):
    app = make_app(lang, store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await intake(pilot, edge("active"), "id-forgotten")
        assert screen.walk.question is not None
        asked = []
        for _ in range(8):
            if screen.walk.conclusion is not None:
                break
            question = screen.walk.question
            asked.append(question.id)
            assert question.text[lang] in screen_text(app).replace("\n", "") or question.text[lang][:10] in body(app)
            before = screen.walk
            await pilot.press("1")
            await wait_for(pilot, lambda: screen.walk is not before)
        assert screen.walk.conclusion is not None
        assert screen.walk.conclusion.cause in ("id-forgotten", "id-changed-by-domain-change")
        # step back: the last question is asked again, and the timeline says so
        await pilot.press("backspace")
        await wait_for(pilot, lambda: screen.walk.question is not None)
        assert screen.walk.question.id == asked[-1]
        ticket_id = screen.ticket_id
    kinds = [e["kind"] for e in timeline(store_copy, ticket_id)]
    assert kinds.count("answer") >= len(asked) and kinds[-1] == "back"


async def test_step_back_onto_a_store_answer_then_override(make_app, store_copy):
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await intake(pilot, edge("locked"), "cannot-login")
        last = screen.walk.path[-1]
        assert last.auto
        await pilot.press("backspace")
        await wait_for(pilot, lambda: screen.walk.question is not None)
        assert screen.walk.question.id == last.node.id
        assert screen.walk.suggestion.answer == last.choice
        assert "the store says" in body(app)
        other = next(i for i, c in enumerate(last.node.choices, 1) if c.id != last.choice)
        await pilot.press(str(other))
        await wait_for(pilot, lambda: screen.walk.path and screen.walk.path[-1].node.id == last.node.id
                       or any(s.node.id == last.node.id and s.overridden for s in screen.walk.path))
        step = next(s for s in screen.walk.path if s.node.id == last.node.id)
        assert step.overridden and not step.auto
        assert "[override]" in body(app)
        ticket_id = screen.ticket_id
    overrides = [e for e in timeline(store_copy, ticket_id) if e["kind"] == "answer" and e.get("overridden")]
    assert overrides and overrides[-1]["store_answer"] == last.choice


async def test_intake_shows_other_open_tickets(make_app, store_copy):
    from helpdesk_tui.operators import require_operator
    from helpdesk_tui.tickets import open_ticket

    store = Store.open(store_copy)
    existing = open_ticket(store, require_operator(store), edge("locked"), "device-lost")
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.start_intake(edge("locked"))
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen) and app.screen.others)
        await pilot.pause()
        shown = screen_text(app)
        assert existing["id"] in shown and "Other open tickets" in shown
        assert "Locked (failed logins)" in shown
        await pilot.press("c", "c", "p")
        assert app.screen.channel == "chat" and app.screen.priority == "high"
        await pilot.press("escape")
        assert not isinstance(app.screen, IntakeScreen)
