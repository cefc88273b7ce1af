"""The current mail server's IP address, from pasted message headers (seed 002).

Seed 002 「IPアドレスをメールヘッダーから調べる方法」: the address is in the
``Received: from … [ ]`` part of a message's headers. A header has several ``Received:``
fields, newest on top; we read them bottom-up (oldest first: the sender side) and every
hop is reported, so the operator can see the whole path, but one hop has to be chosen.

Which hop is "the current server". The seed has the admin open a message in the mail
client connected to the current server, i.e. a message the current server received for
the domain. So the receiving side, the organisation of the topmost ``by`` host, is the
current server's. Rules, first match wins:

1. ``server`` given (a host or domain of the current server, ``--server``): the newest hop
   whose sending host is under it, with a global address (``server-from``); else that
   server's own address where it wrote one into a ``by`` clause (``server-by``, Exchange
   style); else no address (``server-not-found``), never a guess.
2. The newest hop relaying *inside* the receiving organisation with a global address
   (``receiving-relay``): e.g. ``from mx.hosting.jp [203.0.113.26] by pop.hosting.jp`` is
   the current server's front end handing the message to its mailbox server.
3. The receiving server's own global address in a ``by`` clause (``receiving-by``).
4. Otherwise the newest hop with a global address (``handed-over``): the server that
   handed the message to the receiving side. If the admin sent that message from the
   current account to another mailbox, that is the current server; if someone else sent
   it, it is theirs. The reason says so, and suggests sending a message from the current
   account to another mailbox (or naming the server) for a certain answer.

Non-global addresses (private, loopback, link-local…: ``addresses.py``) are skipped and
listed. No ``Received:`` field, or no address at all, is a result with a reason, not an
error.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_tui.mail.headers import received_fields
from helpdesk_tui.mail.hops import Hop, belongs, organisation, parse_hop

SEED = "002_c707fd664de90ac5.txt"
HEADING = "IPアドレスをメールヘッダーから調べる方法"
RULES = ("server-from", "server-by", "server-not-found", "receiving-relay", "receiving-by",
         "handed-over", "no-received", "no-address", "only-non-global")


@dataclass(frozen=True)
class ReceivedIP:
    """The chosen address, the hop it came from, why, and every hop (bottom-up)."""

    ip: str | None
    hop: Hop | None
    rule: str  # one of RULES
    hops: tuple[Hop, ...]  # hops[0] is hop 1, the oldest
    server: str | None  # the --server hint, normalised
    receiving: str | None  # organisation of the receiving side

    def reason(self, lang: str) -> str:
        """Why this hop (or why none), in ``lang``."""
        from helpdesk_tui.i18n import catalogue

        hop, labels = self.hop, catalogue(lang)
        skipped = ", ".join(f"{ip} ({labels.t('mail.address.' + why)})"
                            for h in self.hops for ip, why in h.skipped)
        return labels.t(
            f"mail.reason.{self.rule}",
            ip=self.ip or "-",
            hop=hop.hop if hop else "-",
            count=len(self.hops),
            sender=(hop.from_names[0] if hop and hop.from_names else "?"),
            by=(hop.by_host if hop and hop.by_host else "?"),
            server=self.server or "-",
            receiving=self.receiving or "?",
            skipped=skipped or "-",
        )

    @property
    def reason_ja(self) -> str:
        return self.reason("ja")

    @property
    def reason_en(self) -> str:
        return self.reason("en")

    def to_json(self) -> dict:
        return {
            "ip": self.ip,
            "rule": self.rule,
            "hop": self.hop.hop if self.hop else None,
            "raw": self.hop.raw if self.hop else None,
            "reason": {"ja": self.reason_ja, "en": self.reason_en},
            "server": self.server,
            "receiving": self.receiving,
            "hops": [h.to_json() for h in self.hops],
            "source": f"{SEED} {HEADING}",
        }


def find_server_ip(text: str, *, server: str | None = None) -> ReceivedIP:
    """Pick the current server's address out of pasted headers (see the module doc)."""
    fields = received_fields(text)
    count = len(fields)
    hops = tuple(
        parse_hop(f.value, hop=count - index, position=index + 1, line=f.line)
        for index, f in reversed(list(enumerate(fields)))
    )
    hint = server.strip().lower().rstrip(".") if server and server.strip() else None
    newest = hops[::-1]
    receiving = next((organisation(h.by_host) for h in newest if organisation(h.by_host)), None)

    def result(rule: str, hop: Hop | None = None, ip: str | None = None) -> ReceivedIP:
        return ReceivedIP(ip, hop, rule, hops, hint, receiving)

    if not hops:
        return result("no-received")
    if not any(h.from_ips or h.by_ips for h in hops):
        return result("no-address")
    if hint:
        for hop in newest:
            if hop.global_ip and any(belongs(n, hint) for n in hop.from_names):
                return result("server-from", hop, hop.global_ip)
        for hop in newest:
            if hop.by_global_ip and belongs(hop.by_host, hint):
                return result("server-by", hop, hop.by_global_ip)
        return result("server-not-found")
    if not any(h.global_ip or h.by_global_ip for h in hops):
        return result("only-non-global")
    for hop in newest:
        if hop.global_ip and receiving and any(organisation(n) == receiving for n in hop.from_names):
            return result("receiving-relay", hop, hop.global_ip)
    for hop in newest:
        if hop.by_global_ip and organisation(hop.by_host) == receiving:
            return result("receiving-by", hop, hop.by_global_ip)
    hop = next((h for h in newest if h.global_ip), None)
    if hop is None:
        return result("only-non-global")
    return result("handed-over", hop, hop.global_ip)
