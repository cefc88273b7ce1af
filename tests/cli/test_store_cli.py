"""demo / import / export from the command line: all or nothing, and nothing is lost."""

from __future__ import annotations

import json
import os

from helpdesk_tui.operators import current_os_user
from helpdesk_tui.store import Store
from tests.cli.conftest import run_cli
from tests.fingerprint import store_fingerprint


def test_demo_makes_the_current_user_admin_and_refuses_to_overwrite(tmp_path):
    store = tmp_path / "demo"
    first = run_cli("demo", "--members", "50", "--seed", "3", store=store)
    assert first.returncode == 0, first.stderr
    opened = Store.open(store)
    assert opened.member_count() == 50
    assert opened.get_operator(current_os_user())["role"] == "admin"
    before = store_fingerprint(store)
    again = run_cli("demo", "--members", "60", store=store)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert store_fingerprint(store) == before


def test_export_import_round_trip_through_files(demo_store, tmp_path):
    exported = tmp_path / "tenant.json"
    result = run_cli("export", "-o", str(exported), store=demo_store)
    assert result.returncode == 0, result.stderr
    assert exported.stat().st_mode & 0o077 == 0  # member data: owner-only file
    copy = tmp_path / "copy"
    assert run_cli("import", str(exported), "--training", store=copy).returncode == 0  # HELPDESK_NOW is set
    again = run_cli("export", store=copy)
    assert again.returncode == 0
    assert json.loads(again.stdout) == json.loads(exported.read_text(encoding="utf-8"))


def test_import_with_problems_names_each_path_and_changes_nothing(demo_store, tmp_path):
    bad = {
        "members": [
            {"id": "x@sample.co.jp", "name": "X", "status": "on-holiday"},
            {"id": "y@sample.co.jp", "name": "Y", "status": "active", "favourite_colour": "blue"},
        ],
        "sessions": [{"member_id": "ghost@sample.co.jp", "session_id": "s", "started_at":
                      "2026-11-01T09:00:00", "environment": "iOS", "country": "JP",
                      "ip": "203.0.113.9", "connected": True}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    before = store_fingerprint(demo_store)
    result = run_cli("import", str(path), store=demo_store)
    assert result.returncode == 2
    for fragment in ("members[0].status", "members[1].favourite_colour", "sessions[0].started_at",
                     "nothing was imported"):
        assert fragment in result.stderr
    assert store_fingerprint(demo_store) == before


def test_import_of_broken_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"members": [\n  {"id": }\n]}', encoding="utf-8")
    result = run_cli("import", str(path), store=tmp_path / "new")
    assert result.returncode == 2 and "line 2" in result.stderr
    assert not (tmp_path / "new").exists()


def test_import_from_stdin_creates_a_store(tmp_path):
    doc = {"members": [{"id": "solo@sample.co.jp", "name": "一人 だけ", "status": "active"}]}
    result = run_cli("import", "-", "--json", "--training", store=tmp_path / "s", stdin=json.dumps(doc))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["imported"]["members"] == 1


def test_unknown_operator_gets_nothing(tmp_path):
    store = tmp_path / "theirs"
    assert run_cli("demo", "--members", "40", store=store).returncode == 0
    with Store.open(store).transaction() as tx:
        tx.operators.delete(current_os_user())
    for args in (("member", "search", "edge"), ("member", "show", "edge-active@sample.co.jp"),
                 ("export",)):
        result = run_cli(*args, store=store)
        assert result.returncode == 4, args
        assert result.stdout == "" and "unknown operator" in result.stderr


def test_a_non_admin_may_not_export_or_import(tmp_path):
    store = tmp_path / "agent"
    assert run_cli("demo", "--members", "40", store=store).returncode == 0
    with Store.open(store).transaction() as tx:
        tx.operators.put({"username": current_os_user(), "role": "agent", "display_name": "me"})
    assert run_cli("member", "search", "edge", store=store).returncode == 0
    refused = run_cli("export", store=store)
    assert refused.returncode == 4 and "only an admin" in refused.stderr


def test_a_bad_console_resolver_is_refused_before_the_console_starts(demo_store):
    result = run_cli("--resolver", "not an address", store=demo_store)
    assert result.returncode == 2
    assert "--resolver / --doh" in result.stderr and "not an address" in result.stderr
    result = run_cli("--doh", "ftp://example.invalid/", store=demo_store)
    assert result.returncode == 2 and "--resolver / --doh" in result.stderr
