"""The console always says which directory its actions change: TinyDB (the store) or
LINE WORKS (the loopback fake API, synced into the store's mirror at start-up)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from ui_helpers import THEME, screen_text, wait_ready

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lineworks"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "directory"))

from fake_api import FakeLineWorks  # noqa: E402
from lw_mirror import seed_fake  # noqa: E402
from lw_support import CLIENT_ID, CLIENT_SECRET, DOMAIN_ID, SERVICE_ACCOUNT, config_toml, pem, write_private  # noqa: E402


@pytest.fixture
def lineworks(store_copy, tmp_path, monkeypatch):
    from helpdesk_tui.directory import LineWorksBackend
    from helpdesk_tui.lineworks import LineWorksClient, load_config
    from helpdesk_tui.store import Store

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fake = FakeLineWorks(public_key=key.public_key(), client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                         service_account=SERVICE_ACCOUNT, domain_id=DOMAIN_ID).start()
    seed_fake(fake, Store.open(store_copy).iter_members())
    write_private(tmp_path / "private.key", pem(key))
    (tmp_path / "config.toml").write_text(config_toml(api_base_url=fake.api_base_url, auth_url=fake.auth_url,
                                                      key="private.key"), encoding="utf-8")
    http = httpx.Client(timeout=5, trust_env=False)
    backend = LineWorksBackend(load_config(tmp_path / "config.toml"),
                               client=LineWorksClient(load_config(tmp_path / "config.toml"), http=http))
    yield backend, fake
    backend.close()
    http.close()
    fake.stop()


@pytest.mark.parametrize("which", ["tinydb", "lineworks"])
async def test_the_backend_label_is_shown_at_80x24(which, store_copy, request):
    from helpdesk_tui.app import HelpdeskApp

    backend, fake = request.getfixturevalue("lineworks") if which == "lineworks" else (None, None)
    app = HelpdeskApp(store_copy, "en", theme=THEME, backend=backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        first_line = screen_text(app).splitlines()[0]
        if which == "tinydb":
            assert first_line.rstrip().endswith("│ TinyDB")
            assert "Member search · 株式会社サンプル" in first_line  # the home screen names the tenant
        else:
            assert f"LINE WORKS · {DOMAIN_ID}" in first_line
            from ui_helpers import wait_for
            await wait_for(pilot, lambda: fake.count("GET", "/users") >= 1)  # the sync runs after the first screen


async def test_an_action_the_api_lacks_shows_the_admin_screen_steps_and_changes_nothing(store_copy, lineworks):
    from helpdesk_tui.app import HelpdeskApp
    from helpdesk_tui.screens.action_pane import ActionScreen
    from helpdesk_tui.store import Store
    from ui_helpers import wait_for

    from conftest import OPERATOR

    backend, fake = lineworks
    store = Store.open(store_copy)
    with store.transaction() as tx:  # a supervisor may block app access
        tx.operators.put({**OPERATOR, "role": "supervisor"})
    member = "edge-suspicious@sample.co.jp"
    app = HelpdeskApp(store_copy, "ja", theme=THEME, backend=backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_action(member, "block-app-access")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionScreen))
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "アクセスブロック] をクリック" in screen_text(app).replace("\n", ""), timeout=10)
        text = screen_text(app).replace("\n", "")
        assert "「メンバーセキュリティ」の [アクセスブロック] をクリックします。" in text  # seed 003, verbatim
        assert "1. " in text
    assert Store.open(store_copy).get_member(member)["app_access_blocked"] is False
    entry = list(Store.open(store_copy).iter_log("audit"))[-1]
    assert (entry["action"], entry["outcome"], entry["directory"]) == ("block-app-access", "guided", "lineworks")
    writes = [r.route for r in fake.seen() if r.method in ("POST", "PATCH") and r.route.startswith("/users")]
    assert writes == []  # nothing was sent to the directory


async def test_a_live_members_login_history_comes_from_the_directory_audit_log(store_copy, lineworks):
    from helpdesk_tui.app import HelpdeskApp
    from helpdesk_tui.screens.member import MemberScreen
    from ui_helpers import wait_for

    backend, fake = lineworks
    member = "edge-suspicious@sample.co.jp"
    fake.audit_csv = ("time,user,ip,result\n"
                      f"2026-11-20T09:58:00+09:00,{member},198.51.100.7,[red]failed[/red]\n"
                      "2026-11-20T09:59:00+09:00,someone-else@sample.co.jp,203.0.113.9,success\n")
    app = HelpdeskApp(store_copy, "en", theme=THEME, backend=backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_member(member)
        await wait_for(pilot, lambda: isinstance(app.screen, MemberScreen))
        await pilot.press("2")
        await wait_for(pilot, lambda: "198.51.100.7" in screen_text(app), timeout=10)
        text = screen_text(app)
        assert "audit log (auth, last 7 days)" in text
        assert "result: [red]failed[/red]" in text  # the API's values, literally
        assert "203.0.113.9" not in text  # another member's login is not shown
    assert fake.count("GET", "/audits/logs/download") == 1
