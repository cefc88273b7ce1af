"""Triage after an action resumes where it was (issue 14, item 7): the ticket keeps its
diagnosis and path, and coming back adds nothing to the timeline."""

from __future__ import annotations

from helpdesk_tui.tickets import get_ticket, open_ticket
from helpdesk_tui.triage.session import TriageSession
from tests.demo_store import member_id


def answers_on(store, ticket: str) -> list[dict]:
    return [e for e in get_ticket(store, ticket).timeline if e["kind"] in ("answer", "conclusion")]


def unlock(store, member: str) -> None:
    """What an unsuspend does to the record (the account fixed by an action)."""
    with store.transaction() as tx:
        tx.members.put({**tx.members.get(member), "status": "active"})


def test_the_diagnosis_and_path_survive_the_fix(store, operator):
    member = member_id("edge-locked")
    ticket = open_ticket(store, operator, member, "cannot-login")["id"]
    first = TriageSession(store, operator, ticket).start()
    assert first.conclusion is not None
    before = answers_on(store, ticket)
    cause = get_ticket(store, ticket).ticket["triage"]["cause"]
    unlock(store, member)
    for _ in range(2):  # the console re-opens the triage, and re-reads on store changes
        session = TriageSession(store, operator, ticket)
        again = session.start()
        session.start()
    assert again.conclusion.id == first.conclusion.id
    assert [(s.node.id, s.choice, s.auto) for s in again.path] == [(s.node.id, s.choice, s.auto) for s in first.path]
    assert [s.evidence for s in again.path] == [s.evidence for s in first.path]  # as it was then
    assert answers_on(store, ticket) == before
    assert get_ticket(store, ticket).ticket["triage"]["cause"] == cause


def test_stepping_back_re_reads_the_store_for_that_step(store, operator):
    member = member_id("edge-locked")
    ticket = open_ticket(store, operator, member, "cannot-login")["id"]
    first = TriageSession(store, operator, ticket).start()
    unlock(store, member)
    session = TriageSession(store, operator, ticket)
    session.start()
    back = session.back()
    assert back.question is not None and back.question.id == first.path[-1].node.id
    assert len(back.path) == len(first.path) - 1
