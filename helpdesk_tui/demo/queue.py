"""A few waiting tickets for the demo tenant, so the queue shows what a morning looks
like: different symptoms, channels, priorities and waiting times, one pending."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpdesk_tui import clock

# (member local part, symptom, channel, priority, minutes ago, note, pending?)
DEMO_TICKETS = (
    ("edge-line-initial-id", "id-forgotten", "e-mail", "low", 26 * 60,
     "LINE でログインしていたが、新しい PC で ID を聞かれた", False),
    ("edge-landline", "sms-not-arriving", "chat", "normal", 130,
     "パスワード再設定の SMS が届かないとチャットで連絡あり", True),
    ("edge-locked", "cannot-login", "phone", "high", 25,
     "朝からログインできない。何度かパスワードを試したとのこと", False),
    ("edge-suspicious", "account-compromised", "phone", "urgent", 5,
     "身に覚えのないログイン通知が届いたと電話あり", False),
)


def seed_tickets(store, operator: dict, now: datetime, domain: str = "sample.co.jp") -> list[str]:
    """Open the demo tickets (members missing from a small demo are skipped)."""
    from helpdesk_tui.tickets import open_ticket, set_status

    opened = []
    for local, symptom, channel, priority, minutes, note, pending in DEMO_TICKETS:
        member_id = f"{local}@{domain}"
        if store.get_member(member_id) is None:
            continue
        with clock.pinned(now - timedelta(minutes=minutes)):
            ticket = open_ticket(store, operator, member_id, symptom, channel=channel,
                                 priority=priority, note=note)
            if pending:
                set_status(store, operator, ticket["id"], "pending", note="折り返し待ち")
        opened.append(ticket["id"])
    return opened
