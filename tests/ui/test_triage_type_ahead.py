"""Answer digits typed while the triage saves a step apply to the questions that follow
(type-ahead, as in the search), and the same keys typed slowly reach the same place."""

from __future__ import annotations

from test_triage_ui import intake, timeline
from test_type_ahead import burst
from ui_helpers import edge, wait_for

KEYS = ["1", "1"]


async def walk_to(make_app, path, paced: bool):
    app = make_app("en", path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await intake(pilot, edge("active"), "cannot-login")  # three questions
        assert screen.walk.question is not None
        if paced:
            for key in KEYS:
                before = screen.walk
                await pilot.press(key)
                await wait_for(pilot, lambda: screen.walk is not before and not screen.busy)
        else:
            burst(app, KEYS)
            answered = lambda: sum(not step.auto for step in screen.walk.path)  # noqa: E731
            await wait_for(pilot, lambda: not screen.busy and answered() >= len(KEYS), timeout=3)
            await pilot.pause(0.3)
        walk = screen.walk
        answers = [e for e in timeline(path, screen.ticket_id) if e["kind"] == "answer" and not e["auto"]]
        return walk.node.id, [(e["node"], e["choice"]) for e in answers]


async def test_digits_typed_in_a_burst_answer_the_following_questions(make_app, store_copy, tmp_path):
    import shutil

    slow_copy = tmp_path / "slow"
    shutil.copytree(store_copy, slow_copy)
    slow = await walk_to(make_app, slow_copy, paced=True)
    fast = await walk_to(make_app, store_copy, paced=False)
    assert len(slow[1]) == 2
    assert fast == slow
