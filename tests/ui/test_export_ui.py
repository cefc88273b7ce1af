"""Pilot at 80×24: the blocked-member list modal (seed 003 「ブロックリストをダウンロードする」)
writes a real file in a worker, and shows refusals literally."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

from textual.widgets import Input

from helpdesk_tui.operators import current_os_user
from helpdesk_tui.screens.export_blocked import ExportBlockedModal, default_path
from helpdesk_tui.store import Store
from ui_helpers import screen_text, wait_for, wait_ready, widget_text

SEED_HEADERS = ["メンバー名", "メールアドレス", "職級", "電話番号", "携帯番号", "勤務先", "組織", "役職名"]


def set_role(path: Path, role: str) -> None:
    with Store.open(path).transaction() as tx:
        tx.operators.put({"username": current_os_user(), "role": role, "display_name": "テスト 担当"})


def blocked_count(path: Path) -> int:
    return sum(1 for m in Store.open(path).iter_members()
               if m.get("app_access_blocked") and m.get("status") != "deleted")


async def open_modal(pilot, folder: Path) -> tuple[ExportBlockedModal, list]:
    await wait_ready(pilot)
    results: list = []
    modal = ExportBlockedModal(folder)
    await pilot.app.push_screen(modal, results.append)
    await pilot.pause()
    return modal, results


def status(modal: ExportBlockedModal) -> str:
    return widget_text(modal.query_one("#export-status"), width=300)


async def type_path(pilot, modal: ExportBlockedModal, text: str, *, after: str = "") -> None:
    """``after`` put into the field, then ``text`` typed key by key as an operator does
    ("/" must reach the field, not the app's search key)."""
    field = modal.query_one(Input)
    field.value = after
    field.cursor_position = len(after)
    await pilot.press(*text)
    assert field.value == after + text


async def test_enter_writes_the_file_and_shows_count_and_path(make_app, store_copy, tmp_path):
    set_role(store_copy, "supervisor")
    app = make_app("ja", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        modal, results = await open_modal(pilot, tmp_path)
        shown = screen_text(app)
        assert "ブロックリストをダウンロード" in shown and "blocked-members-20261120.xlsx" in shown
        assert modal.query_one(Input).value == str(tmp_path / "blocked-members-20261120.xlsx")
        await type_path(pilot, modal, "/ブロック.csv", after=str(tmp_path))
        await pilot.press("enter")
        await wait_for(pilot, lambda: modal.result is not None)
        path = tmp_path / "ブロック.csv"
        count = blocked_count(store_copy)
        assert f"{count} 人のメンバーを {path} に書き出しました" in status(modal)
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
        assert rows[0] == SEED_HEADERS and len(rows) == count + 1
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        await pilot.press("enter")  # closes, returning the result
        await pilot.pause()
        assert results == [modal.result] and results[0].path == path
        assert not isinstance(app.screen, ExportBlockedModal)


async def test_an_existing_file_is_refused_then_ctrl_o_overwrites(make_app, store_copy, tmp_path):
    set_role(store_copy, "admin")
    target = tmp_path / "blocked-members-20261120.xlsx"
    target.write_bytes(b"old")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        modal, results = await open_modal(pilot, tmp_path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "already exists" in status(modal))
        assert "ctrl+o" in status(modal) and target.read_bytes() == b"old"
        assert modal.result is None and not modal.busy
        assert "already exists" in screen_text(app)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: modal.result is not None)
        assert target.read_bytes()[:2] == b"PK" and "members written to" in status(modal)
        await pilot.press("escape")
        await pilot.pause()
        assert results and results[0].format == "xlsx"


async def test_an_agent_sees_the_refusal_and_nothing_is_written(make_app, store_copy, tmp_path):
    app = make_app("en", path=store_copy)  # the UI demo store's operator is an agent
    async with app.run_test(size=(80, 24)) as pilot:
        modal, results = await open_modal(pilot, tmp_path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "supervisor" in status(modal))
        assert "only a supervisor or the top administrator" in status(modal)
        assert list(tmp_path.iterdir()) == [tmp_path / "store"]
        await pilot.press("escape")
        await pilot.pause()
        assert results == [None]


async def test_typed_markup_and_bad_paths_are_shown_literally(make_app, store_copy, tmp_path):
    set_role(store_copy, "admin")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        modal, _ = await open_modal(pilot, tmp_path)
        await type_path(pilot, modal, "[b]x[/b].txt")
        await pilot.press("enter")
        await pilot.pause()
        assert "must end in .xlsx or .csv: [b]x[/b].txt" in status(modal)
        await type_path(pilot, modal, "/[red]no[/red]/a.csv", after=str(tmp_path))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "does not exist" in status(modal))
        assert f"{tmp_path}/[red]no[/red]" in status(modal)
        assert modal.result is None


def test_default_path_shows_home_as_tilde():
    assert default_path("~") == "~/blocked-members-20261120.xlsx"
    assert default_path(Path.home() / "exports") == "~/exports/blocked-members-20261120.xlsx"
    assert default_path("/srv/x") == "/srv/x/blocked-members-20261120.xlsx"
