"""The device view (issue 14, item 13): enter on a device opens it — vendor ID, serial,
apps with versions, MDM state, wipe / factory-reset state, first and last seen — and its
wipe pane starts on that device."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from helpdesk_tui.screens.action_pane import ActionScreen
from helpdesk_tui.screens.device import DeviceScreen
from helpdesk_tui.store import Store
from test_actions_ui import QUIET, prepare
from ui_helpers import edge, screen_text, wait_for, wait_member_view, wait_ready, widget_text


async def open_device_of(pilot, member: str, device_id: str) -> DeviceScreen:
    app = pilot.app
    await wait_ready(pilot)
    app.open_member(edge(member))
    await wait_member_view(pilot, edge(member))
    await pilot.press("3")  # the devices pane
    await pilot.pause()
    table = app.screen.query_one("#devices-pane").query_one(DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(device_id))
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DeviceScreen) and app.screen.device is not None)
    await pilot.pause()
    return app.screen


def facts(screen) -> str:
    return widget_text(screen.query_one("#device-facts"))


@pytest.mark.parametrize("lang, words", [
    ("en", ["Vendor ID", "Serial number", "Apps (version)", "enrolled", "App data wiped", "never", "First seen"]),
    ("ja", ["ベンダー ID", "シリアル番号", "アプリ (版)", "登録済み", "アプリデータ削除", "なし"]),
])
async def test_enter_on_a_device_shows_everything_about_it(make_app, store_path, lang, words):
    device = next(d for d in Store.open(store_path).devices_for(edge("mdm")) if d["mdm_registered"])
    app = make_app(lang, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_device_of(pilot, "mdm", device["device_id"])
        shown = facts(screen)
        for word in words + [device["vendor_id"], device["serial"], device["device_id"]]:
            assert word in shown, word
        for installed in device["apps"]:
            assert installed["name"] in shown and installed["version"] in shown
        await pilot.press("question_mark")  # its keys are listed in ?
        await pilot.pause()
        assert app.t("key.device-wipe") in screen_text(app) and app.t("key.device-reset") in screen_text(app)


async def test_the_wipe_pane_from_the_device_screen_wipes_that_device(make_app, store_copy):
    prepare(store_copy, "supervisor")
    devices = [d for d in Store.open(store_copy).devices_for(edge("mdm")) if d["mdm_registered"]]
    target = devices[-1]
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_device_of(pilot, "mdm", target["device_id"])
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen) and app.screen.pre is not None)
        pane = app.screen
        await pilot.pause()
        assert pane.targets.current_key == target["device_id"]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pane.final == "done")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen and screen.device.get("app_data_wiped_at"))
        await pilot.pause()
        assert "never" not in facts(screen).split("App data wiped", 1)[1].splitlines()[0]
    wiped = [d for d in Store.open(store_copy).devices_for(edge("mdm")) if d.get("app_data_wiped_at")]
    assert [d["device_id"] for d in wiped] == [target["device_id"]]
