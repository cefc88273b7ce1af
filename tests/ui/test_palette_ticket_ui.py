"""The palette opens a ticket by its id (issue 14, item 15): ``T-000005``, ``T-5`` or ``5``."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from helpdesk_tui.operators import require_operator
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket
from ui_helpers import edge, screen_text, wait_for, wait_ready


@pytest.mark.parametrize("lang, typed", [("en", "T-000005"), ("ja", "t-5"), ("en", "open T-000005")])
async def test_the_palette_opens_a_ticket_by_its_id(make_app, store_copy, lang, typed):
    store = Store.open(store_copy)
    operator = require_operator(store)
    for _ in range(4):
        open_ticket(store, operator, edge("active"), "cannot-login")
    wanted = open_ticket(store, operator, edge("locked"), "cannot-login")["id"]
    assert wanted == "T-000005"
    app = make_app(lang, store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one("CommandInput").value = typed
        await wait_for(pilot, lambda: "T-000005" in screen_text(app))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
        assert app.screen.ticket_id == wanted


async def test_no_ticket_hit_for_an_id_that_does_not_exist(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one("CommandInput").value = "T-000777"
        await pilot.pause(0.5)
        assert "Open ticket T-000777" not in screen_text(app)
