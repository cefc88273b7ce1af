"""A closed ticket offers only what works (issue 14, item 8): its footer has no v / n / a,
and ``o`` reopens it with a note, on the timeline and in the audit log."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.screens.note import NoteModal
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import close_ticket, get_ticket
from conftest import OPERATOR
from test_ticket_ui import new_ticket, show_ticket, until_saved
from ui_helpers import screen_text, wait_for


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_closed_ticket_offers_reopening_only_and_reopens_with_a_note(make_app, store_copy, lang):
    ticket = new_ticket(store_copy, "active")
    close_ticket(Store.open(store_copy), OPERATOR, ticket, "closed by mistake")
    app = make_app(lang, path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_ticket(pilot, ticket)
        footer = screen_text(app).splitlines()[-1]
        for key in ("v ", "n ", "a ", "t ", "c "):
            assert f" {key}" not in f" {footer}", (key, footer)
        assert "o " in footer, footer
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteModal))
        app.screen.query_one(Input).value = "the member called back: still locked"
        await pilot.press("enter")
        await until_saved(pilot, lambda view: view.status == "open")
        footer = screen_text(app).splitlines()[-1]
        assert "v " in footer and app.screen is screen
    view = get_ticket(Store.open(store_copy), ticket)
    assert view.timeline[-1]["kind"] == "status" and view.timeline[-1]["to"] == "open"
    assert view.timeline[-1]["text"] == "the member called back: still locked"
    assert [e["action"] for e in Store.open(store_copy).iter_log("audit") if e.get("ticket") == ticket][-1] \
        == "ticket-reopen"
