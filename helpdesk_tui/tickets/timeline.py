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
        if entry.get("contact"):
            line += t("ticket.tl.contact", contact=entry["contact"])
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
        return t("ticket.tl.action", action=t(f"action.{entry.get('action')}"),
                 outcome=entry.get("outcome", ""))
    if kind == "message":
        return t("ticket.tl.message", text=entry.get("text", ""))
    return str(kind)
