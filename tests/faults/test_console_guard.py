"""The console's guard: an unexpected exception in a worker or a screen's handler is a
banner naming a crash report (no member data in it); the console never exits on one."""

from __future__ import annotations

import pytest

from helpdesk_tui import clock
from helpdesk_tui.screens.member import MemberScreen
from helpdesk_tui.screens.search import SearchScreen
from tests.cli.conftest import NOW, run_cli
from tests.faults.console_helpers import make_app, notifications, wait_for

MEMBER = "edge-away@sample.co.jp"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "20", store=path).returncode == 0
    return path


def _bug(*args, **kwargs):
    raise RuntimeError(f"bug while showing {MEMBER} 田中")  # a message that carries member data


def _reports(tmp_path):
    return list((tmp_path / "state" / "helpdesk-tui" / "crashes").glob("crash-*.txt"))


async def _open(app, pilot):
    await wait_for(pilot, lambda: app.index is not None)
    app.open_member(MEMBER)


async def test_a_failing_worker_is_a_banner_and_the_console_goes_on(store, tmp_path, monkeypatch):
    monkeypatch.setattr("helpdesk_tui.screens.member.security_view", _bug)  # the member screen's worker
    with clock.pinned(clock.parse_iso(NOW)):
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await _open(app, pilot)
            await wait_for(pilot, lambda: "internal error (RuntimeError)" in notifications(app))
            assert app.is_running
            [report] = _reports(tmp_path)
            assert str(report) in notifications(app)
            text = report.read_text(encoding="utf-8")
            assert "builtins.RuntimeError" in text and "in _bug" in text
            assert MEMBER not in text and "田中" not in text and MEMBER not in notifications(app)
            monkeypatch.undo()
            await pilot.press("escape")
            app.open_member(MEMBER)  # the next attempt works
            await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen) and app.screen.view is not None)


async def test_a_failing_screen_handler_is_a_banner_and_leaves_that_screen(store, tmp_path, monkeypatch):
    monkeypatch.setattr(MemberScreen, "render_view", _bug)  # runs on the UI thread
    with clock.pinned(clock.parse_iso(NOW)):
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await _open(app, pilot)
            await wait_for(pilot, lambda: "internal error (RuntimeError)" in notifications(app))
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, SearchScreen)
            assert len(_reports(tmp_path)) == 1
            await pilot.press("slash")
            await pilot.press(*"edge")
            await wait_for(pilot, lambda: app.index is not None)
            assert app.is_running


async def test_a_failing_app_level_binding_is_a_banner_and_the_console_stays_responsive(store, tmp_path, monkeypatch):
    from helpdesk_tui.app import HelpdeskApp

    monkeypatch.setattr(HelpdeskApp, "open_queue", _bug)  # ctrl+t, handled by the app itself
    with clock.pinned(clock.parse_iso(NOW)):
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.index is not None)
            await pilot.press("ctrl+t")
            await wait_for(pilot, lambda: "internal error (RuntimeError)" in notifications(app))
            assert app.is_running and len(_reports(tmp_path)) == 1
            app.open_member(MEMBER)  # the app's loop still runs: it opens a member
            await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen) and app.screen.view is not None)
