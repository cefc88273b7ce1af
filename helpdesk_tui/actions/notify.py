"""Telling the member (NIST SP 800-63B account recovery: the subscriber SHALL be notified).

Every action on a member queues one notification per channel in the store's ``outbox``
log, in the same transaction as the change, in the member's language: the LINE WORKS talk
message (the service notice seed 003 describes for a change request) and the registered
recovery contacts, the personal e-mail and the mobile number when it can receive SMS.
When a contact is changed, the contacts on file before the change are told too: a
hijacker who changes them must not silence the real member.

The text never holds a temporary password: that is read out to the member once.
Each entry has an ``id`` (random, the delivery's idempotency key); the delivery worker
(:mod:`helpdesk_tui.delivery`, ``helpdesk-tui outbox deliver``) sends what the outbox holds
and records each message's state in the ``delivery`` log.
"""

from __future__ import annotations

import secrets
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.phone import analyse


def member_lang(member: dict, tenant: dict | None) -> str:
    lang = member.get("lang") or (tenant or {}).get("lang") or "ja"
    return lang if lang in ("ja", "en") else "ja"


def contacts_of(member: dict) -> list[tuple[str, str]]:
    """(channel, address) for a member: talk always, then the registered contacts."""
    found = [("talk", member["id"])]
    if member.get("recovery_email"):
        found.append(("email", member["recovery_email"]))
    info = analyse(member.get("recovery_mobile"))
    if info is not None and info.can_receive_sms and info.e164:
        found.append(("sms", info.e164))
    return found


def _when(moment, tenant: dict | None, lang: str) -> str:
    """The time in the member's message: the tenant's zone, always named (the member may
    read it anywhere; "22:10" alone was a UTC host's 13:10 for a 22:10 JST wipe)."""
    from helpdesk_tui.i18n import format_datetime
    from helpdesk_tui.timezones import tenant_zone

    return format_datetime(moment, lang, zone=tenant_zone(tenant), always_zone=True)


def queue_notifications(tx: Any, member: dict, tenant: dict | None, action: str, *,
                        ticket: str | None, extra_contacts: list[tuple[str, str]] = ()) -> int:
    """Append the notifications of ``action`` for ``member``; returns how many."""
    from helpdesk_tui.i18n import catalogue

    lang = member_lang(member, tenant)
    labels = catalogue(lang)
    now = clock.now()
    params = {"name": member.get("name", ""), "at": _when(now, tenant, lang),
              "action": labels.t(f"action.{action}"), "ticket": ticket or "-"}
    subject = labels.t("notify.subject", **params)
    body = labels.t(f"notify.body.{action}", **params) + "\n\n" + labels.t("notify.footer", **params)
    seen: set[tuple[str, str]] = set()
    count = 0
    for channel, address in [*contacts_of(member), *extra_contacts]:
        if (channel, address) in seen:
            continue
        seen.add((channel, address))
        tx.append("outbox", {
            "id": secrets.token_hex(12), "at": clock.iso(now), "member_id": member["id"], "channel": channel, "to": address,
            "lang": lang, "action": action, "ticket": ticket, "subject": subject, "body": body,
            "status": "queued",
        })
        count += 1
    return count
