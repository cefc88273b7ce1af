"""Tickets on a real store: intake, queue, verification, timeline, close."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpdesk_tui import clock
from helpdesk_tui.tickets import (
    TicketInputError,
    TicketNotFound,
    add_note,
    close_ticket,
    get_ticket,
    list_tickets,
    open_ticket,
    open_tickets_for,
    record_verification,
    set_status,
)
from tests.demo_store import NOW, member_id
from tests.fingerprint import store_fingerprint

LOCKED = member_id("edge-locked")


def test_open_records_ticket_timeline_and_audit(store, operator):
    ticket = open_ticket(store, operator, LOCKED, "cannot-login", channel="walk-up",
                         note="来社。ログインできないとのこと", priority="high")
    view = get_ticket(store, ticket["id"])
    assert view.id == "T-000001" and view.status == "open"
    assert view.ticket["assignee"] == operator["username"]
    assert [e["kind"] for e in view.timeline] == ["created", "note"]
    assert view.timeline[1]["text"] == "来社。ログインできないとのこと"
    assert view.member["id"] == LOCKED
    audit = list(store.iter_log("audit"))
    assert audit[-1]["action"] == "ticket-open" and audit[-1]["ticket"] == "T-000001"


@pytest.mark.parametrize("kwargs, message", [
    ({"symptom": "printer-jam"}, "unknown symptom"),
    ({"channel": "fax"}, "unknown channel"),
    ({"priority": "asap"}, "unknown priority"),
    ({"note": "x" * 5000}, "limit is 4000"),
])
def test_bad_intake_is_refused_and_changes_nothing(store, operator, kwargs, message):
    before = store_fingerprint(store.path)
    args = {"symptom": "cannot-login", **kwargs}
    with pytest.raises(TicketInputError, match=message):
        open_ticket(store, operator, LOCKED, args.pop("symptom"), **args)
    assert store_fingerprint(store.path) == before


def test_unknown_member_is_refused(store, operator):
    before = store_fingerprint(store.path)
    with pytest.raises(TicketNotFound, match="no member"):
        open_ticket(store, operator, "nobody@sample.co.jp", "cannot-login")
    assert store_fingerprint(store.path) == before


def test_numbers_are_sequential_and_ids_accept_short_forms(store, operator):
    ids = [open_ticket(store, operator, LOCKED, "cannot-login")["id"] for _ in range(3)]
    assert ids == ["T-000001", "T-000002", "T-000003"]
    assert get_ticket(store, "2").id == "T-000002"
    assert get_ticket(store, "t-3").id == "T-000003"
    with pytest.raises(TicketNotFound):
        get_ticket(store, "T-999")


def test_queue_is_oldest_first_with_filters(store, operator):
    first = open_ticket(store, operator, LOCKED, "cannot-login")
    clock.pin(NOW + timedelta(minutes=30))
    second = open_ticket(store, operator, member_id("edge-landline"), "sms-not-arriving")
    third = open_ticket(store, operator, LOCKED, "device-lost")
    set_status(store, operator, second["id"], "pending", note="waiting for the member's callback")
    close_ticket(store, operator, third["id"], "duplicate of T-000001")
    queue = list_tickets(store, statuses=("open", "pending"))
    assert [t["id"] for t in queue] == [first["id"], second["id"]]
    assert [t["id"] for t in list_tickets(store, statuses=("pending",))] == [second["id"]]
    assert [t["id"] for t in list_tickets(store, symptom="device-lost")] == [third["id"]]
    assert [t["id"] for t in open_tickets_for(store, LOCKED)] == [first["id"]]
    assert open_tickets_for(store, LOCKED, excluding=first["id"]) == []
    assert get_ticket(store, first["id"]).waited(clock.now()) == 30 * 60


def test_callback_verification_uses_the_number_on_file(store, operator):
    ticket = open_ticket(store, operator, LOCKED, "cannot-login")
    record_verification(store, operator, ticket["id"], "callback-registered-phone", note="called back")
    view = get_ticket(store, ticket["id"])
    member = store.get_member(LOCKED)
    (verification,) = view.ticket["verifications"]
    assert verification["method"] == "callback-registered-phone"
    assert verification["by"] == operator["username"] and verification["at"] == clock.iso(NOW)
    assert verification["contact"] == member["recovery_mobile_e164"]
    assert view.timeline[-1]["kind"] == "verification"
    assert list(store.iter_log("audit"))[-1]["action"] == "ticket-verify"


def test_verification_without_a_contact_on_file_is_refused(store, operator):
    ticket = open_ticket(store, operator, member_id("edge-no-recovery"), "password-forgotten")
    member = store.get_member(member_id("edge-no-recovery"))
    assert not member.get("recovery_email")
    with pytest.raises(TicketInputError, match="no registered e-mail|there is none"):
        record_verification(store, operator, ticket["id"], "code-to-registered-email")
    with pytest.raises(TicketInputError, match="unknown verification method"):
        record_verification(store, operator, ticket["id"], "caller-said-so")
    assert get_ticket(store, ticket["id"]).ticket["verifications"] == []
    record_verification(store, operator, ticket["id"], "in-person-id")
    assert get_ticket(store, ticket["id"]).verified


def test_close_needs_a_note_and_a_closed_ticket_stays_closed(store, operator):
    ticket = open_ticket(store, operator, LOCKED, "cannot-login")
    with pytest.raises(TicketInputError, match="resolution note is required"):
        close_ticket(store, operator, ticket["id"], "   ")
    close_ticket(store, operator, ticket["id"], "unsuspended after callback")
    view = get_ticket(store, ticket["id"])
    assert view.status == "closed" and view.ticket["resolution"] == "unsuspended after callback"
    assert view.ticket["closed_at"] == clock.iso(NOW)
    before = store_fingerprint(store.path)
    for attempt in (lambda: add_note(store, operator, ticket["id"], "late note"),
                    lambda: set_status(store, operator, ticket["id"], "open"),
                    lambda: close_ticket(store, operator, ticket["id"], "again")):
        with pytest.raises(TicketInputError, match="is closed"):
            attempt()
    assert store_fingerprint(store.path) == before


def test_markup_and_control_characters_in_notes_are_kept_verbatim(store, operator):
    hostile = "[bold red]x[/] \x1b[31mred\x1b[0m"
    ticket = open_ticket(store, operator, LOCKED, "cannot-login", note=hostile)
    assert get_ticket(store, ticket["id"]).timeline[1]["text"] == hostile
