"""Tickets: intake, the queue, identity verification and the timeline. No Textual here."""

from helpdesk_tui.tickets.model import (
    ACTIVE_STATUSES,
    PRIORITIES,
    TICKET_STATUSES,
    TicketView,
    normalise_ticket_id,
)
from helpdesk_tui.tickets.service import (
    TicketError,
    TicketInputError,
    TicketNotFound,
    add_note,
    assign,
    close_ticket,
    get_ticket,
    list_tickets,
    open_ticket,
    open_tickets_for,
    record_guidance,
    record_verification,
    registered_contact,
    save_triage,
    set_status,
)

__all__ = [
    "ACTIVE_STATUSES",
    "PRIORITIES",
    "TICKET_STATUSES",
    "TicketError",
    "TicketInputError",
    "TicketNotFound",
    "TicketView",
    "add_note",
    "assign",
    "close_ticket",
    "get_ticket",
    "list_tickets",
    "normalise_ticket_id",
    "open_ticket",
    "open_tickets_for",
    "record_guidance",
    "record_verification",
    "registered_contact",
    "save_triage",
    "set_status",
]
