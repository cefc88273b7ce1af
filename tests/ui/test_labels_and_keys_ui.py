"""Small items of issue 14 (item 17): every action-menu row has a key (rows 10–14 are 0, a,
b, c, d), and one label for a member locked by failed logins."""

from __future__ import annotations

import pytest

from helpdesk_tui.screens.action_menu import ActionMenu
from helpdesk_tui.screens.action_pane import ActionScreen
from ui_helpers import edge, screen_text, wait_for, wait_ready


@pytest.mark.parametrize("key, row", [("0", 10), ("a", 11), ("d", 14)])
async def test_rows_past_nine_open_with_their_key(make_app, key, row):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action_menu(edge("active"))
        await wait_for(pilot, lambda: isinstance(app.screen, ActionMenu) and app.screen.checks)
        await pilot.pause()
        menu = app.screen
        assert len(menu.actions) == 14
        wanted = menu.actions[row - 1]
        label = app.t(f"action.{wanted}")
        table = menu.query_one("ActionTable")
        assert table.get_row_at(row - 1)[0].plain == key  # the key is shown on its row
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen))
        assert app.screen.action == wanted and label in screen_text(app).splitlines()[0]


def test_the_list_and_the_view_name_a_status_with_the_same_word():
    """"Locked" in the search list, "Locked (failed logins)" in the view (was "Suspended
    (failed logins)"): the short label is the start of the full one, for every status."""
    from helpdesk_tui.glossary import MEMBER_STATUSES
    from helpdesk_tui.i18n import catalogue

    labels = catalogue("en")
    for status in MEMBER_STATUSES:
        short, full = labels.t(f"status-short.{status}"), labels.t(f"status.{status}")
        assert full.startswith(short), (status, short, full)
    assert labels.t("status.suspended-login-failure") == "Locked (failed logins)"


async def test_down_down_enter_in_one_burst_opens_the_third_action(make_app):
    from test_type_ahead import burst

    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action_menu(edge("active"))
        await wait_for(pilot, lambda: isinstance(app.screen, ActionMenu) and app.screen.checks)
        await pilot.pause()
        wanted = app.screen.actions[2]
        burst(app, ["down", "down", "enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen))
        assert app.screen.action == wanted
