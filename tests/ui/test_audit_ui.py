"""Pilot at 80×24: the audit screen — entries newest first, ``v`` verifies the chain (and
names the bad entry after someone edited a log file), ``f`` cycles the filters that
apply, an agent sees only their own entries, hostile text stays literal; ja and en."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpdesk_tui import audit
from helpdesk_tui.screens.audit import AuditScreen
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket
from helpdesk_tui.operators import current_os_user
from helpdesk_tui.widgets.audit_table import AuditTable
from ui_helpers import edge, screen_text, wait_for, wait_ready

HOSTILE = "[bold]x[/] \x1b[31mred"
# The demo store's operator (tests/ui/conftest.py), spelled out: `from conftest import`
# picks whichever conftest was imported last when several test folders run together.
OPERATOR = {"username": current_os_user(), "role": "agent", "display_name": "テスト 担当"}


def add_entries(path: Path) -> None:
    """T-000001 (me, locked), T-000002 (bob, landline), T-000003 (me, active), then a
    refused entry by bob about a member id carrying markup and an escape sequence."""
    store = Store.open(path)
    open_ticket(store, OPERATOR, edge("locked"), "cannot-login")
    open_ticket(store, "bob", edge("landline"), "sms-not-arriving")
    open_ticket(store, OPERATOR, edge("active"), "id-forgotten")
    with store.transaction() as tx:
        audit.record(tx, operator="bob", action="member-suspend", outcome="refused", member=HOSTILE,
                     reason="not-allowed")


def set_role(path: Path, role: str) -> None:
    store = Store.open(path)
    with store.transaction() as tx:
        tx.operators.put({**OPERATOR, "role": role})


@pytest.fixture(scope="module")
def audit_store(store_path, tmp_path_factory) -> Path:
    """The demo store with four audit entries; the current user is an agent."""
    target = tmp_path_factory.mktemp("audit") / "store"
    shutil.copytree(store_path, target)
    add_entries(target)
    return target


@pytest.fixture
def supervisor_store(audit_store, tmp_path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(audit_store, target)
    set_role(target, "supervisor")
    return target


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(AuditTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_audit(pilot, **kwargs) -> AuditScreen:
    await wait_ready(pilot)
    await pilot.app.push_screen(AuditScreen(**kwargs))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AuditScreen) and pilot.app.screen.entries is not None)
    await pilot.pause()
    return pilot.app.screen


async def verified(pilot) -> str:
    await pilot.press("v")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.report not in (None, "running") or screen.verify_error)
    await pilot.pause()
    return screen_text(pilot.app)


async def next_filter(pilot, name: str) -> None:
    await pilot.press("f")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.filter == name and screen.entries is not None)
    await pilot.pause()


@pytest.mark.parametrize("lang, words, intact", [
    ("en", ["Audit log · All", "Time", "Operator", "Outcome", "refused", "Verify"], "chain intact (head: seq 4"),
    ("ja", ["監査ログ · すべて", "日時", "担当者", "結果", "拒否", "検証"], "チェーンは改ざんされていません"),
])
async def test_entries_newest_first_and_v_verifies(make_app, supervisor_store, lang, words, intact):
    app = make_app(lang, path=supervisor_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        shown = rows(app)
        opened = {"en": "Ticket opened", "ja": "チケット受付"}[lang]  # worded, not the id "ticket-open"
        assert [row[2] for row in shown] == ["member-suspend", opened, opened, opened]
        assert [row[5] for row in shown] == ["", "T-000003", "T-000002", "T-000001"]
        assert shown[1][0] == "11-20 10:00"
        text = screen_text(app)
        for word in words:
            assert word in text, word
        assert "esc" in text.splitlines()[-1] and "f" in text.splitlines()[-1]
        text = await verified(pilot)
        assert intact in " ".join(text.split())


async def test_v_names_the_altered_entry_after_a_log_file_was_edited(make_app, supervisor_store):
    segment = next((supervisor_store / "logs" / "audit").glob("*.jsonl"))
    lines = segment.read_text(encoding="ascii").splitlines(keepends=True)
    lines[1] = lines[1].replace("landline", "l4ndline")  # entry seq 2, line 2
    segment.write_text("".join(lines), encoding="ascii")
    app = make_app("en", path=supervisor_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        text = await verified(pilot)
        flat = " ".join(text.split())
        assert "Chain broken at seq 2" in flat and "line 2" in flat and "altered" in flat
        assert "-broken" in app.screen.query_one("#audit-verify").classes
        await pilot.press("ctrl+l")  # the verdict follows the language switch
        await pilot.pause()
        assert "通番2でチェーンが壊れています" in "".join(screen_text(app).split())


async def test_f_cycles_the_filters_that_apply(make_app, supervisor_store):
    app = make_app("ja", path=supervisor_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot, member=edge("locked"), ticket="T-000002")
        assert screen.filters() == ["all", "member", "ticket", "mine"]
        assert screen.filter == "ticket"  # the narrowest given
        assert [row[5] for row in rows(app)] == ["T-000002"]
        await next_filter(pilot, "mine")
        assert [row[5] for row in rows(app)] == ["T-000003", "T-000001"]
        assert "監査ログ · 自分" in screen_text(app)
        await next_filter(pilot, "all")
        assert len(rows(app)) == 4
        await next_filter(pilot, "member")
        assert [row[5] for row in rows(app)] == ["T-000001"]
        assert "メンバー edge-locked@sample.co.jp" in screen_text(app)


async def test_an_agent_sees_only_their_own_entries(make_app, audit_store):
    app = make_app("en", path=audit_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot, operator="bob")
        assert screen.filters() == ["all", "operator"]  # no "mine": all is theirs already
        assert screen.filter == "operator" and rows(app) == []  # bob's entries are not theirs
        assert "As an agent you see only your own entries." in " ".join(screen_text(app).split())
        await next_filter(pilot, "all")
        assert [row[5] for row in rows(app)] == ["T-000003", "T-000001"]


async def test_hostile_text_is_shown_literally(make_app, supervisor_store):
    app = make_app("en", path=supervisor_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(pilot)
        table = app.screen.query_one(AuditTable)
        member = table.get_row_at(0)[4]
        assert member.plain.startswith("[bold]x[/]") and not member.spans
        detail = " ".join(screen_text(app).split())
        assert "[bold]x[/] ␛[31mred" in detail  # the detail line under the table
        assert "\x1b" not in screen_text(app)
