"""``helpdesk-tui export blocked-members`` as a user runs it, and ``export`` (tenant JSON)
unchanged beside it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import stat
from pathlib import Path

import pytest

from helpdesk_tui.operators import current_os_user
from helpdesk_tui.store import Store
from tests.cli.conftest import run_cli

SEED_HEADERS = ["メンバー名", "メールアドレス", "職級", "電話番号", "携帯番号", "勤務先", "組織", "役職名"]
ENGLISH = {"LC_ALL": "C.UTF-8"}  # messages in English; the file keeps the vendor's headers


@pytest.fixture(scope="module")
def store(demo_store, tmp_path_factory) -> Path:
    """A private copy of the demo store (the exports add audit entries)."""
    target = tmp_path_factory.mktemp("export") / "store"
    shutil.copytree(demo_store, target)
    return target


@pytest.fixture(scope="module")
def blocked(store) -> list[dict]:
    members = [m for m in Store.open(store).iter_members()
               if m.get("app_access_blocked") and m.get("status") != "deleted"]
    assert members, "the demo tenant has blocked members"
    return members


def exports(store: Path) -> list[dict]:
    return [e for e in Store.open(store).iter_log("audit") if e["action"] == "export-blocked-members"]


def test_csv_for_excel_with_the_seed_headers(store, blocked, tmp_path):
    path = tmp_path / "blocked.csv"
    result = run_cli("export", "blocked-members", "-o", str(path), store=store, env=ENGLISH)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{len(blocked)} members written to {path}"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == SEED_HEADERS
    assert sorted(row[1] for row in rows[1:]) == sorted(m["email"] for m in blocked)
    assert "小林 直樹" in {row[0] for row in rows[1:]}  # the demo's blocked edge member
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = exports(store)[-1]
    assert (entry["outcome"], entry["format"], entry["count"], entry["path"]) == (
        "done", "csv", len(blocked), str(path))


def test_xlsx_with_json_output(store, blocked, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "blocked.xlsx"
    result = run_cli("export", "blocked-members", "-o", str(path), "--json", store=store)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"path": str(path), "format": "xlsx", "count": len(blocked)}
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == SEED_HEADERS and len(rows) == len(blocked) + 1


def test_explicit_format_japanese_messages_and_english_headers(store, blocked, tmp_path):
    path = tmp_path / "list.txt"
    result = run_cli("export", "blocked-members", "--format", "csv", "-o", str(path), "--lang", "ja",
                     store=store)
    assert result.returncode == 0, result.stderr
    assert f"{len(blocked)} 人のメンバーを" in result.stdout
    assert path.read_bytes().startswith("\ufeffメンバー名".encode())
    english = tmp_path / "list-en.csv"
    assert run_cli("export", "blocked-members", "-o", str(english), "--lang", "en",
                   store=store).returncode == 0
    assert english.read_text(encoding="utf-8-sig").startswith("Member name,E-mail address,")


def test_an_existing_file_needs_force(store, tmp_path):
    path = tmp_path / "blocked.xlsx"
    path.write_bytes(b"old")
    result = run_cli("export", "blocked-members", "-o", str(path), store=store, env=ENGLISH)
    assert result.returncode == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert path.read_bytes() == b"old"
    forced = run_cli("export", "blocked-members", "-o", str(path), "--force", store=store)
    assert forced.returncode == 0, forced.stderr
    assert path.read_bytes()[:2] == b"PK"  # a zip: the .xlsx


@pytest.mark.parametrize("args, says", [
    ((), "-o FILE"),
    (("-o", "-"), "-o FILE"),
    (("-o", "-", "--format", "xlsx"), "binary"),
    (("-o", "/nonexistent-dir/blocked.csv"), "does not exist"),
])
def test_bad_input_is_exit_2(store, args, says):
    before = len(exports(store))
    result = run_cli("export", "blocked-members", *args, store=store, env=ENGLISH)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr and result.stdout == ""
    assert len(exports(store)) == before


def test_an_agent_is_refused_with_exit_4_and_it_is_audited(store, tmp_path):
    agent_store = tmp_path / "store"
    shutil.copytree(store, agent_store)
    copy = Store.open(agent_store)
    with copy.transaction() as tx:
        tx.operators.put({"username": current_os_user(), "role": "agent", "display_name": "A"})
    path = tmp_path / "blocked.csv"
    result = run_cli("export", "blocked-members", "-o", str(path), "--lang", "ja", store=agent_store)
    assert result.returncode == 4
    assert "スーパーバイザー" in result.stderr and not path.exists()
    entry = exports(agent_store)[-1]
    assert (entry["outcome"], entry["reason"], entry["role"]) == ("refused", "not-allowed", "agent")


def test_an_unknown_operator_gets_nothing(store, tmp_path):
    stranger = tmp_path / "store"
    shutil.copytree(store, stranger)
    with Store.open(stranger).transaction() as tx:
        tx.operators.delete(current_os_user())
    path = tmp_path / "blocked.csv"
    result = run_cli("export", "blocked-members", "-o", str(path), store=stranger)
    assert result.returncode == 4 and not path.exists()


def test_the_tenant_export_is_unchanged(store, tmp_path):
    result = run_cli("export", store=store)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert {"tenant", "members"} <= set(document)
    path = tmp_path / "tenant.json"
    named = run_cli("export", "tenant", "-o", str(path), store=store)
    assert named.returncode == 0, named.stderr
    assert json.loads(path.read_text(encoding="utf-8")) == document
    wrong = run_cli("export", "--format", "xlsx", store=store, env=ENGLISH)
    assert wrong.returncode == 2 and "blocked-members only" in wrong.stderr
