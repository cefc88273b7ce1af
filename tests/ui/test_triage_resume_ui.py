"""Back in the triage after an action (issue 14, item 7): the same conclusion, and the
timeline has no repeated answers."""

from __future__ import annotations

from helpdesk_tui.screens.triage import TriageScreen
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import get_ticket
from test_actions_ui import QUIET, at_conclusion, pane_ready, prepare, run, verify_in_person
from ui_helpers import screen_text, wait_for


def triage_entries(path, ticket: str) -> list[dict]:
    return [e for e in get_ticket(Store.open(path), ticket).timeline if e["kind"] in ("answer", "conclusion")]


async def test_triage_resumes_at_its_conclusion_after_the_unsuspend(make_app, store_copy):
    ticket = prepare(store_copy, "supervisor", "locked", "cannot-login")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        triage = await at_conclusion(pilot, ticket)
        conclusion = triage.walk.conclusion.id
        before = triage_entries(store_copy, ticket)
        await pilot.press("1")
        pane = await pane_ready(pilot, "unsuspend")
        await verify_in_person(pilot, pane)
        await run(pilot, pane)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is triage and not triage.busy)
        await pilot.pause(0.3)
        assert triage.walk.conclusion is not None and triage.walk.conclusion.id == conclusion
        assert "Unsuspend" in screen_text(app)  # still the conclusion, its actions numbered
    assert triage_entries(store_copy, ticket) == before
    assert get_ticket(Store.open(store_copy), ticket).ticket["triage"]["conclusion"] == conclusion
