"""Member data is shown literally: never markup, never a terminal control sequence."""

from __future__ import annotations

from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.member_table import MemberTable
from ui_helpers import edge, screen_text, wait_member_view, wait_ready, widget_text

HOSTILE = ["name-markup", "name-close-tag", "name-ansi", "name-osc", "name-control",
           "name-bidi", "name-long", "name-emoji"]


async def test_hostile_names_appear_literally_in_the_results(make_app, members):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"edge-name")
        await pilot.pause()
        table = app.screen.query_one(MemberTable)
        shown = {key.value for key in table.rows}
        assert {edge(name) for name in HOSTILE} <= shown
        text = screen_text(app)
        assert "[bold]x[/]" in text
        assert "[/]" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "␛[31mred␛[0m" in text
        for name in HOSTILE:
            cell = table.get_cell(edge(name), "name")
            assert cell.plain == visible(members[edge(name)]["name"], max_length=200)
            assert not cell.spans  # no style came from the data


async def test_hostile_members_open_and_show_literally(make_app, members):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        for name in HOSTILE:
            member_id = edge(name)
            app.open_member(member_id)
            await wait_member_view(pilot, member_id)
            heading = widget_text(app.screen.query_one("#heading")).replace("\n", "")
            expected = visible(members[member_id]["name"], max_length=200)
            assert expected[:30] in heading, name
            text = screen_text(app)
            assert "\x1b" not in text and "\u202e" not in text, name
        for key in "234":  # the other panes render the same data
            await pilot.press(key)
            assert "\x1b" not in screen_text(app)


async def test_markup_in_the_query_is_harmless(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"[bold]")  # typed
        await pilot.pause()
        assert "[bold]" in screen_text(app)
        app.screen.query_one("#search").value = "[/foo]"  # pasted ("/" is the search key)
        await pilot.pause()
        assert "[/foo]" in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"[/]")
        await pilot.pause(0.3)
        assert "[/]" in screen_text(app)
