"""``code-to-registered-email``: a one-time code e-mailed to the member's registered
personal address, typed back by the operator as the caller reads it out.

* :func:`send_code` draws a 6-digit code (``secrets``), sends it at once through the
  delivery's e-mail channel to the recovery e-mail ON FILE (never one the caller gives),
  and keeps only its scrypt hash, valid :data:`CODE_VALID`, in the counters document
  ``email-code:<ticket>`` (a new code replaces the previous one). The outbox entry and its
  delivery state are recorded like every notification, with the code masked: the code
  itself is written nowhere, so a failed send is not retried later — send a new code.
* :func:`check_code` compares what the operator typed: right → the code is spent and the
  ticket may record the verification (``record_verification`` consumes it, once, within
  :data:`CODE_VALID`); wrong → counted and audited (``ticket-verify-code``, outcome
  "refused"); after :data:`MAX_WRONG` wrong codes, or once expired, the code is dead.

No Textual here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from helpdesk_tui import audit, clock
from helpdesk_tui.tickets.model import normalise_ticket_id
from helpdesk_tui.tickets.service import TicketError, TicketInputError, TicketNotFound, registered_contact

CODE_VALID = timedelta(minutes=10)
RESEND_AFTER = timedelta(minutes=1)  # codes for one ticket at most this often: no inbox flooding
MAX_WRONG = 5
DIGITS = 6
METHOD = "code-to-registered-email"


class CodeRefused(TicketError):
    """The code cannot verify the caller (wrong, expired, spent, too many tries); audited."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class CodeSent:
    ticket: str
    to: str
    expires_at: str
    state: str  # the delivery state: "sent", "failed", "no-channel"
    why: str | None = None


def _doc_name(ticket: str) -> str:
    return f"email-code:{ticket}"


def _mask(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def send_code(store, operator: dict, ticket: str, *, smtp) -> CodeSent:
    """Draw, send and keep (hashed) a new code for the ticket's member."""
    from helpdesk_tui.actions.notify import member_lang
    from helpdesk_tui.actions.passwords import hash_password
    from helpdesk_tui.delivery import EmailChannel, Message, NoChannel, Permanent, Temporary
    from helpdesk_tui.delivery import state as st
    from helpdesk_tui.i18n import catalogue

    tid = normalise_ticket_id(ticket)
    record = store.get_ticket(tid)
    if record is None:
        raise TicketNotFound(f"no ticket {ticket!r}")
    if record["status"] == "closed":
        raise TicketInputError(f"ticket {tid} is closed")
    member = store.get_member(record["member_id"]) or {}
    to = registered_contact(member, METHOD)
    if to is None:
        raise TicketInputError(f"{record['member_id']} has no registered personal e-mail; use another method")
    now = clock.now()
    previous = store.counter(_doc_name(tid))
    if previous and not previous.get("consumed") and now - clock.parse_iso(previous["issued_at"]) < RESEND_AFTER:
        raise TicketInputError(f"a code for {tid} was sent less than a minute ago; ask the caller to check "
                               f"their inbox, or wait a minute before sending another")
    code = f"{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}"
    labels = catalogue(member_lang(member, store.get_tenant()))  # the member's language
    subject = labels.t("email-code.subject")
    entry = {"id": secrets.token_hex(12), "at": clock.iso(now), "member_id": member["id"], "channel": "email",
             "to": to, "lang": labels.lang, "action": "verification-code", "ticket": tid, "subject": subject,
             "body": labels.t("email-code.body", code="•" * DIGITS, minutes=CODE_VALID.seconds // 60)}
    message = Message({**entry, "body": labels.t("email-code.body", code=code, minutes=CODE_VALID.seconds // 60)})
    hashed = hash_password(code)
    del code  # from here on only the hash and the e-mail in flight
    state, why = st.SENT, None
    try:
        EmailChannel(smtp).send(message)  # the only place the code exists besides the caller's inbox
    except NoChannel as problem:
        state, why = st.NO_CHANNEL, problem.why
    except (Permanent, Temporary) as problem:
        state, why = st.FAILED, problem.why
    message = None
    if state != st.SENT:
        hashed = None  # nothing reached the member: no code to wait for
    expires = clock.iso(now + CODE_VALID)
    with store.transaction() as tx:
        tx.append("outbox", entry)  # the masked text: the code is never written
        st.record(tx, Message(entry), state, at=clock.iso(clock.now()), attempt=1, why=why)
        if hashed is not None:
            tx.counters.put_doc(_doc_name(tid), {"hash": hashed, "issued_at": clock.iso(now), "expires_at": expires,
                                                 "wrong": 0, "verified_at": None, "consumed": False,
                                                 "by": operator["username"], "to": to})
        audit.record(tx, operator=operator["username"], action="ticket-send-code", outcome="done" if hashed else state,
                     ticket=tid, member=member["id"], to=_mask(to), why=why)
    return CodeSent(tid, to, expires, state, why)


def check_code(store, operator: dict, ticket: str, typed: str) -> None:
    """The code the caller read out: raises :class:`CodeRefused` (audited) unless right."""
    from helpdesk_tui.actions.passwords import check_password

    tid = normalise_ticket_id(ticket)
    typed = "".join((typed or "").split())
    refusal: CodeRefused | None = None
    with store.transaction() as tx:
        doc = tx.counters.get_doc(_doc_name(tid))
        now = clock.now()
        if doc is None or doc.get("consumed") or doc.get("verified_at"):
            refusal = CodeRefused("no-code", f"no code is waiting for {tid}: send a new code")
        elif now > clock.parse_iso(doc["expires_at"]):
            refusal = CodeRefused("expired", f"the code for {tid} expired (valid {CODE_VALID.seconds // 60} "
                                             f"minutes): send a new code")
        elif doc.get("wrong", 0) >= MAX_WRONG:
            refusal = CodeRefused("too-many-wrong", f"{MAX_WRONG} wrong codes for {tid}: send a new code")
        elif not (typed.isdigit() and len(typed) == DIGITS and check_password(typed, doc["hash"])):
            doc["wrong"] = doc.get("wrong", 0) + 1
            left = MAX_WRONG - doc["wrong"]
            tx.counters.put_doc(_doc_name(tid), doc)
            refusal = CodeRefused("wrong-code", f"wrong code for {tid}; {left} tr{'y' if left == 1 else 'ies'} left"
                                  if left else f"wrong code for {tid}; that was the last try: send a new code")
        else:
            tx.counters.put_doc(_doc_name(tid), {**doc, "verified_at": clock.iso(now)})
        audit.record(tx, operator=operator["username"], action="ticket-verify-code",
                     outcome="refused" if refusal else "done", ticket=tid,
                     reason=refusal.reason if refusal else None,
                     wrong=(doc or {}).get("wrong") if refusal else None)
    if refusal is not None:
        raise refusal


def consume_verified_code(tx, ticket: str) -> None:
    """Inside ``record_verification``: the ticket's code was typed back right, within its
    validity, and is used for this one verification only."""
    doc = tx.counters.get_doc(_doc_name(ticket))
    if not doc or not doc.get("verified_at") or doc.get("consumed"):
        raise TicketInputError(f"{METHOD} is recorded only when the code e-mailed to the member is typed back: "
                               f"send a code (ticket send-code {ticket}) and enter the one the caller reads out")
    if clock.now() > clock.parse_iso(doc["expires_at"]):
        raise TicketInputError(f"the code for {ticket} expired: send a new code")
    tx.counters.put_doc(_doc_name(ticket), {**doc, "consumed": True})
