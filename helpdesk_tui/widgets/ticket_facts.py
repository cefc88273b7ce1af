"""A ticket as label / value facts: member, status, symptom, channel, priority, assignee,
when it was opened, the identity verification(s), the triage cause and the resolution.

Catalogue labels for the words, ``safe()`` for everything typed by people or read from a
member record.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from helpdesk_tui.phone import shown_contact
from helpdesk_tui.tickets.model import NOTE_MAX, format_waited
from helpdesk_tui.widgets.fact_list import Fact, FactList
from helpdesk_tui.widgets.safe import joined, safe
from helpdesk_tui.widgets.ticket_table import PRIORITY_STYLES, STATUS_STYLES


class TicketFacts(FactList):
    """Update with :meth:`show_ticket` (a ``tickets.TicketView``)."""

    DEFAULT_CSS = """
    TicketFacts {
        margin: 0;
    }
    """

    def show_ticket(self, view, t: Callable[..., str], when: Callable[[object], str], now) -> None:
        self.show(ticket_facts(view, t, when, now))


def verification_lines(ticket: dict, t: Callable[..., str], when: Callable[[object], str]) -> list[Text]:
    lines: list[Text] = []
    for v in ticket.get("verifications") or []:
        line = Text(t(f"verification.{v.get('method')}"), style="bold green")
        line.append_text(safe(" · " + t("ticket-screen.verified-by", by=v.get("by"), when=when(v.get("at")))))
        lines.append(line)
        if v.get("contact"):
            # In full, national format: the number the operator dials back.
            lines.append(safe(t("ticket-screen.verified-contact", contact=shown_contact(v["contact"]))))
        if v.get("note"):
            lines.append(safe(v["note"], "italic", max_length=NOTE_MAX))
    if not lines:
        lines = [Text(t("ticket.not-verified"), style="bold yellow"),
                 Text(t("ticket-screen.not-verified-hint"), style="italic")]
    return lines


def ticket_facts(view, t: Callable[..., str], when: Callable[[object], str], now) -> list[Fact]:
    tk, member = view.ticket, view.member
    who = [safe(tk["member_id"])]
    if member is None:
        who.append(Text(t("ticket-screen.member-missing"), style="bold red"))
    elif member.get("name"):
        who.insert(0, safe(member.get("name"), "bold"))
    status = Text(t(f"ticket.status.{tk['status']}"), style=STATUS_STYLES.get(tk["status"], "bold"))
    if tk["status"] in ("open", "pending"):
        status.append(" · " + t("ticket-screen.waiting", waited=format_waited(view.waited(now), t)))
    else:
        status.append(" · " + t("ticket-screen.since", when=when(tk.get("status_changed_at"))))
    priority = tk.get("priority")
    facts: list[Fact] = [
        (t("ticket.field.member"), joined(who)),
        (t("ticket.col.status"), status),
        (t("ticket.col.symptom"), Text(t(f"symptom.{tk.get('symptom')}"))),
        (t("ticket.field.channel"), Text(t(f"channel.{tk.get('channel')}"))),
        (t("ticket.field.priority"), Text(t(f"ticket.priority.{priority}"), style=PRIORITY_STYLES.get(priority, ""))),
        (t("ticket.field.assignee"), safe(tk.get("assignee"))),
        (t("ticket.field.opened"), safe(t("ticket-screen.opened-by", when=when(tk.get("created_at")),
                                          by=tk.get("created_by")))),
        (t("ticket.field.verified"), verification_lines(tk, t, when)),
    ]
    cause = (tk.get("triage") or {}).get("cause")
    if cause:
        facts.append((t("ticket.field.cause"), Text(t(f"cause.{cause}"), style="bold")))
    if tk.get("resolution"):
        facts.append((t("ticket.field.resolution"), safe(tk["resolution"], max_length=NOTE_MAX)))
    return facts
