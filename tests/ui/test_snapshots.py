"""SVG snapshots of the key screens at 80×24 (update with ``--snapshot-update``).

The demo store and the clock are pinned (conftest), so the pictures are stable. Each
test waits for the store worker before the screenshot is taken.
"""

from __future__ import annotations

from ui_helpers import edge, wait_member_view, wait_ready

SIZE = (80, 24)


def _opened(member_id: str, *, pane: str | None = None):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        pilot.app.open_member(member_id)
        await wait_member_view(pilot, member_id)
        if pane:
            await pilot.press(pane)
            await pilot.pause()

    return run_before


def _searched(query: str):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await pilot.press(*query)
        await pilot.pause()

    return run_before


def test_search_results_with_japanese_and_hostile_names(snap_compare, make_app):
    """Japanese names aligned in the table next to `[bold]x[/]`, ANSI and control chars."""
    assert snap_compare(make_app("ja"), terminal_size=SIZE, run_before=_searched("edge-"))


def test_security_view_locked_member_ja(snap_compare, make_app):
    """一時停止 (ログイン失敗): status in words, recovery contacts, profile."""
    assert snap_compare(make_app("ja"), terminal_size=SIZE, run_before=_opened(edge("locked")))


def test_security_view_landline_recovery_en(snap_compare, make_app):
    """Recovery "mobile" is a landline: the summary says it cannot receive the SMS code."""
    assert snap_compare(make_app("en"), terminal_size=SIZE, run_before=_opened(edge("landline")))


def test_access_history_pane_ja(snap_compare, make_app):
    """Seed 003 アクセス状況 of the takeover-drill member: a connected foreign session."""
    assert snap_compare(make_app("ja"), terminal_size=SIZE, run_before=_opened(edge("suspicious"), pane="2"))


def test_keys_help(snap_compare, make_app):
    """`?` over the member screen: this screen's keys and the global ones."""

    async def run_before(pilot) -> None:
        await _opened(edge("active"))(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app("en"), terminal_size=SIZE, run_before=run_before)


def test_sixteen_colour_theme_search_and_member(snap_compare, make_app):
    """The ANSI theme (terminal's own 16 colours) on the blocked member's security view."""
    app = make_app("ja", theme="ansi-dark")
    assert snap_compare(app, terminal_size=SIZE, run_before=_opened(edge("blocked")))


def test_keys_help_ja(snap_compare, make_app):
    """`?` in Japanese: the pane keys named as the tabs are (セキュリティ情報…)."""

    async def run_before(pilot) -> None:
        await _opened(edge("active"))(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app("ja"), terminal_size=SIZE, run_before=run_before)


def test_first_screen_en(snap_compare, make_app):
    """The demo's first screen: people first, the hostile test names among them by kana."""

    async def run_before(pilot) -> None:
        await wait_ready(pilot)

    assert snap_compare(make_app("en"), terminal_size=SIZE, run_before=run_before)
