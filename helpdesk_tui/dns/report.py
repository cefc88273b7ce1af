"""Per-server results, as they are delivered to a screen or the command line.

A :class:`ServerReport` is everything one server said during a check; it is handed
over (callback or async iterator) the moment that server is done, so a screen can fill
in its row while slower servers are still being waited for.
"""

from __future__ import annotations

from dataclasses import dataclass

import dns.name

from helpdesk_tui.dns.answer import ERROR, TIMEOUT, Answer
from helpdesk_tui.dns.resolvers import Resolver

__all__ = ["MX", "ServerReport", "mx_of", "txt_of"]

AUTHORITATIVE, RESOLVER = "authoritative", "resolver"


@dataclass(frozen=True)
class MX:
    """One MX record; ``host`` is "" for a null MX (RFC 7505 ``0 .``)."""

    preference: int
    host: str  # ASCII, lower case, no trailing dot

    @property
    def is_null(self) -> bool:
        return self.host == ""

    def text(self) -> str:
        return f"{self.preference} {self.host or '.'}"


def mx_of(answer: Answer | None) -> tuple[MX, ...]:
    """The MX records of an answer, by preference then host (empty unless status answer)."""
    if answer is None or answer.status != "answer" or answer.rdtype != "MX":
        return ()
    records = []
    for rd in answer.rdata:
        host = "" if rd.exchange == dns.name.root else rd.exchange.to_text(omit_final_dot=True).lower()
        records.append(MX(rd.preference, host))
    return tuple(sorted(records, key=lambda mx: (mx.preference, mx.host)))


def txt_of(answer: Answer | None) -> tuple[str, ...]:
    """TXT values, each record's strings joined (RFC 7208 §3.3), sorted."""
    if answer is None or answer.status != "answer" or answer.rdtype != "TXT":
        return ()
    return tuple(sorted(b"".join(rd.strings).decode("utf-8", "replace") for rd in answer.rdata))


@dataclass(frozen=True)
class ServerReport:
    """All answers of one server in one check; ``role`` is authoritative or resolver."""

    server: Resolver
    role: str
    domain: str  # ASCII name the check is about
    answers: tuple[Answer, ...]
    soa_serial: int | None = None  # authoritative servers: the zone version they serve
    elapsed: float = 0.0

    def answer(self, name: str, rdtype: str) -> Answer | None:
        for answer in self.answers:
            if answer.name == name and answer.rdtype == rdtype:
                return answer
        return None

    @property
    def mx(self) -> tuple[MX, ...]:
        return mx_of(self.answer(self.domain, "MX"))

    @property
    def txt(self) -> tuple[str, ...]:
        return txt_of(self.answer(self.domain, "TXT"))

    @property
    def status(self) -> str:
        """``ok`` when every question about the domain itself got a reply that says
        something about the zone; else ``timeout`` (nothing came back) or ``error``."""
        own = [a for a in self.answers if a.name == self.domain] or list(self.answers)
        if any(a.status == TIMEOUT for a in own):
            return TIMEOUT
        if any(a.status == ERROR for a in own):
            return ERROR
        return "ok"

    @property
    def problem(self) -> Answer | None:
        """The first failed answer about the domain (for the evidence line)."""
        for answer in self.answers:
            if answer.name == self.domain and answer.status in (TIMEOUT, ERROR):
                return answer
        return None

    @property
    def authoritative_answer(self) -> bool:
        """Every reply about the domain carried the AA flag."""
        own = [a for a in self.answers if a.name == self.domain and a.definitive]
        return bool(own) and all(a.aa for a in own)

    def to_json(self) -> dict:
        mx = self.answer(self.domain, "MX")
        return {
            **self.server.to_json(),
            "role": self.role,
            "status": self.status,
            "aa": self.authoritative_answer,
            "soa_serial": self.soa_serial,
            "mx_status": mx.status if mx else None,
            "mx": [m.text() for m in self.mx],
            "txt": list(self.txt),
            "elapsed": round(self.elapsed, 3),
            "answers": [a.to_json() for a in self.answers],
        }
