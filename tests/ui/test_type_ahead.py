"""Type-ahead (issue 14, item 2): keys typed before the results appear apply to the results
of the query typed — a burst of ``080`` ↓↓↓↓↓ ⏎, as SSH delivers fast typing, opens the
same member as the same keys typed slowly."""

from __future__ import annotations

import threading

from textual import events

from helpdesk_tui.screens.member import MemberScreen
from helpdesk_tui.screens.search import SearchScreen
from ui_helpers import wait_for, wait_ready

KEYS = ["0", "8", "0", "down", "down", "down", "down", "down", "enter"]


def member_shown(app) -> bool:
    """A member screen that has read and shown its member (not one still mounting)."""
    return isinstance(app.screen, MemberScreen) and app.screen.now is not None


def burst(app, keys) -> None:
    """Every key event queued at once, without yielding to the app in between."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def paced_choice(make_app, query: str, downs: int) -> str:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        for key in query:
            await pilot.press(key)
            await pilot.pause()
        for _ in range(downs):
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: member_shown(app))
        return app.screen.member_id


async def test_a_burst_after_the_index_is_ready_opens_the_row_typed_for(make_app):
    expected = await paced_choice(make_app, "080", 5)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        results = app.index.search("080", limit=200).rows
        assert len(results) >= 6 and expected == results[4]["id"]
        burst(app, KEYS)
        await wait_for(pilot, lambda: member_shown(app))
        assert app.screen.member_id == expected


async def test_pilot_presses_without_pauses_open_the_row_typed_for(make_app):
    expected = await paced_choice(make_app, "080", 5)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*KEYS)
        await wait_for(pilot, lambda: member_shown(app))
        assert app.screen.member_id == expected


async def test_keys_typed_while_the_index_loads_apply_once_it_is_ready(make_app, monkeypatch):
    from helpdesk_tui.search import MemberIndex

    expected = await paced_choice(make_app, "080", 5)
    loaded = threading.Event()  # the real index, built only once the keys are typed
    build = MemberIndex.build.__func__
    monkeypatch.setattr(MemberIndex, "build", classmethod(
        lambda cls, *a, **kw: loaded.wait(10) and build(cls, *a, **kw)))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.index is None
        burst(app, KEYS)  # before the member index exists
        await pilot.pause(0.2)
        assert isinstance(app.screen, SearchScreen)
        loaded.set()
        await wait_for(pilot, lambda: member_shown(app), timeout=10)
        assert app.screen.member_id == expected


async def test_an_action_key_typed_before_the_menu_is_checked_opens_that_action(make_app, monkeypatch):
    """`a` then `1` in one burst: the menu's preflights (a store read per action) are not in
    yet when `1` arrives; the key is kept and opens the action shown on row 1, not lost."""
    import time

    from helpdesk_tui.screens import action_menu
    from helpdesk_tui.screens.action_pane import ActionScreen
    from ui_helpers import edge, wait_member_view

    real = action_menu.preflight

    def slow_preflight(*args, **kwargs):  # a busy shared host: each check takes a while
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(action_menu, "preflight", slow_preflight)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_member(edge("suspicious"))
        await wait_member_view(pilot, edge("suspicious"))
        await pilot.press("a", "1")
        menu = app.screen
        assert isinstance(menu, action_menu.ActionMenu) and not menu.checks  # typed ahead of the checks
        shown_first = menu.actions[0]
        await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen), timeout=10)
        assert app.screen.action == shown_first
