"""Pilot: the keyboard model — ``?`` keys, ``ctrl+p`` palette, ``/``, ``ctrl+l``, escape."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from helpdesk_tui.app import HelpdeskApp
from helpdesk_tui.screens.keys import KeysScreen
from helpdesk_tui.screens.member import MemberScreen
from helpdesk_tui.screens.search import SearchScreen
from ui_helpers import edge, screen_text, wait_for, wait_member_view, wait_ready


def all_bindings():
    """Every binding of the app and of every screen and widget class in the package
    (found by walking the modules, so a new screen cannot be forgotten here)."""
    import importlib
    import pkgutil

    import helpdesk_tui.screens
    import helpdesk_tui.widgets
    from textual.dom import DOMNode

    classes = {HelpdeskApp}
    for package in (helpdesk_tui.screens, helpdesk_tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes |= {value for value in vars(module).values()
                        if isinstance(value, type) and issubclass(value, DOMNode)
                        and value.__module__ == module.__name__}
    for cls in sorted(classes, key=lambda c: c.__name__):
        for binding in cls.__dict__.get("BINDINGS", []):
            yield cls.__name__, binding


def test_every_binding_has_an_id_and_a_catalogued_description():
    from helpdesk_tui.i18n import catalogue

    ids = set()
    for owner, binding in all_bindings():
        assert binding.id, f"{owner}: {binding.key} has no id"
        ids.add(binding.id)
        if binding.description:
            for lang in ("ja", "en"):
                assert binding.description in catalogue(lang), (owner, binding.description, lang)
    assert {"focus-search", "show-keys", "command-palette", "toggle-language", "quit", "back"} <= ids


@pytest.mark.parametrize("lang, title, entry", [("ja", "キー操作", "戻る"), ("en", "Keys", "Back")])
async def test_question_mark_lists_the_keys_of_the_screen_beneath(make_app, lang, title, entry):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")  # works from inside the search box
        assert isinstance(app.screen, KeysScreen)
        assert title in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search").value == ""  # "?" was not typed

        app.open_member(edge("locked"))
        await wait_member_view(pilot, edge("locked"))
        await pilot.press("question_mark")
        text = screen_text(app)
        assert entry in text
        await pilot.press("question_mark")  # ? toggles it closed
        assert isinstance(app.screen, MemberScreen)


async def test_footer_always_shows_the_keys(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        for words in ("Open", "/ Search", "? Keys", "^p Commands"):
            assert words in footer
        app.open_member(edge("active"))
        await wait_member_view(pilot, edge("active"))
        footer = screen_text(app).splitlines()[-1]
        for words in ("esc Back", "12345 Panes", "? Keys", "^p Commands"):
            assert words in footer


@pytest.mark.parametrize("lang, command", [("en", "Switch language"), ("ja", "表示言語を切り替える")])
async def test_palette_reaches_commands_and_members(make_app, members, lang, command):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"edge-landline")
        await pilot.pause(0.4)
        assert members[edge("landline")]["name"] in screen_text(app)
        await pilot.press("enter")
        await wait_member_view(pilot, edge("landline"))

        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause(0.3)
        assert command in screen_text(app)  # discovery lists the commands
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)


async def test_slash_goes_back_to_search_from_anywhere(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_member(edge("active"))
        await wait_member_view(pilot, edge("active"))
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search").has_focus


async def test_ctrl_l_switches_language_everywhere(make_app):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"edge-locked")
        await pilot.press("enter")
        await wait_member_view(pilot, edge("locked"))
        assert "一時停止 (ログイン失敗)" in screen_text(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        text = screen_text(app)
        assert "Locked (failed logins)" in text and "Security info" in text
        assert "esc Back" in text.splitlines()[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert "Member search" in screen_text(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "メンバー検索" in screen_text(app)


@pytest.mark.parametrize("lang, verb", [("en", "open"), ("ja", "開く")])
async def test_palette_open_verb_then_a_name(make_app, members, lang, verb):
    app = make_app(lang)
    name = members[edge("locked")]["name"]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one("CommandInput").value = f"{verb} {name}"
        await pilot.pause(0.4)
        assert name in screen_text(app)
        app.screen.query_one("CommandInput").value = verb
        await pilot.pause(0.4)
        assert ("Open member…" if lang == "en" else "メンバーを開く…") in screen_text(app)


@pytest.mark.parametrize("lang, typed, screen_name, title", [
    ("en", "Domains", "DomainsScreen", "Domains"), ("ja", "ドメイン", "DomainsScreen", "ドメイン"),
    ("en", "Mail-server migration", "MigrationScreen", "Mail-server migration"),
    ("ja", "メールサーバ移行", "MigrationScreen", "メールサーバ移行"),
    ("en", "Audit log", "AuditScreen", "Audit log"), ("ja", "監査ログ", "AuditScreen", "監査ログ"),
    ("en", "Download blocked-member list", "ExportBlockedModal", None),
    ("ja", "ログイン情報の変更を要請", "BulkRequestScreen", None),
])
async def test_palette_opens_the_tenant_wide_screens(make_app, lang, typed, screen_name, title):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*typed)
        await pilot.pause(0.4)
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == screen_name)
        if title is not None:
            assert title in screen_text(app).splitlines()[0]
        if screen_name in ("DomainsScreen", "MigrationScreen"):
            await pilot.press("escape", "escape")  # the migration screen's first escape leaves its text field
            await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
