"""Pilot: the seed-003 security view of the demo's edge-case members."""

from __future__ import annotations

import pytest

from helpdesk_tui.widgets.access_history import AccessHistory
from helpdesk_tui.widgets.device_list import DeviceList
from helpdesk_tui.widgets.fact_list import FactList
from ui_helpers import edge, screen_text, wait_member_view, wait_ready, widget_text


async def open_member(pilot, member_id: str) -> None:
    await wait_ready(pilot)
    pilot.app.open_member(member_id)
    await wait_member_view(pilot, member_id)


def summary_text(app) -> str:
    """The heading and every fact of the summary pane, scrolled into view or not."""
    parts = app.screen.query("#summary-pane #heading, #summary-pane FactList")
    return "\n".join(widget_text(part) for part in parts)


def table_text(app, widget_type) -> str:
    widget = app.screen.query_one(widget_type)
    table = widget.query_one("DataTable")
    title = widget_text(widget.query_one("Static"))
    cells = [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
    return "\n".join([title, *cells])


# member → (language, phrases the summary must show)
SUMMARY_CASES = {
    "locked": ("ja", ["一時停止 (ログイン失敗)", "連続したログイン失敗によりロックされています"]),
    "suspended": ("en", ["Suspended (by admin)", "suspended by an administrator"]),
    "pending": ("ja", ["登録待ち"]),
    "away": ("en", ["Away"]),
    "blocked": ("ja", ["アクセスブロック中", "ブラウザ版は利用可"]),
    "deleted-3d": ("en", ["Deleted", "restorable until 2026-11-24"]),
    "deleted-8d": ("en", ["Deleted", "the restore window ended"]),
    "landline": ("en", ["landline numbers cannot receive the SMS code"]),
    "ip-phone": ("ja", ["IP 電話 (050)のため SMS の認証コードを受信できません"]),
    "m2m": ("en", ["M2M / pager (020) numbers cannot receive the SMS code"]),
    "hyphens": ("ja", ["ハイフンを含む"]),
    "fullwidth": ("en", ["contains full-width digits"]),
    "no-recovery": ("en", ["No recovery contact registered"]),
    "password-requested": ("ja", ["管理者がパスワードの変更を要請"]),
    "top-admin": ("ja", ["最高管理者"]),
    "admin": ("en", ["Admin"]),
    "line-initial-id": ("en", ["Logged in with LINE"]),
}


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_summary_states_the_problem_in_words(make_app, lang):
    cases = {name: phrases for name, (case_lang, phrases) in SUMMARY_CASES.items() if case_lang == lang}
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        for name, phrases in cases.items():
            app.open_member(edge(name))
            await wait_member_view(pilot, edge(name))
            text = summary_text(app)
            for phrase in phrases:
                assert phrase in text, f"{name}: {phrase!r} missing from\n{text}"


async def test_last_access_and_profile(make_app, members):
    record = members[edge("active")]
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_member(pilot, edge("active"))
        text = summary_text(app)
        access = record["last_access"]
        assert access["environment"] in text and access["ip"] in text and access["country"] in text
        for field in ("department", "workplace", "mobile"):
            assert record[field] in text
        assert "can receive SMS" in text


async def test_panes_devices_history_and_login_info(make_app, members):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_member(pilot, edge("mdm"))
        await pilot.press("3")
        assert app.screen.query_one("TabbedContent").active == "devices"
        devices = table_text(app, DeviceList)
        assert "登録済み" in devices and "使用中のデバイス: 2 台" in devices
        assert "登録済み" in screen_text(app)

        await pilot.press("2")
        history = table_text(app, AccessHistory)
        assert "直近 90 日間のアクセス" in history
        assert "接続中" in history or "接続切れ" in history

        await pilot.press("4")
        login = widget_text(app.screen.query_one("#login-pane FactList"))
        assert edge("mdm") in login and "ID 変更" in login

        await pilot.press("1")
        assert app.screen.query_one("TabbedContent").active == "summary"


async def test_connected_sessions_are_marked(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_member(pilot, edge("suspicious"))
        await pilot.press("2")
        history = table_text(app, AccessHistory)
        assert "connected" in history
        locked = edge("locked")
        app.open_member(locked)
        await wait_member_view(pilot, locked)
        await pilot.press("2")
        history = table_text(app, AccessHistory)
        assert "(0 connected)" in history  # seed data: a locked member's sessions are cut


async def test_initial_id_states(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_member(pilot, edge("line-initial-id"))
        login = widget_text(app.screen.query_one("#login-pane FactList"))
        assert "auto-generated initial ID: an admin can change it once" in login
        app.open_member(edge("line-id-changed"))
        await wait_member_view(pilot, edge("line-id-changed"))
        login = widget_text(app.screen.query_one("#login-pane FactList"))
        assert "initial ID already changed" in login


async def test_unknown_member_is_reported_not_crashed(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_member(pilot, "nobody@sample.co.jp")
        assert "Member nobody@sample.co.jp was not found" in screen_text(app)


async def test_view_is_read_only(make_app):
    """No action buttons yet: the action panes come with a later issue."""
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_member(pilot, edge("locked"))
        assert not app.screen.query("Button")
        assert all(isinstance(w, FactList) for w in app.screen.query("#summary-pane FactList"))
