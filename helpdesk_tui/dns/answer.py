"""What one server said to one question, in a form the checks and the screens can use.

Every lookup ends as an :class:`Answer`, whatever happened: records, "the name exists
but has no record of this type" (NODATA), "the name does not exist" (NXDOMAIN), a
timeout or an error. Keeping the failures as values (not exceptions) is what lets N
servers be asked at once and each row be filled in as its answer arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype

from helpdesk_tui.dns.resolvers import Resolver

__all__ = ["Answer", "DEFINITIVE", "from_message", "failed", "make_query"]

ANSWER, NODATA, NXDOMAIN, TIMEOUT, ERROR = "answer", "nodata", "nxdomain", "timeout", "error"
# Statuses that say something about the zone (as opposed to about the server).
DEFINITIVE = (ANSWER, NODATA, NXDOMAIN)
# EDNS buffer size of DNS Flag Day 2020: avoids IP fragmentation; larger answers come
# back truncated and are fetched again over TCP.
EDNS_PAYLOAD = 1232
_MAX_CHAIN = 16


@dataclass(frozen=True)
class Answer:
    """One server's reply to (name, type); ``status`` is one of answer / nodata /
    nxdomain / timeout / error."""

    server: Resolver
    name: str  # the name asked for, ASCII, no trailing dot
    rdtype: str  # "MX", "TXT", …
    status: str
    records: tuple[str, ...] = ()  # presentation text of each record of ``rdtype``
    ttl: int | None = None  # of the records; for nxdomain/nodata the negative-cache TTL
    aa: bool = False  # the server answered with authority (AA flag)
    cname_chain: tuple[str, ...] = ()  # alias targets followed from ``name``, in order
    rcode: str | None = None  # NOERROR, NXDOMAIN, SERVFAIL, REFUSED, …
    error: str | None = None  # what went wrong (timeouts and errors)
    elapsed: float = 0.0  # seconds until the reply (or the failure)
    transport: str = "udp"  # udp, tcp or doh
    referral: bool = False  # NOERROR without answer or SOA, only NS: "ask them", not recursion
    rdata: tuple = field(default=(), compare=False, repr=False)  # dnspython objects

    @property
    def definitive(self) -> bool:
        return self.status in DEFINITIVE

    def said(self, lang: str = "en") -> str:
        """What the server said, dig-style, for evidence lines; ``lang`` "ja" words the
        non-protocol parts in Japanese (rcodes such as NXDOMAIN stay as dig prints them)."""
        ja = lang == "ja"
        steps = [f"CNAME {target}" for target in self.cname_chain]
        if self.status == ANSWER:
            ttl = f" (TTL {self.ttl})" if self.ttl is not None else ""
            steps.append("; ".join(self.records) + ttl)
        elif self.status == NODATA:
            steps.append(f"NOERROR、{self.rdtype} レコードなし" if ja else f"NOERROR, no {self.rdtype} record")
        elif self.status == NXDOMAIN:
            steps.append("NXDOMAIN (名前が存在しない)" if ja else "NXDOMAIN (no such name)")
        else:
            steps.append(self.failure(lang))
        return f"{self.name} {self.rdtype}: " + " → ".join(steps)

    def failure(self, lang: str = "en", *, bare: bool = False) -> str:
        """Why there is no usable answer, in ``lang`` (timeouts, rcodes, referrals);
        ``bare`` leaves out the "error:" lead of other failures (for a sentence)."""
        ja = lang == "ja"
        if self.status == TIMEOUT:
            seconds = f"{self.elapsed:.1f}"
            return f"{seconds} 秒以内に応答なし" if ja else f"no answer within {seconds} s"
        if self.referral:
            return ("再帰問い合わせをせず、ほかのサーバを案内 (referral)" if ja
                    else self.error or "referral (no recursion)")
        if self.rcode and self.rcode != "NOERROR" and self.status == ERROR:
            return f"サーバの応答 {self.rcode}" if ja else f"server answered {self.rcode}"
        detail = self.error or self.rcode or "?"
        if bare:
            return detail
        return f"エラー: {detail}" if ja else f"error: {detail}"

    def to_json(self) -> dict:
        return {
            "server": self.server.label,
            "name": self.name,
            "type": self.rdtype,
            "status": self.status,
            "records": list(self.records),
            "ttl": self.ttl,
            "aa": self.aa,
            "cname_chain": list(self.cname_chain),
            "rcode": self.rcode,
            "error": self.error,
            "elapsed": round(self.elapsed, 3),
            "transport": self.transport,
            "referral": self.referral,
        }


def make_query(name: str, rdtype: str, *, query_id: int | None = None) -> dns.message.QueryMessage:
    """A recursive query with EDNS, as a stub resolver sends it (RD set, so resolvers
    recurse; authoritative servers ignore the flag)."""
    return dns.message.make_query(
        dns.name.from_text(name + "."), rdtype, use_edns=0, payload=EDNS_PAYLOAD, id=query_id
    )


def from_message(server: Resolver, name: str, rdtype: str, response: dns.message.Message,
                 *, elapsed: float, transport: str) -> Answer:
    """Turn a reply into an :class:`Answer`, following the CNAME chain inside it."""
    rcode = dns.rcode.to_text(response.rcode())
    aa = bool(response.flags & dns.flags.AA)
    owner = dns.name.from_text(name + ".")
    wanted = dns.rdatatype.from_text(rdtype)
    chain: list[str] = []
    if wanted != dns.rdatatype.CNAME:
        for _ in range(_MAX_CHAIN):
            alias = _find(response, owner, dns.rdatatype.CNAME)
            if alias is None:
                break
            owner = alias[0].target
            chain.append(_text_name(owner))
    found = _find(response, owner, wanted)
    common = dict(server=server, name=name, rdtype=rdtype, aa=aa, cname_chain=tuple(chain),
                  rcode=rcode, elapsed=elapsed, transport=transport)
    if response.rcode() == dns.rcode.NOERROR and found is not None and len(found):
        ordered = sorted(found, key=lambda rd: rd.to_text())
        return Answer(status=ANSWER, records=tuple(rd.to_text() for rd in ordered), ttl=found.ttl,
                      rdata=tuple(ordered), **common)
    if response.rcode() == dns.rcode.NOERROR and _is_referral(response, aa):
        # A non-recursive server (or a lame one) pointing elsewhere: it said nothing
        # about the name, so this is no NODATA (reading it as one gives false errors).
        below = ", ".join(sorted({_text_name(rr.name) for rr in response.authority
                                  if rr.rdtype == dns.rdatatype.NS}))
        return Answer(status=ERROR, error=f"referral to {below or 'the root'} (no recursion)",
                      referral=True, **common)
    if response.rcode() == dns.rcode.NOERROR:
        return Answer(status=NODATA, ttl=_negative_ttl(response), **common)
    if response.rcode() == dns.rcode.NXDOMAIN:
        return Answer(status=NXDOMAIN, ttl=_negative_ttl(response), **common)
    return Answer(status=ERROR, error=f"server answered {rcode}", **common)


def failed(server: Resolver, name: str, rdtype: str, status: str, error: str, *,
           elapsed: float, transport: str) -> Answer:
    """An Answer for a query that got no usable reply (``timeout`` or ``error``)."""
    return Answer(server=server, name=name, rdtype=rdtype, status=status, error=error,
                  elapsed=elapsed, transport=transport)


def _find(response: dns.message.Message, owner: dns.name.Name, rdtype):
    for rrset in response.answer:
        if rrset.name == owner and rrset.rdtype == rdtype and rrset.rdclass == dns.rdataclass.IN:
            return rrset
    return None


def _is_referral(response: dns.message.Message, aa: bool) -> bool:
    """RFC 8020/2308 shape of a referral: no answer, no SOA, NS records in authority."""
    if aa or response.answer:
        return False
    kinds = {rrset.rdtype for rrset in response.authority}
    return dns.rdatatype.SOA not in kinds and (dns.rdatatype.NS in kinds or not kinds) \
        and not response.flags & dns.flags.RA


def _negative_ttl(response: dns.message.Message) -> int | None:
    """RFC 2308: a resolver caches "no such record" for min(SOA TTL, SOA MINIMUM)."""
    for rrset in response.authority:
        if rrset.rdtype == dns.rdatatype.SOA and len(rrset):
            return min(rrset.ttl, rrset[0].minimum)
    return None


def _text_name(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True).lower()
