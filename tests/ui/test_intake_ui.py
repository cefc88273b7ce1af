"""Intake (issue 14, items 15 and 17): a symptom is picked with one key, which opens the
ticket; the member's other open ticket is one key away, so duplicates do not pile up."""

from __future__ import annotations

from helpdesk_tui.glossary import SYMPTOMS
from helpdesk_tui.operators import require_operator
from helpdesk_tui.screens.intake import IntakeScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.screens.ticket_choice import TicketChoiceModal
from helpdesk_tui.screens.triage import TriageScreen
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import list_tickets, open_ticket
from ui_helpers import edge, screen_text, wait_for, wait_ready


async def start(pilot, member: str) -> IntakeScreen:
    app = pilot.app
    await wait_ready(pilot)
    app.start_intake(edge(member))
    await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen) and app.screen.view is not None)
    await pilot.pause()
    return app.screen


async def test_one_digit_picks_the_symptom_and_opens_the_ticket(make_app, store_copy):
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "active")
        await pilot.press(str(SYMPTOMS.index("cannot-login") + 1))
        await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen))
    tickets = list_tickets(Store.open(store_copy), member_id=edge("active"))
    assert [t["symptom"] for t in tickets] == ["cannot-login"]


async def test_o_opens_the_members_open_ticket_instead_of_a_new_one(make_app, store_copy):
    store = Store.open(store_copy)
    existing = open_ticket(store, require_operator(store), edge("locked"), "device-lost")["id"]
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "locked")
        await wait_for(pilot, lambda: app.screen.others)
        await pilot.pause()
        assert "o Existing" in screen_text(app).splitlines()[-1]
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
        assert app.screen.ticket_id == existing
    assert len(list_tickets(Store.open(store_copy), member_id=edge("locked"))) == 1


async def test_with_several_open_tickets_o_offers_a_choice(make_app, store_copy):
    store = Store.open(store_copy)
    operator = require_operator(store)
    open_ticket(store, operator, edge("locked"), "device-lost")
    second = open_ticket(store, operator, edge("locked"), "cannot-login", priority="urgent")["id"]
    app = make_app("ja", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "locked")
        await wait_for(pilot, lambda: len(app.screen.others) == 2)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketChoiceModal))
        assert second in screen_text(app)
        await pilot.press("enter")  # the first listed: the urgent one
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
        assert app.screen.ticket_id == second
