"""Action panes run once (issue 14, items 1 and 6): after "Done" the pane shows the outcome
and offers only closing it — enter and ctrl+s never run the action again, the state read
after the change does not turn into a refusal — and the domain refuses a second run with
the same pane's submission key (audited)."""

from __future__ import annotations

import pytest

from helpdesk_tui.actions import ActionRefused, run_action
from helpdesk_tui.screens.action_pane import ActionScreen
from helpdesk_tui.screens.secret import SecretModal
from helpdesk_tui.store import Store
from conftest import OPERATOR
from test_actions_ui import QUIET, at_conclusion, audited, flat, pane_ready, prepare, status, verify_in_person
from ui_helpers import edge, screen_text, wait_for, wait_ready


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_enter_after_a_forced_password_change_draws_no_second_password(make_app, store_copy):
    ticket = prepare(store_copy, "supervisor", "no-recovery", "password-forgotten")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_conclusion(pilot, ticket)
        await pilot.press("1")
        pane = await pane_ready(pilot, "force-password-change")
        await verify_in_person(pilot, pane)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretModal))
        await pilot.press("enter")  # closes the password box …
        await wait_for(pilot, lambda: app.screen is pane)
        await pilot.press("enter", "enter", "ctrl+s")  # … and nothing else happens
        await pilot.pause(0.3)
        assert app.screen is pane and not pane.busy
        shown = screen_text(app)
        assert "ready — ctrl+s runs it" not in shown
        assert flat("done — esc closes this pane") in flat(shown)
        assert "^s" not in footer(app) and "esc" in footer(app).lower()
        assert pane.outcome[0] == "done"
    done = [e for e in audited(store_copy, "force-password-change")]
    assert [e["outcome"] for e in done] == ["done"]


async def test_after_done_unsuspend_the_pane_does_not_say_refused(make_app, store_copy):
    ticket = prepare(store_copy, "supervisor", "locked", "cannot-login")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_conclusion(pilot, ticket)
        await pilot.press("1")
        pane = await pane_ready(pilot, "unsuspend")
        await verify_in_person(pilot, pane)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pane.member is not None and pane.member["status"] == "active"
                       and pane.pre is not None and pane.pre.problem is not None)
        await pilot.pause()
        shown = flat(screen_text(app))
        assert flat("Done: Unsuspend") in shown
        assert "isnotsuspended" not in shown and "refused" not in shown
        await pilot.press("enter")
        await pilot.pause(0.2)
    assert [e["outcome"] for e in audited(store_copy, "unsuspend")] == ["done"]


async def test_enter_on_the_device_row_after_a_wipe_wipes_nothing_more(make_app, store_copy):
    prepare(store_copy, "supervisor")
    app = make_app("en", store_copy, refresh_seconds=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action(edge("mdm"), "wipe-app-data")
        pane = await pane_ready(pilot, "wipe-app-data")
        await wait_for(pilot, lambda: pane.targets is not None and pane.targets.row_count > 0)
        pane.targets.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.final == "done")
        await pilot.press("enter", "enter")
        await pilot.pause(0.3)
        assert not pane.busy and pane.outcome[0] == "done"
        assert "ready" not in status(pane)
    assert [e["outcome"] for e in audited(store_copy, "wipe-app-data")] == ["done"]


def test_the_domain_refuses_a_second_run_with_the_same_submission_key(store_copy):
    prepare(store_copy, "supervisor")
    store = Store.open(store_copy)
    member = edge("suspicious")
    run_action(store, OPERATOR | {"role": "supervisor"}, "force-logout", member, submission="pane-1")
    with pytest.raises(ActionRefused) as refused:
        run_action(store, OPERATOR | {"role": "supervisor"}, "force-logout", member, submission="pane-1")
    assert refused.value.code == "already-submitted"
    assert "open a new pane" in refused.value.message("en")
    assert [(e["outcome"], e.get("reason")) for e in audited(store_copy, "force-logout")] == \
        [("done", None), ("refused", "already-submitted")]
    with pytest.raises(ActionRefused) as other_pane:  # a new pane is judged on the member's state
        run_action(store, OPERATOR | {"role": "supervisor"}, "force-logout", member, submission="pane-2")
    assert other_pane.value.code == "no-connected-session"


def test_a_refused_submission_can_be_corrected_with_the_same_key(store_copy):
    from helpdesk_tui.actions import ActionInputError
    from helpdesk_tui.tickets import open_ticket, record_verification

    prepare(store_copy, "supervisor")
    store = Store.open(store_copy)
    operator = OPERATOR | {"role": "supervisor"}
    ticket = open_ticket(store, operator, edge("landline"), "sms-not-arriving")["id"]
    record_verification(store, operator, ticket, "in-person-id")
    with pytest.raises(ActionInputError):
        run_action(store, operator, "update-recovery-contact", edge("landline"), ticket=ticket,
                   mobile="0312345678", submission="pane-1")
    result = run_action(store, operator, "update-recovery-contact", edge("landline"), ticket=ticket,
                        mobile="09012345678", submission="pane-1")
    assert result.details["mobile"]
