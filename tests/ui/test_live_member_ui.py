"""Pilot against the loopback LINE WORKS stand-in: the member view reads its member from
the API on open and on ``r`` (one GET each, never a list), shows the API's LOGIN_FAIL where
the mirror says active, marks the mirror "not live" when the API is down, lists what was
sent to the member; the first screen never waits for the sync."""

from __future__ import annotations

from test_backend_ui import lineworks  # noqa: F401,F811  (the fixture: backend on the fake API)
from ui_helpers import THEME, screen_text, wait_for, wait_ready

MEMBER = "edge-active@sample.co.jp"


async def open_view(app, pilot):
    from helpdesk_tui.screens.member import MemberScreen

    await wait_ready(pilot)
    await wait_for(pilot, lambda: (app.sync_state or {}).get("phase") == "done", timeout=10)
    app.open_member(MEMBER)
    await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen) and app.screen.view is not None
                   and app.screen.live is not None, timeout=10)
    await pilot.pause()


def app_on(store_copy, backend, lang="en"):
    from helpdesk_tui.app import HelpdeskApp

    app = HelpdeskApp(store_copy, lang, theme=THEME, backend=backend)
    app.animation_level = "none"
    return app


async def test_the_member_view_shows_the_apis_login_fail_read_once_per_open(store_copy, lineworks):
    backend, fake = lineworks
    fake.users[MEMBER].update(isSuspended=True, suspendedReason="LOGIN_FAIL")
    app = app_on(store_copy, backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: (app.sync_state or {}).get("phase") == "done", timeout=10)
        fake.users[MEMBER].update(isSuspended=False)  # the mirror now says active…
        backend.sync(app.store)
        fake.users[MEMBER].update(isSuspended=True, suspendedReason="LOGIN_FAIL")  # …the API LOGIN_FAIL
        gets, lists = fake.count("GET", "/users/{id}"), fake.count("GET", "/users")
        app.open_member(MEMBER)
        from helpdesk_tui.screens.member import MemberScreen
        await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen) and app.screen.live is not None,
                       timeout=10)
        await pilot.pause()
        text = screen_text(app)
        assert "Locked (failed logins)" in text
        assert "LINE WORKS · live" in text
        assert fake.count("GET", "/users/{id}") == gets + 1 and fake.count("GET", "/users") == lists
        await pilot.press("r")  # read again: one more GET
        await wait_for(pilot, lambda: fake.count("GET", "/users/{id}") == gets + 2, timeout=10)
        assert fake.count("GET", "/users") == lists


async def test_api_down_shows_the_mirror_marked_not_live(store_copy, lineworks):
    backend, fake = lineworks
    app = app_on(store_copy, backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: (app.sync_state or {}).get("phase") == "done", timeout=10)
        backend._client.max_retries = 0  # fail fast: the point is the marker, not the backoff
        fake.down()
        from helpdesk_tui.screens.member import MemberScreen
        app.open_member(MEMBER)
        await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen) and app.screen.live is not None,
                       timeout=15)
        await pilot.pause()
        text = screen_text(app)
        assert "not live — mirror as of" in text
        assert "Active" in text  # the mirror's copy, marked


async def test_search_says_directory_as_of_and_the_first_screen_does_not_wait_for_the_sync(store_copy, lineworks):
    backend, fake = lineworks
    fake.delay_next(1, 2.0)  # the first list page is slow
    app = app_on(store_copy, backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)  # the index of the mirror is ready…
        assert (app.sync_state or {}).get("phase") in (None, "running")  # …while the sync still runs
        assert "Syncing LINE WORKS" in screen_text(app) or app.sync_state is None
        await wait_for(pilot, lambda: (app.sync_state or {}).get("phase") == "done", timeout=15)
        await pilot.pause()
        assert "directory as of" in screen_text(app)


async def test_the_messages_pane_shows_each_message_and_its_state(store_copy, lineworks):
    from helpdesk_tui.actions import run_action
    from helpdesk_tui.delivery import deliver_once, make_channels
    from helpdesk_tui.operators import require_operator
    from helpdesk_tui.store import Store

    backend, fake = lineworks
    store = Store.open(store_copy)
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(MEMBER), "recovery_mobile": "090-1234-5678"})
        tx.operators.put({**tx.operators.get(require_operator(store)["username"]), "role": "supervisor"})
    fake.users[MEMBER]["cellPhone"] = "090-1234-5678"
    run_action(store, require_operator(store), "force-logout", MEMBER, backend=backend)
    deliver_once(store, make_channels(smtp=None))
    app = app_on(store_copy, backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_view(app, pilot)
        await pilot.press("5")
        await pilot.pause()
        text = screen_text(app)
        assert "Messages to the member" in text
        assert "not sent: no SMS gateway" in text
        assert "read it out to the member on the callback" in text


async def test_with_the_api_down_the_action_pane_refuses_plainly(store_copy, lineworks):
    from helpdesk_tui.screens.action_pane import ActionScreen

    backend, fake = lineworks
    app = app_on(store_copy, backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: (app.sync_state or {}).get("phase") == "done", timeout=10)
        backend._client.max_retries = 0
        fake.down()
        app.open_action(MEMBER, "request-password-change")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen))
        await wait_for(pilot, lambda: "cannot be reached" in screen_text(app).replace("\n", " "), timeout=15)
    assert fake.count("POST") == 0
