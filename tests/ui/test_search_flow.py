"""Pilot: search as you type, open a member, come back; in Japanese and English."""

from __future__ import annotations

import unicodedata

import pytest

from helpdesk_tui.screens.member import MemberScreen
from helpdesk_tui.screens.search import SearchScreen
from helpdesk_tui.widgets.member_table import MemberTable
from ui_helpers import edge, screen_text, wait_member_view, wait_ready

ACTIVE = edge("active")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def phone_forms(record: dict) -> dict[str, str]:
    """The member's mobile written the ways callers and operators type it."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", record["mobile"]) if c.isdigit())
    hyphens = f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    return {
        "hyphens": hyphens,
        "spaces": hyphens.replace("-", " "),
        "full-width": full_width(digits),
        "+81": f"+81 {digits[1:3]}-{digits[3:7]}-{digits[7:]}",
        "digits": digits,
    }


async def search(pilot, query: str, *, type_it: bool = False) -> list[str]:
    """Replace the query (typed key by key, or set like a paste); the member ids shown."""
    app = pilot.app
    box = app.screen.query_one("#search")
    box.value = ""
    await pilot.press("slash")
    if type_it:
        await pilot.press(*query)  # one key per character, wide characters too
    else:
        box.value = query
    await pilot.pause()
    table = app.screen.query_one(MemberTable)
    return [row_key.value for row_key in table.rows]


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_find_by_every_field_then_open_and_go_back(make_app, members, lang):
    record = members[ACTIVE]
    queries = {
        "name": record["name"],
        "name without space": record["name"].replace(" ", ""),
        "kana": record["kana"],
        "katakana": "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in record["kana"]),
        "id": ACTIVE,
        "e-mail part": "edge-active",
        **{f"phone {form}": value for form, value in phone_forms(record).items()},
    }
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        typed = {"name", "kana", "phone hyphens", "phone full-width"}
        for what, query in queries.items():
            found = await search(pilot, query, type_it=what in typed)
            assert ACTIVE in found, f"{what}: {query!r} did not find {ACTIVE} ({found[:5]})"

        await search(pilot, "edge-locked")
        await pilot.press("enter")
        await wait_member_view(pilot, edge("locked"))
        text = screen_text(app)
        expected = {"ja": "一時停止 (ログイン失敗)", "en": "Locked (failed logins)"}[lang]
        assert expected in text
        assert members[edge("locked")]["name"] in text

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search").value == "edge-locked"


async def test_down_moves_into_results_and_enter_opens_the_highlighted_row(make_app, members):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        found = await search(pilot, "edge-")
        assert len(found) > 3
        await pilot.press("down")
        table = app.screen.query_one(MemberTable)
        assert table.has_focus
        await pilot.press("down", "down")
        await pilot.press("enter")
        await wait_member_view(pilot, found[2])
        await pilot.press("escape")
        await pilot.pause()
        # escape from the table goes back to the search box
        await pilot.press("escape")
        assert app.screen.query_one("#search").has_focus


async def test_no_match_says_so(make_app):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert await search(pilot, "zzzz-nobody") == []
        assert "一致するメンバーはいません" in screen_text(app)
        await pilot.press("enter")  # nothing to open: stays put
        assert not isinstance(app.screen, MemberScreen)


async def test_status_words_and_blocked_marker_in_the_table(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await search(pilot, "edge-blocked")
        text = screen_text(app)
        row = next(line for line in text.splitlines() if "edge-blocked@" in line)
        assert row.lstrip().startswith("!") and "Active" in row
        assert "! = app access blocked" in text
        await search(pilot, "edge-suspended")
        assert "Suspended" in screen_text(app)


async def test_typing_in_the_results_goes_on_with_the_search(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await search(pilot, "edge-l")
        await pilot.press("down")
        table = app.screen.query_one(MemberTable)
        assert table.has_focus
        await pilot.press("a", "n", "d")
        await pilot.pause()
        box = app.screen.query_one("#search")
        assert box.has_focus and box.value == "edge-land"
        assert [str(key.value) for key in table.rows] == [edge("landline")]
        await pilot.press("down", "backspace")
        await pilot.pause()
        assert box.has_focus and box.value == "edge-lan"
        # "/" selects the query, so what is typed next starts a new search
        await pilot.press("down", "slash", "t", "a")
        await pilot.pause()
        assert box.value == "ta"
