"""One ``Received:`` field taken apart: who handed the message over, to whom, from where.

A field reads ``from <helo> (<name> [<address>]) by <host> (...) with <protocol> id <id>
for <recipient>; <date>`` in all its dialects:

- Postfix / sendmail: ``from mail.example.jp (mail.example.jp [203.0.113.25]) by …``
- Exchange / Office 365: ``from HOST (203.0.113.25) by HOST (10.1.2.3) with Microsoft
  SMTP Server …``, IPv6 unbracketed in the parentheses
- qmail: ``from unknown (HELO mail.example.jp) (203.0.113.25) by …``
- Exim: ``from [203.0.113.25] (helo=mail.example.jp) by …``, ``([203.0.113.25]:51234 …)``
- IPv6: ``[IPv6:2001:db8::25]``, ``[2001:db8::25]``; Gmail's internal ``by 2002:a05:…``

Addresses inside the parentheses after ``from`` are what the receiving server saw on the
TCP connection; the bare word right after ``from`` is only what the sender claimed (HELO).
So parenthesised addresses are tried first. Addresses after ``by`` belong to the receiving
server (Exchange writes its own) and are kept apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpdesk_tui.mail.addresses import as_text, non_global_kind, parse_ip

KEYWORDS = ("from", "by", "via", "with", "id", "for")
_TOKEN_SPLIT = re.compile(r"[\s()\[\]<>,=]+")
_SEPARATOR = re.compile(r"[\s();]")
_HOSTNAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)+\Z")
# Second-level labels under which a country domain registers names (example.co.jp).
_GENERIC_SLD = {"co", "ne", "or", "ac", "go", "ad", "ed", "gr", "lg", "com", "net", "org",
                "edu", "gov"}
# One provider, several registrable domains (Office 365 relays between outlook.com and
# office365.com hosts; Gmail between google.com and gmail.com).
_PROVIDERS = {"office365.com": "outlook.com", "microsoft.com": "outlook.com",
              "exchangelabs.com": "outlook.com", "outlook.jp": "outlook.com",
              "gmail.com": "google.com", "googlemail.com": "google.com"}


@dataclass(frozen=True)
class Hop:
    """One ``Received:`` field. ``hop`` counts bottom-up: 1 is the oldest (the sender
    side); ``position`` counts top-down as pasted: 1 is the topmost field."""

    hop: int
    position: int
    line: int  # line of the pasted text where the field starts
    raw: str  # "Received: " + the unfolded value
    from_names: tuple[str, ...]  # HELO and reverse-DNS names of the sending host
    by_host: str | None
    from_ips: tuple[str, ...]  # every address of the from clause, TCP-info first
    by_ips: tuple[str, ...]
    global_ip: str | None  # first from-address a client could reach
    by_global_ip: str | None
    skipped: tuple[tuple[str, str], ...]  # (address, why) non-global from-addresses

    def to_json(self) -> dict:
        return {
            "hop": self.hop, "position": self.position, "line": self.line, "raw": self.raw,
            "from_names": list(self.from_names), "by_host": self.by_host,
            "from_ips": list(self.from_ips), "by_ips": list(self.by_ips),
            "global_ip": self.global_ip, "by_global_ip": self.by_global_ip,
            "skipped": [{"ip": ip, "why": why} for ip, why in self.skipped],
        }


def words(value: str) -> list[str]:
    """Top-level words of a field value up to its ``;`` (the date); a parenthesised
    comment, spaces and nested parentheses included, is one word.

    Linear in the value's length: only the separators are visited (a regex scan) and each
    word is one slice, so a 100k-address header is read in well under a second."""
    found: list[str] = []
    depth = 0
    start = 0  # where the current word (or comment) began
    for match in _SEPARATOR.finditer(value):
        at = match.start()
        char = value[at]
        if depth:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    found.append(value[start:at + 1])
                    start = at + 1
            continue
        if char == "(":
            if start < at:
                found.append(value[start:at])
            start, depth = at, 1
        elif char == ")":
            continue  # unbalanced: an ordinary character of the word
        else:  # a space or the ";" before the date
            if start < at:
                found.append(value[start:at])
            start = at + 1
            if char == ";":
                return found
    if start < len(value):
        found.append(value[start:])
    return found


def clauses(value: str) -> dict[str | None, list[str]]:
    """The words of each clause (``from``, ``by``, …); words before any keyword go under
    ``None`` (qmail's ``(qmail 123 invoked by uid 89)``)."""
    out: dict[str | None, list[str]] = {None: []}
    current: str | None = None
    for word in words(value):
        key = word.lower()
        if key in KEYWORDS and key not in out:
            current = key
            out[current] = []
        else:
            out[current].append(word)
    return out


def _addresses(texts: list[str]) -> list[str]:
    found: dict[str, None] = {}  # ordered and O(1) to test: a header may hold 100k addresses
    for text in texts:
        for token in _TOKEN_SPLIT.split(text):
            address = parse_ip(token) if token else None
            if address is not None:
                found.setdefault(as_text(address))
    return list(found)


def _hostname(token: str) -> str | None:
    token = token.strip().lower().rstrip(".")
    if token.startswith("helo="):
        token = token[5:]
    if parse_ip(token) is not None or not _HOSTNAME.match(token):
        return None
    if not any(c.isalpha() for c in token.rsplit(".", 1)[1]):
        return None  # "tlsv1.3", a version number, not a host
    return token


def parse_hop(value: str, *, hop: int, position: int, line: int) -> Hop:
    parts = clauses(value)
    sender = parts.get("from", [])
    comments = [w for w in sender if w.startswith("(")]
    bare = [w for w in sender if not w.startswith("(")]
    seen = _addresses(comments)
    known = set(seen)
    from_ips = seen + [a for a in _addresses(bare) if a not in known]
    # the HELO word, then the names in the first comment (the TCP info); later comments
    # are TLS or authentication notes
    names: dict[str, None] = {}
    for token in bare[:1] + (_TOKEN_SPLIT.split(comments[0]) if comments else []):
        name = _hostname(token)
        if name:
            names.setdefault(name)
    receiver = parts.get("by", [])
    by_host = receiver[0].strip().lower().rstrip(".") if receiver else None
    by_ips = _addresses([w for w in receiver[1:] if w.startswith("(")])
    global_ip, skipped = None, []
    for text in from_ips:
        why = non_global_kind(parse_ip(text))
        if why is None:
            global_ip = global_ip or text
        else:
            skipped.append((text, why))
    by_global = next((a for a in by_ips if non_global_kind(parse_ip(a)) is None), None)
    return Hop(hop, position, line, f"Received: {value}", tuple(names), by_host,
               tuple(from_ips), tuple(by_ips), global_ip, by_global, tuple(skipped))


def organisation(host: str | None) -> str | None:
    """The registrable domain a host name belongs to (``mx.example.co.jp`` →
    ``example.co.jp``), folded per provider; None for an address or a single label.
    An approximation without the public-suffix list, good enough to tell a provider's
    internal relays from the hop where a message entered it."""
    if not host or parse_ip(host) is not None:
        return None
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2:
        return None
    size = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SLD else 2
    domain = ".".join(labels[-size:])
    return _PROVIDERS.get(domain, domain)


def belongs(host: str | None, suffix: str) -> bool:
    """True when ``host`` is ``suffix`` or a name under it."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    return host == suffix or host.endswith("." + suffix)
