"""Pilot: the domains screen (seed 000) against a real nsd on loopback.

The demo tenant has sample.co.jp (primary), sample-demo.by-works.com (provided) and
sample-group.jp (pending). nsd serves sample.co.jp without an MX (a finding with a fix)
and sample-group.jp with its real MX plus the verification MX of the token written into
the store copy; a blackhole never answers (a timeout while the others have answered).
"""

from __future__ import annotations

import sys
from pathlib import Path

import idna
import pytest
from textual import events
from textual.widgets import Input

from helpdesk_tui import clock
from helpdesk_tui.domains import WARNING_IDS, switch_impact, switch_warnings, warning_params
from helpdesk_tui.screens.confirm_typed import ConfirmTypedModal
from helpdesk_tui.screens.domains import DomainsScreen
from helpdesk_tui.screens.text_prompt import TextPromptModal
from helpdesk_tui.operators import current_os_user
from helpdesk_tui.store import Store
from helpdesk_tui.widgets.dns_results import CheckRows
from helpdesk_tui.widgets.domain_table import DomainTable
from ui_helpers import NOW, screen_text, wait_for, wait_ready, widget_text

sys.path.append(str(Path(__file__).resolve().parents[1] / "dns"))
from loopback_dns import NSD, Blackhole, Nsd, zone_text  # noqa: E402

TOKEN = "0123456789abcdef0123"
TIMEOUT = 0.8
ZONES = {
    "sample.co.jp": zone_text("sample.co.jp", "@ IN A 192.0.2.1"),
    "sample-group.jp": zone_text("sample-group.jp", f"""
@ IN MX 10 mx.sample-group.jp.
@ IN MX 100 {TOKEN}.msv1.invalid.
mx IN A 192.0.2.2
"""),
}


@pytest.fixture(scope="module")
def nsd(tmp_path_factory):
    if not Path(NSD).exists():
        pytest.skip("nsd is not installed (scripts/test.sh installs it)")
    server = Nsd(tmp_path_factory.mktemp("nsd-ui"), ZONES)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def blackhole():
    hole = Blackhole()
    yield hole
    hole.close()


def prepare(path: Path, *, admin: bool, group_status: str = "pending") -> None:
    """The OS user's role, and sample-group.jp carrying TOKEN (added at NOW)."""
    store = Store.open(path)
    with store.transaction() as tx:
        if admin:
            tx.operators.put({"username": current_os_user(), "role": "admin", "display_name": "テスト 管理者"})
        tenant = tx.tenant.get()
        for entry in tenant["domains"]:
            if entry["name"] == "sample-group.jp":
                entry.update(status=group_status, token=TOKEN, added_at=clock.iso(NOW))
        tx.tenant.set(tenant)


def servers(nsd, *extra) -> dict:
    return {"resolvers": [nsd.spec, *(h.spec for h in extra)], "authoritative": [nsd.spec],
            "timeout": TIMEOUT}


async def open_domains(pilot, **kwargs) -> DomainsScreen:
    await wait_ready(pilot)
    screen = DomainsScreen(**kwargs)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.views is not None)
    await pilot.pause()
    return screen


async def highlight(pilot, screen: DomainsScreen, name: str) -> None:
    table = screen.query_one(DomainTable)
    table.select(name)
    await pilot.pause()
    assert table.selected_name == name


def info(screen) -> str:
    return widget_text(screen.query_one("#domain-info"), width=200)


def rows(screen) -> dict[tuple[str, str], list[str]]:
    table = screen.query_one(CheckRows)
    found = {}
    for index in range(table.row_count):
        cells = [c.plain for c in table.get_row_at(index)]
        found[(cells[0], cells[1])] = cells
    return found


async def paste(pilot, text: str) -> None:
    """As a terminal delivers a paste (or an IME its text): to the app, for the focused field."""
    assert isinstance(pilot.app.focused, Input)
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def tenant(path: Path) -> dict:
    return Store.open(path).get_tenant()


@pytest.mark.parametrize("lang, words", [
    ("en", ["Domains", "sample.co.jp", "primary", "sample-demo.by-works.com", "provided by LINE WORKS",
            "sample-group.jp", "ownership pending"]),
    ("ja", ["ドメイン", "sample.co.jp", "プライマリ", "LINE WORKS 提供", "所有権確認待ち"]),
])
async def test_the_table_lists_every_domain_with_its_state(make_app, lang, words):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_domains(pilot)
        text = screen_text(app)
        for word in words:
            assert word in text
        assert "a " in text.splitlines()[-1]  # the footer lists the keys


async def test_check_fills_in_per_server_and_a_dead_one_times_out(make_app, nsd, blackhole):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd, blackhole))
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("c")
        # The zone's server and the live resolver answer at once; the blackhole is still pending.
        await wait_for(pilot, lambda: rows(screen).get((nsd.spec, "resolver"), [""] * 3)[2] == "ok"
                       and rows(screen).get((nsd.spec, "auth"), [""] * 3)[2] == "ok")
        assert rows(screen)[(blackhole.spec, "resolver")][2] == "waiting…"
        assert list(rows(screen))[0][1] == "auth"  # the truth first
        await wait_for(pilot, lambda: rows(screen)[(blackhole.spec, "resolver")][2] == "timeout")
        await wait_for(pilot, lambda: "Findings" in info(screen))
        shown = info(screen)
        assert "No MX record" in shown and "(mx-missing)" in shown
        assert "fix: Publish an MX record at your DNS provider" in shown
        assert f"evidence: {nsd.spec} (AA): sample.co.jp MX: NOERROR, no MX record" in shown
        assert "DNS server timed out" in shown  # the blackhole, as a warning with evidence
        assert rows(screen)[(blackhole.spec, "resolver")][3].startswith("no answer within 0.8")


async def test_check_findings_in_japanese(make_app, nsd):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("c")
        await wait_for(pilot, lambda: "MX レコードがない" in info(screen))
        assert "対処: ドメイン管理サービスで MX レコードを登録してください" in info(screen)
        assert rows(screen)[(nsd.spec, "権威")][2] == "応答"


@pytest.mark.parametrize("lang, typed, added", [
    ("en", "例え．ＪＰ", "Added the domain"),
    ("ja", "ＳＨＯＰ．ショップ。ｊｐ", "を追加しました"),
])
async def test_add_accepts_japanese_and_full_width_and_shows_both_forms(make_app, store_copy, lang, typed, added):
    prepare(store_copy, admin=True)
    app = make_app(lang, path=store_copy)
    unicode_name = typed.replace("．", ".").replace("。", ".").lower()
    unicode_name = idna.decode(idna.encode(unicode_name, uts46=True))
    punycode = idna.encode(unicode_name, uts46=True).decode()
    assert punycode.startswith(("xn--", "shop.xn--"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await paste(pilot, typed)  # as an IME or a PDF hands it over
        preview = widget_text(app.screen.query_one("#prompt-preview"))
        assert unicode_name in preview and punycode in preview
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and added in info(screen))
        await wait_for(pilot, lambda: punycode in [v.name for v in screen.views])
        assert f"{unicode_name} ({punycode})" in info(screen)
        assert f"{punycode}. 3600 IN MX 100 " in info(screen)  # the exact record to publish
        assert f"{unicode_name} ({punycode})" in screen_text(app)
        assert any(d["name"] == punycode and d["status"] == "pending" for d in tenant(store_copy)["domains"])


async def test_a_bad_name_is_explained_in_the_prompt(make_app, store_copy):
    prepare(store_copy, admin=True)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_domains(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await paste(pilot, "tanaka@example.jp")
        assert "is an e-mail address; give only the domain after the @ (example.jp)" in widget_text(
            app.screen.query_one("#prompt-preview"), width=200)
        await pilot.press("enter")  # refused in the prompt itself
        assert isinstance(app.screen, TextPromptModal)


async def test_record_and_verify_record_the_result(make_app, store_copy, nsd):
    prepare(store_copy, admin=True)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        await highlight(pilot, screen, "sample-group.jp")
        await pilot.press("r")
        await wait_for(pilot, lambda: "ADD this MX record beside the MX records you have now" in info(screen))
        assert "Do not delete or change the current MX records until the domain shows verified" in info(screen)
        assert f"sample-group.jp. 3600 IN MX 100 {TOKEN}.msv1.invalid." in info(screen)
        await pilot.press("v")
        await wait_for(pilot, lambda: "ownership is now verified" in info(screen))
        assert rows(screen)[(nsd.spec, "auth")][2] == "ok"
        assert "Verified" in info(screen)  # the check's own finding
        entry = next(d for d in tenant(store_copy)["domains"] if d["name"] == "sample-group.jp")
        assert entry["status"] == "verified"
        await wait_for(pilot, lambda: "ownership verified" in screen_text(app))


@pytest.mark.parametrize("lang, reason", [
    ("en", "only the top administrator (role admin) may run domain make-primary; your role is agent"),
    ("ja", "domain make-primary は最高管理者（ロール admin）だけが実行できます。あなたのロールは agent です。"),
])
async def test_make_primary_is_refused_for_an_agent_with_the_reason(make_app, store_copy, lang, reason):
    prepare(store_copy, admin=False, group_status="verified")
    app = make_app(lang, path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot)
        await highlight(pilot, screen, "sample-group.jp")
        await pilot.press("p")
        await wait_for(pilot, lambda: reason in info(screen))
        assert not isinstance(app.screen, ConfirmTypedModal)
        assert tenant(store_copy)["primary_domain"] == "sample.co.jp"


async def test_make_primary_refuses_an_unverified_domain(make_app, store_copy):
    prepare(store_copy, admin=True)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot)
        await highlight(pilot, screen, "sample-group.jp")
        await pilot.press("p")
        await wait_for(pilot, lambda: "the ownership of sample-group.jp is not verified yet" in info(screen))


async def test_make_primary_for_an_admin_after_every_warning_and_the_name_typed_back(make_app, store_copy):
    prepare(store_copy, admin=True, group_status="verified")
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot)
        await highlight(pilot, screen, "sample-group.jp")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmTypedModal))
        modal = app.screen
        shown = widget_text(modal.query_one("#confirm-lines"), width=400)
        store = Store.open(store_copy)
        params = warning_params(store.get_tenant(), "sample-group.jp", switch_impact(store), NOW)
        warnings = switch_warnings("en", params)
        assert [w.id for w, _text in warnings] == list(WARNING_IDS) and len(warnings) == 6
        for number, (_warning, text) in enumerate(warnings, 1):
            assert f"{number}. {text}" in shown  # every seed-000 warning, filled in
        assert "sample.co.jp becomes a sub mail domain" in shown
        assert "仮ID@" in shown and "custom URL" in shown and "linked to LINE WORKS" in shown
        assert "000_b509925ec010ac1e.txt" in shown
        await pilot.press(*"sample-group.j")
        await pilot.press("enter")  # not the name yet: nothing happens
        assert app.screen is modal
        await pilot.press("p", "enter")
        await wait_for(pilot, lambda: "The primary domain is now sample-group.jp" in info(screen))
        assert tenant(store_copy)["primary_domain"] == "sample-group.jp"
        await wait_for(pilot, lambda: "locked until" in screen_text(app))
        # Within the 24 h lock, switching back is refused with the time it unlocks.
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("p")
        await wait_for(pilot, lambda: "cannot be changed again for 24 hours" in info(screen))


async def test_deleting_the_provided_domain_needs_its_name_typed_back(make_app, store_copy):
    prepare(store_copy, admin=True)
    app = make_app("ja", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot)
        await highlight(pilot, screen, "sample-demo.by-works.com")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmTypedModal))
        assert "一度削除すると再び利用できません" in widget_text(app.screen.query_one("#confirm-lines"), width=300)
        await paste(pilot, "sample-demo.by-works.co")
        await pilot.press("enter")  # not the name: nothing happens
        assert isinstance(app.screen, ConfirmTypedModal)
        await pilot.press("m", "enter")
        await wait_for(pilot, lambda: "ドメイン sample-demo.by-works.com を削除しました。" in info(screen))
        assert "一度削除すると再び利用できません" in info(screen)
        await wait_for(pilot, lambda: "sample-demo.by-works.com" not in [v.name for v in screen.views])
        assert all(d["name"] != "sample-demo.by-works.com" for d in tenant(store_copy)["domains"])


async def test_escape_goes_back(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_domains(pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, DomainsScreen)


async def test_a_language_switch_relabels_rows_and_findings(make_app, nsd):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("c")
        await wait_for(pilot, lambda: "No MX record" in info(screen))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "MX レコードがない" in info(screen))
        assert (nsd.spec, "権威") in rows(screen)
        assert "プライマリ" in screen_text(app)


async def test_hostile_names_from_the_store_stay_literal(make_app, store_copy, nsd):
    store = Store.open(store_copy)
    with store.transaction() as tx:
        record = tx.tenant.get()
        record["domains"].append({"name": "[b]evil[/b].example", "status": "pending", "provided": False})
        tx.tenant.set(record)
    app = make_app("en", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        assert "[b]evil[/b].example" in screen_text(app)
        await highlight(pilot, screen, "[b]evil[/b].example")
        await pilot.press("c")  # the DNS engine refuses the name; the reason is shown as typed
        await wait_for(pilot, lambda: "[b]evil[/b].example" in info(screen))
        assert app.screen is screen


async def test_an_engine_error_is_shown_and_the_console_keeps_running(make_app, nsd, monkeypatch):
    # Issue 13: a DNS engine exception in the check worker used to end the app.
    import helpdesk_tui.dns as engine

    async def broken(*args, **kwargs):
        raise TypeError("cannot unpack non-iterable NoneType object")
        yield  # pragma: no cover - makes this an async generator like the real one

    monkeypatch.setattr(engine, "iter_check", broken)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("c")
        await wait_for(pilot, lambda: "internal error" in info(screen))
        assert "TypeError: cannot unpack non-iterable NoneType object" in info(screen)
        assert app.is_running and app.screen is screen
        await pilot.press("c")  # and it can be asked again
        await wait_for(pilot, lambda: "internal error" in info(screen))


async def test_japanese_screen_has_no_english_for_a_timeout_and_counts_right(make_app, nsd, blackhole):
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, resolvers=[blackhole.spec], authoritative=[nsd.spec], timeout=TIMEOUT)
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("c")
        await wait_for(pilot, lambda: "2 台のサーバに問い合わせ" in info(screen))
        await wait_for(pilot, lambda: rows(screen)[(blackhole.spec, "リゾルバ")][2] == "タイムアウト")
        assert rows(screen)[(blackhole.spec, "リゾルバ")][3].startswith("0.8 秒以内に応答なし")
        await wait_for(pilot, lambda: "結果" in info(screen))
        assert "no answer within" not in info(screen) and "秒以内に応答がありませんでした" in info(screen)


async def test_verify_in_japanese_names_the_finding_by_its_label(make_app, store_copy, nsd):
    prepare(store_copy, admin=True)
    app = make_app("ja", path=store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        await highlight(pilot, screen, "sample-group.jp")
        await pilot.press("v")
        await wait_for(pilot, lambda: "所見:" in info(screen))
        assert "所見: 確認済み (verified)" in info(screen) and "所見: verified" not in info(screen)


async def test_mail_authentication_findings_are_on_the_domains_screen(make_app, nsd):
    # sample-group.jp publishes no SPF and no DMARC: both shown with evidence and fix.
    app = make_app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, **servers(nsd))
        await highlight(pilot, screen, "sample-group.jp")
        await pilot.press("c")
        await wait_for(pilot, lambda: "結果" in info(screen))
        shown = info(screen)
        assert "SPF レコードがない  (spf-missing)" in shown and "DMARC レコードがない  (dmarc-missing)" in shown
        assert "対処: _dmarc.sample-group.jp に TXT レコードを登録してください" in shown
        assert "sample-group.jp TXT: NOERROR、TXT レコードなし" in shown  # evidence, in Japanese


async def test_discovered_name_servers_get_rows_and_count(make_app, nsd):
    # No --authoritative: the zone's NS (ns1.sample.co.jp) is found through the resolver and
    # asked too, so the screen says 2 servers, not 1 ("asking 1 servers" before).
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_domains(pilot, resolvers=[nsd.spec], timeout=TIMEOUT)
        await highlight(pilot, screen, "sample.co.jp")
        await pilot.press("c")
        await wait_for(pilot, lambda: "Findings" in info(screen))
        assert "2 servers asked in" in info(screen)
        assert "ns1.sample.co.jp 127.0.0.1" in [server for server, role in rows(screen) if role == "auth"]
