"""Times at the edges of what Python can represent: import refuses them with a clear
message; a store that already holds them (an older version accepted them) is shown
safely by member show, diagnose and the console's member view."""

from __future__ import annotations

import json

import pytest

from helpdesk_tui.glossary import SYMPTOMS
from helpdesk_tui.store import Store
from tests.cli.conftest import NOW, run_cli
from tests.faults.console_helpers import make_app, wait_for

LATE, EARLY = "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"
MEMBER = "edge-mdm@sample.co.jp"


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "20", store=path).returncode == 0
    return path


def test_import_refuses_times_nothing_can_be_computed_with(store, tmp_path):
    doc = json.loads(run_cli("export", store=store).stdout)
    member = next(m for m in doc["members"] if m["id"] == MEMBER)
    member["password_changed_at"], member["last_access"] = LATE, {"at": EARLY}
    source = tmp_path / "extreme.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    refused = run_cli("import", str(source), store=store)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f'password_changed_at: time out of range "{LATE}"' in refused.stderr
    assert f'last_access.at: time out of range "{EARLY}"' in refused.stderr


def _store_holding_extreme_times(path):
    with Store.open(path).transaction() as tx:
        member = tx.members.get(MEMBER)
        tx.members.put({**member, "password_changed_at": EARLY, "deleted_at": LATE, "status": "deleted",
                        "last_access": {"at": LATE, "environment": "x"}})
        tx.append("access", {"event": "session", "member_id": MEMBER, "session_id": "s-late", "started_at": LATE,
                             "connected": True, "environment": "x", "country": "JP", "ip": "192.0.2.1"}, key=MEMBER)
        tx.append("access", {"event": "disconnect", "member_id": MEMBER, "session_id": "s-late", "at": EARLY,
                             "by": "x"}, key=MEMBER)


def test_member_show_and_diagnose_read_a_store_that_holds_them(store):
    _store_holding_extreme_times(store)
    for args in (("member", "show", MEMBER), ("member", "show", MEMBER, "--json")):
        shown = run_cli(*args, store=store)
        assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr
    assert "9999-12-31T23:59-23:59" in run_cli("member", "show", MEMBER, store=store).stdout
    for symptom in SYMPTOMS:
        diagnosed = run_cli("diagnose", MEMBER, "--symptom", symptom, "--json", store=store)
        assert diagnosed.returncode in (0, 2), (symptom, diagnosed.stderr)  # 2: not a member symptom
        assert "internal error" not in diagnosed.stderr and "Traceback" not in diagnosed.stderr


async def test_the_console_opens_that_member_and_keeps_running(store):
    from helpdesk_tui import clock
    from helpdesk_tui.screens.member import MemberScreen

    _store_holding_extreme_times(store)
    with clock.pinned(clock.parse_iso(NOW)):
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.index is not None)
            app.open_member(MEMBER)
            await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen) and app.screen.now is not None)
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, MemberScreen)
            assert not list(app._notifications), "no crash banner"
