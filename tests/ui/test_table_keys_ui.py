"""Home / End / PageUp / PageDown move the cursor in every table (issue 14, items 8 and
15), and the queue lists an urgent ticket first, then the longest waiting."""

from __future__ import annotations

from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket
from helpdesk_tui.widgets.member_table import MemberTable
from helpdesk_tui.widgets.ticket_table import TicketTable
from conftest import OPERATOR
from test_queue_ui import open_queue, opened_at
from ui_helpers import edge, wait_ready


async def test_the_queue_puts_the_urgent_ticket_first_and_end_reaches_the_last(make_app, store_copy):
    store = Store.open(store_copy)
    low = opened_at(90, open_ticket, store, OPERATOR, edge("active"), "cannot-login", priority="low")["id"]
    normal = opened_at(60, open_ticket, store, OPERATOR, edge("landline"), "sms-not-arriving")["id"]
    urgent = opened_at(5, open_ticket, store, OPERATOR, edge("suspicious"), "account-compromised",
                       priority="urgent")["id"]
    older_normal = opened_at(120, open_ticket, store, OPERATOR, edge("locked"), "cannot-login")["id"]
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        table = app.screen.query_one(TicketTable)
        assert [str(key.value) for key in table.rows] == [urgent, older_normal, normal, low]
        await pilot.press("end")
        assert table.current_key == low
        await pilot.press("home")
        assert table.current_key == urgent


async def test_home_end_and_pages_in_the_search_results(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("down")  # from the box to the results (all 60 members)
        table = app.screen.query_one(MemberTable)
        assert table.has_focus and table.row_count == 60
        await pilot.press("end")
        assert table.cursor_row == 59
        await pilot.press("pageup")
        assert 0 < table.cursor_row < 59
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        assert table.cursor_row > 1


async def test_end_then_enter_in_one_burst_opens_the_last_ticket(make_app, store_copy):
    """A burst (as SSH delivers fast typing): enter must not overtake the end before it."""
    from helpdesk_tui.screens.ticket import TicketScreen
    from test_type_ahead import burst
    from ui_helpers import wait_for

    store = Store.open(store_copy)
    first = opened_at(5, open_ticket, store, OPERATOR, edge("suspicious"), "account-compromised",
                      priority="urgent")["id"]
    last = opened_at(60, open_ticket, store, OPERATOR, edge("active"), "cannot-login", priority="low")["id"]
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        assert app.screen.query_one(TicketTable).current_key == first
        burst(app, ["end", "enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
        assert app.screen.ticket_id == last
