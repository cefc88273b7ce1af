"""One line per timeline entry, in the operator's language: shared by ``ticket show`` and
the console's ticket pane so both tell the same story. Returns plain text; callers pass
it through safe_text / Text objects (notes are typed by people)."""

from __future__ import annotations

from helpdesk_tui.i18n import Catalogue


def describe(entry: dict, labels: Catalogue) -> str:
    t, lang = labels.t, labels.lang
    kind = entry.get("kind")
    if kind == "created":
        return t("ticket.tl.created", symptom=t(f"symptom.{entry.get('symptom')}"),
                 channel=t(f"channel.{entry.get('channel')}"))
    if kind == "note":
        return t("ticket.tl.note", text=entry.get("text", ""))
    if kind == "verification":
        line = t("ticket.tl.verification", method=t(f"verification.{entry.get('method')}"))
        if entry.get("contact"):  # masked like every contact on a timeline
            line += t("ticket.tl.contact", contact=mask_contact(entry["contact"]))
        return line + (f" — {entry['text']}" if entry.get("text") else "")
    if kind == "answer":
        question = entry.get("question")
        question = question.get(lang) or question.get("en", "") if isinstance(question, dict) else question or ""
        answer = entry.get("answer_label", {}).get(lang) if isinstance(entry.get("answer_label"), dict) else None
        answer = answer or entry.get("answer") or entry.get("choice", "")
        if entry.get("auto"):
            evidence = (entry.get("evidence") or {}).get("text", {}).get(lang, "")
            return t("ticket.tl.auto", question=question, answer=answer, evidence=evidence)
        if entry.get("overridden"):
            return t("ticket.tl.override", question=question, answer=answer,
                     store=entry.get("store_answer", ""))
        return t("ticket.tl.answer", question=question, answer=answer)
    if kind == "back":
        return t("ticket.tl.back")
    if kind == "conclusion":
        actions = ", ".join(t(f"action.{a}") for a in entry.get("actions", [])) or "—"
        return t("ticket.tl.conclusion", cause=t(f"cause.{entry.get('cause')}"), actions=actions)
    if kind == "guidance":
        key = "ticket.tl.guidance-copied" if entry.get("copied") else "ticket.tl.guidance"
        return t(key, lang=entry.get("lang", ""))
    if kind == "status":
        line = t("ticket.tl.status", old=t(f"ticket.status.{entry.get('from')}"),
                 new=t(f"ticket.status.{entry.get('to')}"))
        return line + (f" — {entry['text']}" if entry.get("text") else "")
    if kind == "assigned":
        return t("ticket.tl.assigned", to=entry.get("to", ""))
    if kind == "action":
        return describe_action(entry, labels)
    if kind == "message":
        return t("ticket.tl.message", text=entry.get("text", ""))
    if kind == "delivery":  # written by the delivery worker (helpdesk_tui.delivery)
        from helpdesk_tui.delivery.state import describe_delivery

        return describe_delivery(entry, labels)
    return str(kind)


# Keys of an action's timeline entry that are not its details.
_ENTRY_KEYS = {"ticket_id", "at", "by", "kind", "action", "outcome", "reason"}


def describe_action(entry: dict, labels: Catalogue) -> str:
    """"Done: Unsuspend — was Locked (failed logins)" / "Refused: Unsuspend —
    not verified": what an action did (its key details) or why it was refused."""
    t = labels.t
    action = t(f"action.{entry.get('action')}")
    if entry.get("outcome") == "refused":
        return t("ticket.tl.action-refused", action=action, reason=reason_label(entry.get("reason"), labels))
    if entry.get("outcome") == "failed":  # the live directory's API (helpdesk_tui.directory)
        return t("ticket.tl.action-failed", action=action, reason=entry.get("error") or entry.get("reason") or "-")
    if entry.get("outcome") in ("unknown", "guided"):
        return t(f"ticket.tl.action-{entry['outcome']}", action=action)
    details = action_details({k: v for k, v in entry.items() if k not in _ENTRY_KEYS}, labels)
    return t("ticket.tl.action-done", action=action, details=f" — {details}" if details else "")


def reason_label(code: object, labels: Catalogue) -> str:
    """A refusal's reason code in a few words (the code itself when unknown)."""
    key = f"action-reason.{code}"
    return labels.t(key) if key in labels else str(code or "-")


def action_details(details: dict, labels: Catalogue, *, mask: bool = True) -> str:
    """The key details of a done action, joined: sessions ended, the device, the new
    contacts (masked on the timeline), the new ID, the member's status before."""
    t = labels.t
    parts = []
    if details.get("previous_status"):
        parts.append(t("ticket.tl.detail.previous-status", status=t(f"status.{details['previous_status']}")))
    if details.get("device"):
        parts.append(t("ticket.tl.detail.device", device=details["device"], model=details.get("model") or "-"))
    if details.get("session"):
        parts.append(t("ticket.tl.detail.session", environment=details.get("environment") or "-",
                       ip=details.get("ip") or "-"))
    for field, show in (("mobile", mask_mobile), ("email", mask_email)):
        if field in details:
            value = details[field]
            shown = t("ticket.tl.detail.removed") if value in (None, "", "-") else (show(value) if mask else value)
            parts.append(t(f"ticket.tl.detail.{field}", value=shown))
    if details.get("new_id"):
        parts.append(t("ticket.tl.detail.new-id", old_id=details.get("old_id") or "-", new_id=details["new_id"]))
    if details.get("must_change_password"):
        parts.append(t("ticket.tl.detail.must-change"))
    if details.get("sessions_ended") is not None:
        parts.append(t("ticket.tl.detail.sessions", count=details["sessions_ended"]))
    if details.get("away_cleared"):
        parts.append(t("ticket.tl.detail.away-cleared"))
    if details.get("count") is not None:
        parts.append(t("ticket.tl.detail.count", count=details["count"]))
    return t("ticket.tl.detail.separator").join(parts)


def mask_mobile(value: object) -> str:
    """``09012345678`` → ``090-****-5678``: enough to recognise, not to copy (the one
    rule, helpdesk_tui.phone.masked, wherever a number is masked)."""
    from helpdesk_tui.phone import masked

    return masked(str(value))


def mask_contact(value: object) -> str:
    """A contact on file, masked: an e-mail address or a phone number."""
    return mask_email(value) if "@" in str(value) else mask_mobile(value)


def mask_email(value: object) -> str:
    """``taro.yamada@example.com`` → ``t***@example.com``."""
    local, at, domain = str(value).rpartition("@")
    if not at:
        return mask_mobile(value)
    return f"{local[:1]}***@{domain}"
