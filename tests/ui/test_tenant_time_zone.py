"""The tenant's time zone (issue 14 item 3): ``tenant.time_zone`` is validated at import;
every time on screen and in a message to a member is in it, and names its zone when
the operator's own zone (the host's) reads another time.

The host zone is set with ``TZ`` + ``time.tzset()``, as a UTC server or a Tokyo laptop
would have it (this directory's conftest pins Tokyo for the snapshots).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

from helpdesk_tui import clock
from helpdesk_tui.importexport import import_document, validate
from helpdesk_tui.store import Store
from screen_tour import OPERATOR
from ui_helpers import edge, screen_text, wait_member_view, wait_ready


@pytest.fixture
def host_zone(monkeypatch):
    """``host_zone("UTC")``: the operator's machine runs in that zone for this test."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def with_zone(doc: dict, zone) -> dict:
    changed = copy.deepcopy(doc)
    changed["tenant"]["time_zone"] = zone
    return changed


@pytest.mark.parametrize("zone, words", [
    ("Asia/Tokio", 'unknown time zone "Asia/Tokio"'),
    ("JST+9", "unknown time zone"),
    (9, "must be a string"),
    ("../../etc/passwd", "unknown time zone"),
])
def test_an_unknown_zone_is_refused_at_import_with_its_path(demo, tmp_path, zone, words):
    doc = with_zone(demo[1], zone)
    problems = [p for p in validate(doc) if p.path == "tenant.time_zone"]
    assert len(problems) == 1 and words in problems[0].message
    assert "IANA" in problems[0].message or "string" in problems[0].message


def test_the_command_line_refuses_the_file_and_changes_nothing(demo, tmp_path):
    source = tmp_path / "tenant.json"
    source.write_text(json.dumps(with_zone(demo[1], "Mars/Olympus")), encoding="utf-8")
    store = tmp_path / "store"
    done = subprocess.run([sys.executable, "-m", "helpdesk_tui", "import", str(source), "--store", str(store)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "tenant.time_zone" in done.stderr and "Mars/Olympus" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_valid_zone_is_kept_and_exported(demo, tmp_path):
    from helpdesk_tui.importexport import export_document

    store = Store.create(tmp_path / "store")
    import_document(store, with_zone(demo[1], "America/New_York"))
    assert store.get_tenant()["time_zone"] == "America/New_York"
    assert export_document(store)["tenant"]["time_zone"] == "America/New_York"


def test_the_demo_tenant_names_its_zone(demo):
    assert demo[1]["tenant"]["time_zone"] == "Asia/Tokyo"
    assert validate(demo[1]) == []


def last_access_line(app) -> str:
    return next(line for line in screen_text(app).splitlines() if "203.0.113" in line or "JP " in line)


@pytest.mark.parametrize("host, shown", [
    ("UTC", "2026-10-25 04:48 JST"),  # the tenant's time, and it says which
    ("Asia/Tokyo", "2026-10-25 04:48 "),  # the operator's own zone: no label needed
])
async def test_member_times_are_in_the_tenant_zone_on_any_host(make_app, members, host_zone, host, shown):
    host_zone(host)
    stored = members[edge("locked")]["last_access"]["at"]
    assert datetime.fromisoformat(stored).utcoffset().total_seconds() == 9 * 3600
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_member(edge("locked"))
        await wait_member_view(pilot, edge("locked"))
        text = screen_text(app)
    assert shown in text
    assert "2026-10-24 19:48" not in text  # the UTC wall clock of the same moment
    if host == "Asia/Tokyo":
        assert "JST" not in text


async def test_a_tenant_in_another_zone_is_shown_in_it(make_app, store_copy, members, host_zone):
    host_zone("Asia/Tokyo")
    store = Store.open(store_copy)
    with store.transaction() as tx:
        tenant = tx.tenant.get()
        tenant["time_zone"] = "America/New_York"
        tx.tenant.set(tenant)
    app = make_app("en", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_member(edge("locked"))
        await wait_member_view(pilot, edge("locked"))
        text = screen_text(app)
    assert "2026-10-24 15:48 EDT" in text  # 04:48 JST is 15:48 the day before in New York


def test_messages_to_members_carry_the_tenant_time_and_its_zone(store_copy, host_zone):
    from helpdesk_tui.actions import run_action

    host_zone("UTC")
    store = Store.open(store_copy)
    wipe_at = datetime(2026, 11, 20, 13, 10, tzinfo=timezone.utc)  # 22:10 in Japan
    with clock.pinned(wipe_at):
        operator = {**OPERATOR, "role": "supervisor"}
        with store.transaction() as tx:
            tx.operators.put(operator)
        run_action(store, operator, "suspend", edge("active"))
    bodies = [entry["body"] for entry in store.iter_log("outbox") if entry["member_id"] == edge("active")]
    assert bodies and all("2026-11-20 22:10 JST" in body for body in bodies)
    assert not any("13:10" in body for body in bodies)
