"""Pilot: the mail-server migration screen (seed 002).

Headers are pasted (a paste event, as a terminal delivers it) from the header fixtures;
the checklist writes through ``mail.mark_step`` into the store copy; propagation runs
against a real nsd on loopback, with a caching relay that still holds the old MX after
the zone was switched (stale) while the zone's own server has the new one (match).
"""

from __future__ import annotations

import sys
from pathlib import Path

import dns.message
import dns.query
import pytest
from textual import events
from textual.widgets import Input, TextArea

from helpdesk_tui.screens.migration import MigrationScreen
from helpdesk_tui.operators import current_os_user
from helpdesk_tui.store import Store
from helpdesk_tui.widgets.checklist import MigrationChecklist
from helpdesk_tui.widgets.dns_results import PropagationRows
from ui_helpers import screen_text, wait_for, wait_ready, widget_text

sys.path.append(str(Path(__file__).resolve().parents[1] / "dns"))
from loopback_dns import NSD, Nsd, Relay, zone_text  # noqa: E402

HEADERS = Path(__file__).resolve().parents[1] / "fixtures" / "headers"
TIMEOUT = 0.8


def move_zone(serial: int) -> str:
    """Before (serial 1): MX → old-mx with a 90 s TTL; after (serial 2): MX → new-mx."""
    host = "old-mx" if serial == 1 else "new-mx"
    return zone_text("move.test", f"@ 90 IN MX 10 {host}.move.test.\n"
                     "old-mx IN A 192.0.2.101\nnew-mx IN A 192.0.2.102", serial=serial)


@pytest.fixture
def switched(tmp_path):
    """(nsd serving move.test after the switch, a caching relay still holding the old MX)."""
    if not Path(NSD).exists():
        pytest.skip("nsd is not installed (scripts/test.sh installs it)")
    server = Nsd(tmp_path / "nsd", {"move.test": move_zone(1)})
    server.dir.mkdir()
    server.start()
    cache = Relay(server.port, cache=True)
    try:
        query = dns.message.make_query("move.test.", "MX")
        reply = dns.query.udp(query, "127.0.0.1", port=cache.port, timeout=2)  # the cache fills
        assert "old-mx" in reply.to_text()
        server.replace_zone("move.test", move_zone(2), serial=2)
        yield server, cache
    finally:
        cache.close()
        server.stop()


def as_admin(path: Path) -> None:
    store = Store.open(path)
    with store.transaction() as tx:
        tx.operators.put({"username": current_os_user(), "role": "admin", "display_name": "テスト 管理者"})


async def open_migration(pilot, **kwargs) -> MigrationScreen:
    await wait_ready(pilot)
    screen = MigrationScreen(**kwargs)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.checklist is not None)
    await pilot.pause()
    return screen


async def paste_headers(pilot, name: str) -> None:
    area = pilot.app.screen.query_one("#headers", TextArea)
    area.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste((HEADERS / name).read_text(encoding="utf-8")))  # as a terminal does
    await wait_for(pilot, lambda: area.text.strip() != "")
    pane = pilot.app.screen.query_one("#received-pane")
    await wait_for(pilot, lambda: not pane.busy)  # parsed in a worker once typing pauses
    await pilot.pause()


def received(screen) -> str:
    return widget_text(screen.query_one("#received-result"), width=300)


def status(screen) -> str:
    return widget_text(screen.query_one("#checklist-status"), width=300)


@pytest.mark.parametrize("lang, found, reason", [
    ("en", "Current mail server's IP address: 203.0.113.26",
     "relays the message inside the receiving side (ows-server.jp)"),
    ("ja", "現行メールサーバの IP アドレス: 203.0.113.26", "ows-server.jp"),
])
async def test_pasted_exchange_headers_give_the_ip_the_hop_and_why(make_app, lang, found, reason):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await paste_headers(pilot, "exchange_o365_inbound.txt")
        shown = received(screen)
        assert found in shown and reason in shown
        assert "Received: from mx.ows-server.jp (mx.ows-server.jp [203.0.113.26])" in shown  # the chosen hop
        assert " * 4  mx.ows-server.jp  [203.0.113.26]" in shown
        assert "fe80::1c2d:3e4f:5a6b:7c8d" in shown  # the link-local hop, skipped and said so
        assert "002_c707fd664de90ac5.txt" in shown
        assert "203.0.113.26" in screen_text(app)


@pytest.mark.parametrize("lang, none, reason", [
    ("en", "The current mail server's IP address could not be determined.", "no Received: header found"),
    ("ja", "現行メールサーバの IP アドレスは特定できませんでした。", "Received:"),
])
async def test_headers_without_an_ip_give_the_clear_message(make_app, lang, none, reason):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await paste_headers(pilot, "no_received.txt")
        shown = received(screen)
        assert none in shown and reason in shown
        assert none in screen_text(app)


async def test_checklist_toggles_are_persisted_in_the_store(make_app, store_copy):
    as_admin(store_copy)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await paste_headers(pilot, "exchange_o365_inbound.txt")
        await pilot.press("escape")  # out of the text area (the screen stays)
        assert app.screen is screen
        await pilot.press("2")
        steps = screen.query_one(MigrationChecklist)
        assert screen.focused is steps
        assert "[ ] 1. Found the current mail server's IP address" in screen_text(app)
        first = steps.get_option_at_index(0).prompt.plain
        assert "「現行メールサーバー(OWS Sプランまたは他社)のIPアドレスの確認」" in first  # the seed heading
        assert "Source: 002_c707fd664de90ac5.txt" in status(screen)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.checklist.steps[0].done)
        migration = Store.open(store_copy).get_tenant()["mail_migration"]
        assert migration["server_ip"] == "203.0.113.26"  # the IP pane 1 found
        assert migration["steps"][0] | {"at": None} == {"step": "server-ip-found", "done": True,
                                                         "by": current_os_user(), "at": None}
        assert "[x] 1. Found the current mail server's IP address" in screen_text(app)
        assert "Current server's IP address: 203.0.113.26" in status(screen)
        await pilot.press("down", "down", "down", "enter")  # step 4 needs 2 and 3 first
        await wait_for(pilot, lambda: "before all-devices-done, finish" in status(screen))
        await pilot.press("up", "up", "up", "enter")  # undo step 1
        await wait_for(pilot, lambda: not screen.checklist.steps[0].done)
        step = Store.open(store_copy).get_tenant()["mail_migration"]["steps"][0]
        assert step["done"] is False


@pytest.mark.parametrize("lang, reason", [
    ("en", "only the top administrator (role admin) may change the mail checklist; your role is agent"),
    ("ja", "mail checklist の変更は最高管理者（ロール admin）だけが行えます。あなたのロールは agent です。"),
])
async def test_an_agent_cannot_tick_a_step(make_app, store_copy, lang, reason):
    app = make_app(lang, path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await pilot.press("escape", "2", "space")
        await wait_for(pilot, lambda: reason in status(screen))
        assert Store.open(store_copy).get_tenant().get("mail_migration") is None


@pytest.mark.parametrize("lang, typed, words", [
    ("en", "2026-11-20 15:00", ["cannot be requested", "a same-day switch cannot be requested",
                                "earliest possible: 2026-11-23 15:00"]),
    ("en", "2026-11-24 18:00", ["after business hours (17:30)", "earliest possible: 2026-11-25 09:00"]),
    ("en", "2026-11-24 10:00", ["2026-11-24 10:00 is within the provider's hours", "Public holidays are not checked"]),
    ("ja", "2026-11-21 10:00", ["には依頼できません", "2026-11-23 10:00"]),
    ("en", "next tuesday", ["Not a date and time: next tuesday"]),
])
async def test_the_switch_time_is_checked_as_it_is_typed(make_app, lang, typed, words):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await pilot.press("escape", "2")
        field = screen.query_one("#switch-at", Input)
        field.focus()
        await pilot.pause()
        app.post_message(events.Paste(typed))
        await wait_for(pilot, lambda: field.value == typed)
        await pilot.pause()
        verdict = widget_text(screen.query_one("#switch-verdict"), width=300)
        for word in words:
            assert word in verdict


async def test_requesting_the_switch_before_the_other_steps_is_refused(make_app, store_copy):
    as_admin(store_copy)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await pilot.press("escape", "2")
        field = screen.query_one("#switch-at", Input)
        field.focus()
        await pilot.pause()
        app.post_message(events.Paste("2026-11-24 10:00"))
        await wait_for(pilot, lambda: field.value)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "before switch-requested, finish" in status(screen))


async def test_propagation_rows_fill_in_stale_and_match(make_app, switched):
    server, cache = switched
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot, resolvers=[cache.spec, server.spec],
                                      authoritative=[server.spec], timeout=TIMEOUT)
        await pilot.press("escape", "3")
        assert screen.focused is screen.query_one("#prop-domain")
        for field, value in (("#prop-domain", "move.test"), ("#prop-new", "new-mx.move.test"),
                             ("#prop-old", "old-mx.move.test")):
            screen.query_one(field, Input).value = value
        await pilot.press("enter")
        table = screen.query_one(PropagationRows)

        def states() -> dict:
            return {(c[0].plain, c[1].plain): (c[2].plain, c[3].plain, c[4].plain)
                    for c in (table.get_row_at(i) for i in range(table.row_count))}

        await wait_for(pilot, lambda: len(states()) == 3 and "waiting…" not in str(states()))
        shown = states()
        assert shown[(server.spec, "auth")][:2] == ("match", "new-mx.move.test")
        assert shown[(server.spec, "resolver")][:2] == ("match", "new-mx.move.test")
        state, said, ttl = shown[(cache.spec, "resolver")]
        assert (state, said) == ("stale", "old-mx.move.test") and 80 <= int(ttl.rstrip("s")) <= 90
        result = screen.query_one("#prop-result")
        await wait_for(pilot, lambda: "Findings" in widget_text(result, width=300))
        text = widget_text(result, width=300)
        assert "Authoritative servers: match" in text
        assert "By TTL, every cache seen should return the new MX by 2026-11-20 10:01" in text
        assert "Still serves old data" in text
        assert "A domain transfer and a DNS change are different things" in text
        assert "stale" in screen_text(app) and "match" in screen_text(app)


async def test_propagation_in_japanese_explains_transfer_versus_dns_change(make_app, switched):
    server, cache = switched
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot, resolvers=[cache.spec], authoritative=[server.spec],
                                      timeout=TIMEOUT)
        await pilot.press("escape", "3")
        screen.query_one("#prop-domain", Input).value = "move.test"
        screen.query_one("#prop-new", Input).value = "new-mx.move.test"
        await pilot.press("enter")
        result = screen.query_one("#prop-result")
        await wait_for(pilot, lambda: "結果" in widget_text(result, width=300))
        text = widget_text(result, width=300)
        assert "旧情報" in screen_text(app)  # the cache's row
        assert "古い情報を返している" in text
        assert "TTL から見て、2026-11-20 10:01 までに" in text
        assert "ドメイン移管と DNS 情報の切り替えは別の手続きです。" in text


async def test_propagation_needs_the_domain_and_the_new_mx(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await pilot.press("escape", "3", "enter")
        assert "Type both the domain and the new MX host." in widget_text(screen.query_one("#prop-result"))


async def test_escape_leaves_the_text_field_then_the_screen(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        assert isinstance(screen.focused, TextArea)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, MigrationScreen)


async def test_an_engine_error_is_shown_and_the_console_keeps_running(make_app, monkeypatch):
    # Issue 13: a DNS engine exception in a worker used to end the app, throwing an SSH
    # ForceCommand user out. Whatever the engine raises is now said on the pane.
    import helpdesk_tui.dns as engine

    async def broken(*args, **kwargs):
        raise RuntimeError("boom in the engine")
        yield  # pragma: no cover - makes this an async generator like the real one

    monkeypatch.setattr(engine, "iter_propagation", broken)
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot, resolvers=["127.0.0.1:9"], timeout=0.5)
        await pilot.press("escape", "3")
        screen.query_one("#prop-domain", Input).value = "move.test"
        screen.query_one("#prop-new", Input).value = "new-mx.move.test"
        await pilot.press("enter")
        result = screen.query_one("#prop-result")
        await wait_for(pilot, lambda: "内部エラー" in widget_text(result, width=300))
        assert "RuntimeError: boom in the engine" in widget_text(result, width=300)
        assert app.is_running and app.screen is screen


async def test_lowering_the_ttl_asks_the_old_ttl_and_checks_the_switch_time_against_it(make_app, store_copy):
    # Now is Friday 2026-11-20 10:00: lowered now from a three-day TTL, caches may keep the
    # old MX until Monday 10:00, so Monday 9:30 (within the provider's hours) is refused.
    as_admin(store_copy)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot)
        await pilot.press("escape", "2")
        steps = screen.query_one(MigrationChecklist)
        await wait_for(pilot, lambda: screen.checklist is not None)
        assert "(not in seed 002: DNS practice" in steps.get_option_at_index(4).prompt.plain
        steps.highlighted = 4
        await pilot.press("space")
        await wait_for(pilot, lambda: app.screen is not screen)  # the old-TTL prompt
        app.post_message(events.Paste("abc"))
        await pilot.pause()
        await pilot.press("enter")  # refused: not a number
        assert app.screen is not screen
        prompt_input = app.screen.query_one(Input)
        prompt_input.value = "259200"
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.checklist.steps[4].done)
        assert Store.open(store_copy).get_tenant()["mail_migration"]["old_ttl"] == 259200
        assert "MX TTL was 259200 s: switch no earlier than 2026-11-23 10:00" in status(screen)
        field = screen.query_one("#switch-at", Input)
        field.value = "2026-11-23 09:30"
        await pilot.pause()
        verdict = widget_text(screen.query_one("#switch-verdict"), width=300)
        assert "Too soon after lowering the MX TTL: switch at 2026-11-23 10:00 or later." in verdict


@pytest.fixture
def both(tmp_path):
    """nsd serving both.test mid-migration: the old MX (the checklist's server IP) and the
    new one both published; SPF lists only the old server."""
    if not Path(NSD).exists():
        pytest.skip("nsd is not installed (scripts/test.sh installs it)")
    server = Nsd(tmp_path / "nsd", {"both.test": zone_text("both.test", """
@ IN MX 10 mail.both.test.
@ IN MX 20 new-mx.both.test.
mail IN A 203.0.113.26
new-mx IN A 192.0.2.102
@ IN TXT "v=spf1 ip4:203.0.113.26 -all"
_dmarc IN TXT "v=DMARC1; p=reject"
""")})
    server.dir.mkdir()
    server.start()
    yield server
    server.stop()


async def test_propagation_uses_the_checklist_to_flag_dual_delivery_and_spf(make_app, store_copy, both):
    from helpdesk_tui.mail import mark_step

    as_admin(store_copy)
    admin = {"username": current_os_user(), "role": "admin"}
    store = Store.open(store_copy)
    mark_step(store, admin, "server-ip-found", server_ip="203.0.113.26")
    mark_step(store, admin, "accounts-created", new_server="new-mx.both.test")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_migration(pilot, resolvers=[both.spec], authoritative=[both.spec], timeout=TIMEOUT)
        await pilot.press("escape", "3")
        screen.query_one("#prop-domain", Input).value = "both.test"
        screen.query_one("#prop-new", Input).value = "new-mx.both.test"  # no old MX typed
        await pilot.press("enter")
        result = screen.query_one("#prop-result")
        await wait_for(pilot, lambda: "Findings" in widget_text(result, width=300))
        text = widget_text(result, width=300)
        assert "Old and new MX both published  (mx-dual-delivery)" in text
        assert "old MX (mail.both.test) and the new one (new-mx.both.test)" in text
        assert "New mail server not in SPF  (spf-missing-server)" in text and "192.0.2.102" in text
        assert "Propagated" not in text and "already answers the new MX" not in text
