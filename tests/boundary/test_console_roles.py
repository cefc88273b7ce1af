"""The console (Pilot, 80×24): a role changed while it is open takes effect at the next
step; an operator removed meanwhile sees the refusal screen; admins manage operators on
the Operators screen (palette), every change audited."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpdesk_tui.operators import current_os_user
from helpdesk_tui.screens.action_pane import ActionScreen
from helpdesk_tui.screens.message import MessageScreen
from helpdesk_tui.store import Store

sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))  # the console tests' own helpers
from ui_helpers import NOW, edge, screen_text, wait_for, wait_ready, widget_text  # noqa: E402

QUIET = 600.0
OPERATOR = {"username": current_os_user(), "role": "supervisor", "display_name": "テスト 担当"}


def build_store(path: Path) -> None:
    from helpdesk_tui.demo import generate
    from helpdesk_tui.importexport import import_document

    doc = generate(60, 1, NOW)
    doc["operators"] = [*doc.get("operators", []), dict(OPERATOR)]
    import_document(Store.create(path), doc)


def flat(text: str) -> str:
    return "".join(text.split())


def status(pane) -> str:
    return flat(widget_text(pane.query_one("#action-status")))


async def pane_ready(pilot, action: str) -> ActionScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen) and app.screen.action == action
                   and app.screen.pre is not None)
    await pilot.pause()
    return app.screen


async def run(pilot, pane: ActionScreen, outcome: str = "done") -> None:
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: pane.outcome is not None and pane.outcome[0] == outcome and not pane.busy)
    await pilot.pause()


@pytest.fixture
def console_store(tmp_path):
    from helpdesk_tui import clock

    clock.pin(NOW)
    path = tmp_path / "store"
    build_store(path)
    with Store.open(path).transaction() as tx:
        tx.operators.put({**OPERATOR, "role": "supervisor"})
        tx.operators.put({"username": "boss", "role": "admin", "display_name": "Boss"})
    yield path
    clock.pin(None)


def _app(path, **kw):
    from helpdesk_tui.app import HelpdeskApp

    app = HelpdeskApp(path, "en", refresh_seconds=QUIET, **kw)
    app.animation_level = "none"
    return app


def _set_role(path, role: str | None) -> None:
    with Store.open(path).transaction() as tx:
        if role is None:
            tx.operators.delete(OPERATOR["username"])
        else:
            tx.operators.put({**OPERATOR, "role": role})


async def test_a_console_whose_operator_is_demoted_refuses_the_next_action(console_store):
    app = _app(console_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action(edge("active"), "suspend")
        pane = await pane_ready(pilot, "suspend")
        _set_role(console_store, "agent")  # an admin demotes them in another terminal
        await run(pilot, pane, "refused")
        assert flat("needs the role Supervisor (tier 2); you are Agent (tier 1)") in status(pane)
    assert Store.open(console_store).get_member(edge("active"))["status"] == "active"


async def test_a_console_whose_operator_is_removed_shows_the_refusal_screen(console_store):
    app = _app(console_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        _set_role(console_store, None)
        app.open_action(edge("active"), "suspend")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        assert "not an operator" in screen_text(app) or "unknown operator" in screen_text(app).lower()
    assert Store.open(console_store).get_member(edge("active"))["status"] == "active"


async def test_an_admin_changes_a_role_on_the_operators_screen_and_it_is_audited(console_store):
    from helpdesk_tui.screens.operators import OperatorsScreen

    _set_role(console_store, "admin")
    app = _app(console_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Operators")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OperatorsScreen))
        await pilot.pause()
        assert "boss" in screen_text(app) and "Top administrator" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"agent", "enter")  # the highlighted row: boss
        await wait_for(pilot, lambda: "boss: agent" in screen_text(app))
    entries = [e for e in Store.open(console_store).iter_log("audit") if e["action"] == "operator-set-role"]
    assert [(e["operator"], e["target"], e["role"]) for e in entries] == [(OPERATOR["username"], "boss", "agent")]


async def test_the_operators_screen_refuses_someone_no_longer_an_admin(console_store):
    from helpdesk_tui.screens.operators import OperatorsScreen

    _set_role(console_store, "admin")
    app = _app(console_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        _set_role(console_store, "supervisor")
        app.push_screen(OperatorsScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, OperatorsScreen))
        await pilot.pause()
        assert "Only an admin" in screen_text(app) and "boss" not in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, OperatorsScreen)  # the key does nothing
