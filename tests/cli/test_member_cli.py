"""``member search`` / ``member show``: the console's search and security view, scriptable."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.cli.conftest import NOW, run_cli, run_json

DOMAIN = "@sample.co.jp"


@pytest.mark.parametrize(
    ("query", "member"),
    [
        ("edge-landline", "edge-landline"),
        ("０９０", None),  # full-width digits fold like half-width ones
    ],
)
def test_search_finds_by_id(demo_store, query, member):
    found = run_json("member", "search", query, store=demo_store)
    assert found["total"] >= 1
    if member:
        assert found["members"][0]["id"] == member + DOMAIN


def test_search_by_recovery_number_in_every_written_form(demo_store):
    shown = run_json("member", "show", "edge-hyphens" + DOMAIN, store=demo_store)
    digits = "".join(c for c in shown["recovery_contacts"]["mobile"] if c.isdigit())
    forms = [digits, f"{digits[:3]}-{digits[3:7]}-{digits[7:]}", f"+81 {digits[1:3]} {digits[3:]}",
             digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
    for form in forms:
        ids = [m["id"] for m in run_json("member", "search", form, store=demo_store)["members"]]
        assert "edge-hyphens" + DOMAIN in ids, form


def test_search_by_kana_finds_the_kanji_name(demo_store):
    shown = run_json("member", "show", "edge-active" + DOMAIN, store=demo_store)
    katakana = shown["member"]["kana"].translate({c: c + 0x60 for c in range(0x3041, 0x3097)})
    ids = [m["id"] for m in run_json("member", "search", katakana, store=demo_store)["members"]]
    assert "edge-active" + DOMAIN in ids


def test_show_json_uses_glossary_ids(demo_store):
    locked = run_json("member", "show", "edge-locked" + DOMAIN, store=demo_store)
    assert locked["status"] == "suspended-login-failure"
    landline = run_json("member", "show", "edge-landline" + DOMAIN, store=demo_store)
    assert landline["recovery_contacts"]["mobile_kind"] == "landline"
    assert landline["recovery_contacts"]["mobile_can_receive_sms"] is False
    deleted = run_json("member", "show", "edge-deleted-3d" + DOMAIN, store=demo_store)
    assert deleted["status"] == "deleted" and deleted["restorable"] is True
    assert run_json("member", "show", "edge-deleted-8d" + DOMAIN, store=demo_store)["restorable"] is False


def test_show_text_in_japanese_and_english(demo_store):
    ja = run_cli("member", "show", "edge-locked" + DOMAIN, "--lang", "ja", store=demo_store)
    en = run_cli("member", "show", "edge-locked" + DOMAIN, "--lang", "en", store=demo_store)
    assert ja.returncode == en.returncode == 0
    assert "一時停止 (ログイン失敗)" in ja.stdout
    assert "login" in en.stdout.lower() and "一時停止" not in en.stdout


def test_hostile_names_never_reach_the_terminal_as_control_sequences(demo_store):
    for local in ("edge-name-ansi", "edge-name-osc", "edge-name-control", "edge-name-bidi"):
        text = run_cli("member", "show", local + DOMAIN, store=demo_store)
        assert text.returncode == 0
        assert not any(c in text.stdout for c in "\x1b\x07\x08\r\u202e"), local
    listing = run_cli("member", "search", "edge-name", store=demo_store)
    assert "\x1b" not in listing.stdout and "[bold]x[/]" in listing.stdout


def test_unknown_member_is_exit_1(demo_store):
    result = run_cli("member", "show", "nobody@nowhere", store=demo_store)
    assert result.returncode == 1 and "nobody@nowhere" in result.stderr


def test_missing_store_says_how_to_make_one(tmp_path):
    result = run_cli("member", "search", "x", store=tmp_path / "none")
    assert result.returncode == 3
    assert "helpdesk-tui demo" in result.stderr


def test_store_env_variable_is_used(demo_store):
    result = run_cli("member", "show", "edge-active" + DOMAIN, "--json",
                     env={"HELPDESK_STORE": str(demo_store)})
    assert result.returncode == 0, result.stderr


def test_show_text_says_what_is_wrong_with_the_recovery_number(demo_store):
    landline = run_cli("member", "show", "edge-landline" + DOMAIN, "--lang", "en", store=demo_store)
    assert "cannot receive the SMS code" in landline.stdout
    hyphens = run_cli("member", "show", "edge-hyphens" + DOMAIN, "--lang", "en", store=demo_store)
    assert "hyphens" in hyphens.stdout and "cannot receive" not in hyphens.stdout
    nothing = run_cli("member", "show", "edge-no-recovery" + DOMAIN, "--lang", "ja", store=demo_store)
    assert "認証用情報が未登録" in nothing.stdout


def test_show_text_gives_times_in_the_clock_zone_like_the_console(demo_store):
    # The tests pin the clock at +09:00 (conftest.NOW); the console shows times there too.
    shown = run_json("member", "show", "edge-landline" + DOMAIN, store=demo_store)
    at = datetime.fromisoformat(shown["last_access"]["at"]).astimezone(
        datetime.fromisoformat(NOW).tzinfo)
    text = run_cli("member", "show", "edge-landline" + DOMAIN, "--lang", "en", store=demo_store)
    assert f"Last access: {at:%Y-%m-%d %H:%M}" in text.stdout
