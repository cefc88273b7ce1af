"""Pilot: verifying a caller by the e-mailed code. Choosing 4 sends a one-time code to the
registered personal e-mail (a real SMTP server on loopback); the verification is recorded
only after the operator types back the code the caller reads out — a wrong code is
refused and the modal stays open."""

from __future__ import annotations

import re

from helpdesk_tui.screens.verify import VerifyModal
from helpdesk_tui.store import Store
from test_ticket_ui import facts_text, new_ticket, show_ticket, until_saved
from tests.delivery.relay_support import Relay
from ui_helpers import edge, screen_text, wait_for


async def test_the_code_typed_back_verifies_and_a_wrong_one_does_not(make_app, store_copy, tmp_path, monkeypatch):
    relay = Relay().start()
    try:
        settings = tmp_path / "config.toml"
        settings.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {relay.port}\nsecurity = "none"\n'
                            f'from = "helpdesk@sample.co.jp"\n', encoding="utf-8")
        monkeypatch.setenv("HELPDESK_CONFIG", str(settings))
        store = Store.open(store_copy)
        with store.transaction() as tx:
            tx.members.put({**tx.members.get(edge("active")), "recovery_email": "taro.private@example.net"})
        ticket = new_ticket(store_copy, "active")
        app = make_app("en", path=store_copy)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await show_ticket(pilot, ticket)
            await pilot.press("v")
            await wait_for(pilot, lambda: isinstance(app.screen, VerifyModal))
            await pilot.press("4", "enter")
            await wait_for(pilot, lambda: app.screen.has_class("-code") and relay.mailbox.raw, timeout=10)
            code = re.search(r"\b(\d{6})\b", relay.mailbox.raw[0].get_content()).group(1)
            wrong = "000000" if code != "000000" else "111111"
            await pilot.press(*wrong, "enter")
            await wait_for(pilot, lambda: "wrong code" in screen_text(app), timeout=10)
            assert isinstance(app.screen, VerifyModal)  # refused: nothing recorded
            code_box = app.screen.query_one("#verify-code")
            code_box.value = ""
            await pilot.press(*code, "enter")
            await until_saved(pilot, lambda view: view.verified)
            assert "taro.private@example.net" in facts_text(app)
        record = Store.open(store_copy).get_ticket(ticket)["verifications"][0]
        assert record["method"] == "code-to-registered-email"
        audited = [e.get("reason") for e in Store.open(store_copy).iter_log("audit") if e["action"] == "ticket-verify-code"]
        assert audited == ["wrong-code", None]
    finally:
        relay.stop()
