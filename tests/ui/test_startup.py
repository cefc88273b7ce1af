"""Start-up in a worker: loading message, typing early, refusals, corrupt files, refresh."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from helpdesk_tui import search as search_module
from helpdesk_tui.operators import current_os_user
from helpdesk_tui.screens.message import MessageScreen
from helpdesk_tui.screens.search import SearchScreen
from helpdesk_tui.store import Store
from helpdesk_tui.widgets.member_table import MemberTable
from ui_helpers import edge, screen_text, wait_for, wait_ready


async def test_first_screen_shows_loading_and_keeps_early_typing(make_app, monkeypatch):
    release = threading.Event()
    real_build = search_module.MemberIndex.build

    def slow_build(records, **options):
        release.wait(10)
        return real_build(records, **options)

    monkeypatch.setattr(search_module.MemberIndex, "build", staticmethod(slow_build))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.store is not None)
        await pilot.pause()
        assert "Loading members…" in screen_text(app)
        await pilot.press(*"edge-locked")
        await pilot.pause()
        assert "your query runs when loading ends" in screen_text(app)
        release.set()
        await wait_ready(pilot)
        table = app.screen.query_one(MemberTable)
        assert [key.value for key in table.rows] == [edge("locked")]


def drop_operator(path: Path) -> None:
    store = Store.open(path)
    with store.transaction() as tx:
        tx.operators.delete(current_os_user())


@pytest.mark.parametrize("lang, words", [
    ("en", "unknown operator {name}: ask an admin to add you"),
    ("ja", "不明なオペレーター {name}: 管理者に追加を依頼してください"),
])
async def test_unknown_operator_sees_only_the_refusal(make_app, store_copy, members, lang, words):
    drop_operator(store_copy)
    app = make_app(lang, store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        await pilot.pause()
        text = screen_text(app)
        assert words.format(name=current_os_user()) in text
        assert app.index is None and app.store is None
        assert not any(record["name"][:4] in text for record in members.values() if record["name"])
        assert not any(isinstance(screen, SearchScreen) for screen in app.screen_stack)
        assert not app.screen.query(MemberTable)
        for key in ("slash", "question_mark", "ctrl+p", "ctrl+l"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MessageScreen), key
        app.open_member(edge("active"))
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_missing_store_says_how_to_create_one(make_app, tmp_path):
    missing = tmp_path / "nowhere"
    app = make_app("en", missing)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "No store" in text
        assert "helpdesk-tui demo --store" in text
        assert app.screen.kind == "store-missing"


def corrupt_a_member_file(path: Path) -> tuple[Path, str]:
    """Damage one member shard; returns it and the id of a member who lived in it."""
    victim = sorted((path / "members").glob("*.json"))[-1]
    member_id = json.loads(victim.read_text(encoding="utf-8"))["members"].popitem()[1]["id"]
    victim.write_text('{"members": {"1": [oops', encoding="utf-8")
    return victim, member_id


@pytest.mark.parametrize("lang, words", [("en", "the console is read-only"), ("ja", "コンソールは読み取り専用です")])
async def test_corrupt_file_shows_a_read_only_banner(make_app, store_copy, lang, words):
    victim, lost_member = corrupt_a_member_file(store_copy)
    app = make_app(lang, store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.corrupt_files))
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.read_only
        text = screen_text(app)
        assert words in text
        assert f"members/{victim.name}" in text
        # the rest of the tenant is still searchable; the damaged member says why not
        assert app.index is not None and len(app.index) > 0
        app.open_member(lost_member)
        await wait_for(pilot, lambda: getattr(app.screen, "error", None) is not None)
        await pilot.pause()
        assert {"en": "Cannot read this member", "ja": "このメンバーの情報を読み取れません"}[lang] in screen_text(app)


async def test_index_refreshes_when_another_process_writes(make_app, store_copy, members):
    app = make_app("en", store_copy, refresh_seconds=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"refresh-probe")
        await pilot.pause()
        assert app.screen.query_one(MemberTable).row_count == 0
        record = dict(members[edge("active")], id="refresh-probe@sample.co.jp",
                      email="refresh-probe@sample.co.jp", name="更新 確認", kana="こうしん かくにん")
        with Store.open(store_copy).transaction() as tx:
            tx.members.put(record)
        table = app.screen.query_one(MemberTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        assert "更新 確認" in screen_text(app)
