"""Pilot: the ticket queue — order and waits, filters, enter, refresh, the empty queue."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from helpdesk_tui import clock
from helpdesk_tui.screens.queue import QueueScreen
from helpdesk_tui.screens.search import SearchScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket, set_status
from helpdesk_tui.widgets.ticket_table import TicketTable
from conftest import OPERATOR
from ui_helpers import NOW, edge, screen_text, wait_for, wait_ready, widget_text


def opened_at(minutes_ago: int, write, *args, **kwargs):
    """Run a ticket write with the clock ``minutes_ago`` before NOW."""
    clock.pin(NOW - timedelta(minutes=minutes_ago))
    try:
        return write(*args, **kwargs)
    finally:
        clock.pin(NOW)


def add_tickets(path) -> None:
    """T-000001 waiting 2h05m (mine), T-000002 1d6h (bob's, urgent), T-000003 pending 12m
    (mine, hostile member name), T-000004 resolved (history only)."""
    store = Store.open(path)
    opened_at(125, open_ticket, store, OPERATOR, edge("locked"), "cannot-login")
    opened_at(30 * 60, open_ticket, store, "bob", edge("landline"), "sms-not-arriving", priority="urgent")
    opened_at(12, open_ticket, store, OPERATOR, edge("name-markup"), "domain-change", channel="chat")
    opened_at(10, set_status, store, OPERATOR, "T-000003", "pending")
    opened_at(3 * 24 * 60, open_ticket, store, OPERATOR, edge("active"), "id-forgotten")
    opened_at(3 * 24 * 60 - 95, set_status, store, OPERATOR, "T-000004", "resolved")


@pytest.fixture(scope="module")
def queue_store(store_path, tmp_path_factory):
    """A store copy with four tickets; the queue tests only read it."""
    target = tmp_path_factory.mktemp("queue") / "store"
    shutil.copytree(store_path, target)
    add_tickets(target)
    return target


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(TicketTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_queue(pilot) -> QueueScreen:
    """From the search screen, ctrl+t; until the tickets are read."""
    await wait_ready(pilot)
    await pilot.press("ctrl+t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QueueScreen) and pilot.app.screen.tickets is not None)
    await pilot.pause()
    return pilot.app.screen


async def filtered(pilot, key: str, name: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.screen.filter == name and pilot.app.screen.tickets is not None)
    await pilot.pause()


@pytest.mark.parametrize("lang, waits, words", [
    ("en", ["1d6h", "2h05m", "12m"], ["Ticket queue · Active", "3 ticket(s) · longest waiting 1d6h", "Urgent"]),
    ("ja", ["1日6時間", "2時間05分", "12分"], ["チケット一覧 · 未完了", "3 件 · 最長待ち時間 1日6時間", "緊急"]),
])
async def test_ctrl_t_shows_the_queue_longest_waiting_first(make_app, queue_store, members, lang, waits, words):
    app = make_app(lang, path=queue_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        shown = rows(app)
        assert [row[0] for row in shown] == ["T-000002", "T-000001", "T-000003"]  # T-000004 is resolved
        assert [row[2] for row in shown] == waits
        assert shown[0][5] == members[edge("landline")]["name"]
        assert shown[2][5] == "[bold]x[/]"  # the hostile name, literally
        text = screen_text(app)
        for word in words:
            assert word in text
        assert "[bold]x[/]" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)


async def test_filters_by_single_keys(make_app, queue_store):
    app = make_app("en", path=queue_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        cases = [("o", "open", ["T-000002", "T-000001"], "Ticket queue · Open"),
                 ("p", "pending", ["T-000003"], "Ticket queue · Pending"),
                 ("m", "mine", ["T-000001", "T-000003"], "Ticket queue · Mine"),
                 ("c", "history", ["T-000004"], "Ticket queue · Resolved / closed"),
                 ("a", "active", ["T-000002", "T-000001", "T-000003"], "Ticket queue · Active")]
        for key, name, ids, title in cases:
            await filtered(pilot, key, name)
            assert [row[0] for row in rows(app)] == ids, name
            assert title in screen_text(app).splitlines()[0]
            if name == "history":  # how long it stayed open, under its own heading
                assert rows(app)[0][2] == "1h35m" and "Took" in screen_text(app)


async def test_enter_opens_the_ticket_under_the_cursor(make_app, queue_store):
    app = make_app("en", path=queue_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.view is not None)
        assert app.screen.ticket_id == "T-000001"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.query_one(TicketTable).current_ticket_id == "T-000001"


async def test_an_empty_queue_says_so(make_app, store_copy):
    app = make_app("ja", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        assert screen.has_class("-empty")
        text = widget_text(screen.query_one("#queue-empty"))
        assert "対応中・保留のチケットはありません" in text
        await filtered(pilot, "c", "history")
        assert "解決済み・クローズのチケットはまだありません" in screen_text(app)
        await pilot.press("enter")  # nothing to open
        assert isinstance(app.screen, QueueScreen)


async def test_tickets_written_elsewhere_appear_on_reload(make_app, store_copy):
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        assert rows(app) == []
        # Another operator's console (another process) opens a ticket.
        opened_at(5, open_ticket, Store.open(store_copy), "bob", edge("away"), "password-forgotten")
        app.open_queue()  # ctrl+t again: the app brings the queue back and reloads it
        await wait_for(pilot, lambda: len(rows(app)) == 1)
        assert rows(app)[0][0] == "T-000001" and rows(app)[0][2] == "5m"
        assert not screen.has_class("-empty") and screen.query_one(TicketTable).has_focus
        opened_at(1, open_ticket, Store.open(store_copy), "bob", edge("pending"), "id-forgotten")
        screen.store_changed()
        await wait_for(pilot, lambda: len(rows(app)) == 2)


async def test_language_switch_relabels_the_queue(make_app, queue_store):
    app = make_app("en", path=queue_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        text = screen_text(app)
        assert "チケット一覧" in text and "1日6時間" in text and "待ち時間" in text


async def test_the_slow_timer_picks_up_tickets_from_other_operators(make_app, store_copy, monkeypatch):
    from helpdesk_tui.screens import queue

    monkeypatch.setattr(queue, "QUEUE_REFRESH_SECONDS", 0.1)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        opened_at(0, open_ticket, Store.open(store_copy), "bob", edge("away"), "password-forgotten")
        await wait_for(pilot, lambda: len(rows(app)) == 1)  # nobody pressed anything


def test_every_binding_has_an_id_and_a_label_in_both_languages():
    from helpdesk_tui.i18n import catalogue
    from helpdesk_tui.screens.note import NoteModal
    from helpdesk_tui.screens.verify import VerifyModal

    for cls in (QueueScreen, TicketScreen, VerifyModal, NoteModal):
        for binding in cls.BINDINGS:
            assert binding.id, (cls.__name__, binding.key)
            labels = [binding.description] + ([binding.group.description] if binding.group else [])
            for lang in ("ja", "en"):
                for label in labels:
                    assert label in catalogue(lang), (cls.__name__, label, lang)
