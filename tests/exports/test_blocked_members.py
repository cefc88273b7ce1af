"""The blocked-member list (seed 003 「ブロックリストをダウンロードする」) as real files:
CSV that Excel reads correctly, .xlsx read back with openpyxl, hostile member data
defused, roles, refusals, atomic 0600 files and the audit entry."""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
from pathlib import Path

import pytest

from helpdesk_tui import operators
from helpdesk_tui.exports import (
    ExportInputError,
    ExportRefused,
    blocked_members,
    defuse_cell,
    export_blocked_members,
    format_for,
    headers,
)
from helpdesk_tui.i18n import catalogue
from helpdesk_tui.importexport import import_document
from helpdesk_tui.localized import INPUT, REFUSED
from helpdesk_tui.store import Store

ME = operators.current_os_user()
ADMIN = {"username": ME, "role": "admin", "display_name": "管理 者"}
SUPERVISOR = {"username": "sup-sue", "role": "supervisor", "display_name": "Sue"}
AGENT = {"username": "agent-bob", "role": "agent", "display_name": "Bob"}

# The seed's column names, in the seed's order.
SEED_HEADERS = ["メンバー名", "メールアドレス", "職級", "電話番号", "携帯番号", "勤務先", "組織", "役職名"]
HOSTILE = '=HYPERLINK("http://x")'
MARKUP = "[b]markup[/b]\x1b[31m\x07 evil\r\nline\u202e"


def member(local: str, name: str, **fields) -> dict:
    return {"id": f"{local}@example.co.jp", "name": name, "email": f"{local}@example.co.jp",
            "status": "active", "app_access_blocked": True, **fields}


MEMBERS = [
    member("tanaka", "田中 太郎", kana="たなか たろう", department="営業部", rank="課長", position="営業一課長",
           workplace="東京本社", phone="03-1234-5678", mobile="090-1234-5678"),
    member("abe", "阿部 さくら", kana="あべ さくら", department="営業部", rank="一般", mobile="+81 80-1111-2222"),
    member("hostile", HOSTILE, department="開発部", rank="-2+3", position="@SUM(A1)",
           workplace="＝1+1"),
    member("markup", MARKUP),  # no organisation: listed last
    member("ito", "伊藤 健太", department="開発部", status="suspended-admin"),
    member("sato", "佐藤 花子", department="営業部", status="deleted",
           deleted_at="2026-11-19T09:00:00+09:00"),
    member("suzuki", "鈴木 一郎", department="営業部", app_access_blocked=False),
]
# 営業部 < 開発部 (code points), within one by reading (kana) or name; no organisation last.
LISTED = ["abe", "tanaka", "hostile", "ito", "markup"]


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.create(tmp_path / "store")
    import_document(store, {
        "tenant": {"name": "株式会社テスト", "plan": "paid"},
        "members": MEMBERS,
        "operators": [ADMIN, SUPERVISOR, AGENT],
    })
    return store


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def audit(store: Store) -> list[dict]:
    return [entry for entry in store.iter_log("audit") if entry["action"] == "export-blocked-members"]


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------- rows


def test_rows_are_blocked_undeleted_members_by_organisation_then_name(store):
    rows = blocked_members(store)
    assert [row["id"].split("@")[0] for row in rows] == LISTED
    tanaka = rows[1]
    assert tanaka == {"id": "tanaka@example.co.jp", "name": "田中 太郎", "email": "tanaka@example.co.jp",
                      "rank": "課長", "phone": "03-1234-5678", "mobile": "090-1234-5678",
                      "workplace": "東京本社", "department": "営業部", "position": "営業一課長"}


@pytest.mark.parametrize("value, cell", [
    (HOSTILE, "'" + HOSTILE),
    ("+81 90-1234-5678", "'+81 90-1234-5678"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("＝1+1", "'＝1+1"),
    ("\t=1+1", "\u2409=1+1"),           # a tab is made visible: no longer a formula start
    ("\r=1", "\u240d=1"),
    ("a=b", "a=b"),
    ("田中 太郎", "田中 太郎"),
    ("[b]x[/b]", "[b]x[/b]"),           # markup means nothing in a file: kept as typed
    ("x\x1b[31my\x00", "x\u241b[31my\u2400"),
    (None, ""),
    ("", ""),
])
def test_defuse_cell(value, cell):
    assert defuse_cell(value) == cell


def test_defuse_cell_stays_within_excels_cell_limit():
    assert len(defuse_cell("=" + "x" * 40000)) == 32767


def test_headers_are_the_seeds_column_names_or_english():
    assert headers() == SEED_HEADERS
    assert headers("en") == ["Member name", "E-mail address", "Rank", "Phone", "Mobile",
                             "Workplace", "Organisation", "Title"]


def test_format_from_extension():
    assert format_for("a/b.XLSX") == "xlsx"
    assert format_for("list.csv") == "csv"
    assert format_for("list.xls") is None
    assert format_for("list") is None


# --------------------------------------------------------------------------- CSV


def test_csv_is_excel_ready_utf8_bom_crlf_and_defused(store, out):
    path = out / "blocked.csv"
    result = export_blocked_members(store, SUPERVISOR, "csv", path)
    assert (result.path, result.format, result.count) == (path, "csv", len(LISTED))

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(LISTED) + 1 and data.count(b"\n") == len(LISTED) + 1
    assert data.endswith(b"\r\n")
    assert b"\x1b" not in data and b"\x07" not in data and b"\x00" not in data

    rows = read_csv(path)
    assert rows[0] == SEED_HEADERS
    body = {row[1].split("@")[0]: row for row in rows[1:]}
    assert list(body) == LISTED
    assert body["tanaka"] == ["田中 太郎", "tanaka@example.co.jp", "課長", "03-1234-5678",
                              "090-1234-5678", "東京本社", "営業部", "営業一課長"]
    assert body["abe"][4] == "'+81 80-1111-2222"
    hostile = body["hostile"]
    assert hostile[0] == "'" + HOSTILE
    assert (hostile[2], hostile[5], hostile[7]) == ("'-2+3", "'＝1+1", "'@SUM(A1)")
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    shown = body["markup"][0]
    assert shown.startswith("[b]markup[/b]")  # literal, not interpreted
    assert shown == "[b]markup[/b]\u241b[31m\u2407 evil\u240d\u240aline<U+202E>"
    assert "deleted" not in data.decode("utf-8-sig") and "佐藤" not in data.decode("utf-8-sig")
    assert "鈴木" not in data.decode("utf-8-sig")


def test_csv_in_english_has_english_headers(store, out):
    path = out / "blocked.csv"
    export_blocked_members(store, ADMIN, "csv", path, lang="en")
    assert read_csv(path)[0][0] == "Member name"


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_a_bold_header_and_the_defused_rows_as_text(store, out):
    from openpyxl import load_workbook

    path = out / "blocked.xlsx"
    result = export_blocked_members(store, ADMIN, "xlsx", path)
    assert result.count == len(LISTED)
    book = load_workbook(path)
    assert book.sheetnames == ["ブロックリスト"]
    sheet = book.active
    header = list(sheet.iter_rows(min_row=1, max_row=1))[0]
    assert [cell.value for cell in header] == SEED_HEADERS
    assert all(cell.font.b for cell in header)
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[1].split("@")[0] for row in values] == LISTED
    assert values[1] == ["田中 太郎", "tanaka@example.co.jp", "課長", "03-1234-5678", "090-1234-5678",
                         "東京本社", "営業部", "営業一課長"]
    assert values[2][0] == "'" + HOSTILE and values[2][7] == "'@SUM(A1)"
    assert values[4][0].startswith("[b]markup[/b]\u241b")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "n") and cell.data_type != "f"
            if cell.value is not None:
                assert cell.data_type == "s"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert all(10 <= width <= 60 for width in widths)
    assert widths[0] >= len(HOSTILE)  # wide enough for the longest name
    assert sheet.freeze_panes == "A2"


# --------------------------------------------------------------------------- rules


def test_an_agent_is_refused_and_the_refusal_is_audited(store, out):
    path = out / "blocked.csv"
    with pytest.raises(ExportRefused) as refused:
        export_blocked_members(store, AGENT, "csv", path)
    assert refused.value.kind == REFUSED and refused.value.code == "not-allowed"
    assert "agent" in refused.value.message("ja") and "スーパーバイザー" in refused.value.message("ja")
    assert list(out.iterdir()) == []
    [entry] = audit(store)
    assert (entry["operator"], entry["outcome"], entry["reason"]) == ("agent-bob", "refused", "not-allowed")
    assert entry["path"] == str(path)


def test_the_export_is_audited(store, out):
    path = out / "blocked.xlsx"
    export_blocked_members(store, SUPERVISOR, "xlsx", path)
    [entry] = audit(store)
    assert entry["operator"] == "sup-sue" and entry["outcome"] == "done"
    assert (entry["format"], entry["count"], entry["path"]) == ("xlsx", len(LISTED), str(path))


def test_the_file_is_private_0600_whatever_the_umask(store, out):
    old = os.umask(0)
    try:
        path = export_blocked_members(store, ADMIN, "csv", out / "blocked.csv").path
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in out.iterdir()] == ["blocked.csv"]  # no temporary file left


def test_an_existing_file_is_refused_unless_overwrite(store, out):
    path = out / "blocked.csv"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportInputError) as exists:
        export_blocked_members(store, ADMIN, "csv", path)
    assert (exists.value.code, exists.value.kind) == ("exists", INPUT)
    assert path.read_text(encoding="utf-8") == "keep me"
    assert audit(store) == [] and [p.name for p in out.iterdir()] == ["blocked.csv"]

    path.chmod(0o644)
    export_blocked_members(store, ADMIN, "csv", path, overwrite=True)
    assert read_csv(path)[0] == SEED_HEADERS
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_directory_is_an_input_error_and_nothing_is_written(store, tmp_path, out):
    with pytest.raises(ExportInputError) as missing:
        export_blocked_members(store, ADMIN, "csv", tmp_path / "nowhere" / "blocked.csv")
    assert (missing.value.code, missing.value.kind) == ("no-directory", INPUT)
    assert not (tmp_path / "nowhere").exists()
    (out / "file").write_text("x")
    with pytest.raises(ExportInputError) as under_file:
        export_blocked_members(store, ADMIN, "csv", out / "file" / "blocked.csv")
    assert under_file.value.code == "no-directory"
    with pytest.raises(ExportInputError) as folder:
        export_blocked_members(store, ADMIN, "csv", out)
    assert folder.value.code == "is-directory"
    assert [p.name for p in out.iterdir()] == ["file"]
    assert audit(store) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_directory_is_an_input_error(store, out):
    out.chmod(0o500)
    try:
        with pytest.raises(ExportInputError) as locked:
            export_blocked_members(store, ADMIN, "csv", out / "blocked.csv")
    finally:
        out.chmod(0o700)
    assert locked.value.code == "not-writable"
    assert list(out.iterdir()) == []


def test_an_unknown_format_is_an_input_error(store, out):
    with pytest.raises(ExportInputError) as bad:
        export_blocked_members(store, ADMIN, "xls", out / "blocked.xls")
    assert bad.value.code == "bad-format"
    assert list(out.iterdir()) == []


def test_when_the_audit_cannot_be_recorded_the_file_is_removed(store, out, monkeypatch):
    module = sys.modules["helpdesk_tui.exports.blocked_members"]  # the package exports a function of that name

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(module, "record", broken)
    with pytest.raises(OSError, match="disk full"):
        export_blocked_members(store, ADMIN, "xlsx", out / "blocked.xlsx")
    assert list(out.iterdir()) == []


def test_every_error_code_is_worded_in_both_languages():
    codes = ["not-allowed", "bad-format", "exists", "no-directory", "not-writable", "is-directory",
             "write-failed", "unknown-extension", "output-required", "xlsx-stdout", "no-store", "failed"]
    for lang in ("ja", "en"):
        labels = catalogue(lang)
        for code in codes:
            assert f"exports.error.{code}" in labels, (lang, code)


def test_an_unwritable_directory_is_refused_before_anything_is_written(store, out, monkeypatch):
    # The same branch as above, for runs as root (which may write anywhere).
    module = sys.modules["helpdesk_tui.exports.blocked_members"]
    monkeypatch.setattr(module.os, "access", lambda *args, **kwargs: False)
    with pytest.raises(ExportInputError) as locked:
        export_blocked_members(store, ADMIN, "csv", out / "blocked.csv")
    assert locked.value.code == "not-writable" and str(out) in locked.value.message("en")
    assert list(out.iterdir()) == []


def test_a_file_that_appears_while_writing_is_not_clobbered(store, out, monkeypatch):
    module = sys.modules["helpdesk_tui.exports.blocked_members"]
    path = out / "blocked.csv"
    real_write = module._write_temp

    def write_then_race(target, data):
        temp = real_write(target, data)
        target.write_text("someone else's", encoding="utf-8")  # created after the check
        return temp

    monkeypatch.setattr(module, "_write_temp", write_then_race)
    with pytest.raises(ExportInputError) as exists:
        export_blocked_members(store, ADMIN, "csv", path)
    assert exists.value.code == "exists"
    assert path.read_text(encoding="utf-8") == "someone else's"
    assert [p.name for p in out.iterdir()] == ["blocked.csv"] and audit(store) == []
