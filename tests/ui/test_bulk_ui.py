"""Pilot at 80×24: the bulk login-info change request (seed 003) — reached from the
palette, a live preview of whom it reaches, the count typed back, a mismatch refused."""

from __future__ import annotations

from textual import events
from textual.command import CommandPalette

from helpdesk_tui.screens.bulk_request import BulkRequestScreen
from helpdesk_tui.store import Store
from conftest import OPERATOR
from ui_helpers import edge, screen_text, wait_for, wait_ready, widget_text

ACTION = "request-login-info-change"

# The app's own 2-second "did the store change?" poll would re-read what these tests
# write while the test is already shutting the app down; the panes refresh the screens
# below themselves, so the poll is kept quiet here.
QUIET = 600.0


def set_role(path, role: str) -> None:
    store = Store.open(path)
    with store.transaction() as tx:
        tx.operators.put({**OPERATOR, "role": role})


def flat(text: str) -> str:
    return "".join(text.split())


async def paste(pilot, screen: BulkRequestScreen, lines: list[str]) -> None:
    """As a terminal delivers a paste, into the focused list; until the preview follows."""
    assert pilot.app.focused is screen.query_one("#bulk-ids")
    pilot.app.post_message(events.Paste("\n".join(lines)))
    await wait_for(pilot, lambda: screen.plan is not None and len(screen.ids) == len(set(lines)))
    await pilot.pause()


def preview(screen) -> str:
    return flat(widget_text(screen.query_one("#bulk-preview")))


def status(screen) -> str:
    return flat(widget_text(screen.query_one("#bulk-status")))


async def test_palette_opens_it_and_the_preview_counts_every_kind(make_app, store_copy):
    set_role(store_copy, "supervisor")
    app = make_app("ja", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"ログイン情報")
        await pilot.pause(0.3)
        assert "ログイン情報の変更を要請 (複数メンバー)" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkRequestScreen))
        screen = app.screen
        await pilot.pause()
        await paste(pilot, screen, [edge("active"), edge("password-requested"), edge("admin"),
                                    edge("deleted-3d"), edge("pending"), "nobody@sample.co.jp", edge("active")])
        text = preview(screen)
        assert flat("対象: 3 人") in text
        assert flat("見つからない 1 件: nobody@sample.co.jp") in text
        assert flat(f"削除済み・登録待ち 2 人 (含まれている間は要請できません): {edge('deleted-3d')}, {edge('pending')}") in text
        assert flat(f"管理者のアカウント 1 人 (含められるのは最高管理者のみ): {edge('admin')}") in text
        assert flat(f"要請済み 1 人 (再度要請されます): {edge('password-requested')}") in text
        assert flat("確認のため人数 (3) を入力してください") in flat(screen_text(app))
        await pilot.press("tab", *"6", "ctrl+s")  # refused as a whole: one is not found
        await wait_for(pilot, lambda: screen.outcome[0] == "refused")
        await pilot.pause()
        problem = screen.outcome[1]
        assert problem.code == "members-not-found" and flat(problem.message("ja")) in status(screen)
    store = Store.open(store_copy)
    assert not store.get_member(edge("active")).get("password_change_requested")
    assert [e["outcome"] for e in store.iter_log("audit") if e.get("action") == ACTION] == ["refused"]


async def test_count_typed_back_sends_it_and_a_mismatch_is_refused(make_app, store_copy):
    set_role(store_copy, "supervisor")
    ids = [edge("active"), edge("landline"), edge("abroad")]
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_bulk_request()
        await wait_for(pilot, lambda: isinstance(app.screen, BulkRequestScreen))
        screen = app.screen
        await pilot.pause()
        await paste(pilot, screen, ids)
        assert flat("Reaches 3 member(s).") in preview(screen)
        await pilot.press("tab", "2", "ctrl+s")
        await wait_for(pilot, lambda: screen.outcome[0] == "refused")
        await pilot.pause()
        assert flat("refused: you typed 2, but the request reaches 3 members; nothing was done") in status(screen)
        assert not any(Store.open(store_copy).get_member(m).get("password_change_requested") for m in ids)
        await pilot.press("backspace", "3", "ctrl+s")
        await wait_for(pilot, lambda: screen.outcome[0] == "done")
        await wait_for(pilot, lambda: screen.plan is not None and len(screen.plan.already) == 3)
        await pilot.pause()
        assert flat("Requested: 3 member(s) were asked to change their login information.") in status(screen)
        assert flat("3 already asked") in preview(screen)
    store = Store.open(store_copy)
    assert all(store.get_member(m)["password_change_requested"] for m in ids)
    outcomes = [e["outcome"] for e in store.iter_log("audit") if e.get("action") == ACTION]
    assert outcomes == ["refused", "done", "done", "done"]
    assert {e["member_id"] for e in store.iter_log("outbox") if e["action"] == ACTION} == set(ids)
