"""Parsing the mail-authentication records: SPF (RFC 7208), DMARC (RFC 7489) and DKIM
keys (RFC 6376). Pure functions on the record text, no I/O, never raising on bad input.

Why not checkdmarc / pyspf / dkimpy (read: checkdmarc 6.0.4, pyspf 2.0.14, dkimpy 1.1.8):
each resolves names itself with a blocking dnspython resolver, one query after another
(checkdmarc's ``parse_spf_record`` resolves every a, mx and include term while parsing; pyspf's
``DNSLookup_dnspython`` calls ``dns.resolver.query``; dkimpy's ``dnsplug.get_txt`` the
system resolver with the search list), and checkdmarc adds requests, pyleri,
publicsuffixlist, xmltodict and more. The engine asks the zone's own servers first and
everything at once with one time limit, and must show which server said what; so the
records are fetched by the engine and only parsed here: the terms of a record, tag=value
lists, an RSA key's size (``cryptography``, already a dependency).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

__all__ = ["DkimKey", "Dmarc", "SpfRecord", "dkim_key", "is_spf", "parse_dmarc", "parse_spf"]

# RFC 7208 §4.6.4: these terms cost a DNS lookup; at most 10 per evaluation.
LOOKUP_TERMS = ("include", "a", "mx", "ptr", "exists")
MECHANISMS = ("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists")
QUALIFIERS = "+-~?"
DMARC_POLICIES = ("none", "quarantine", "reject")
MIN_DKIM_BITS = 1024


def is_spf(value: str) -> bool:
    """RFC 7208 §4.5: "v=spf1" followed by a space or nothing (case-insensitive)."""
    head = value[:7].lower()
    return head == "v=spf1" or head == "v=spf1 "


@dataclass(frozen=True)
class SpfTerm:
    qualifier: str  # + - ~ ? (modifiers: "")
    name: str  # mechanism or modifier name, lower case
    value: str  # the domain-spec / address after ":" or "=", "" when none

    @property
    def costs_lookup(self) -> bool:
        return self.name in LOOKUP_TERMS or self.name == "redirect"

    def text(self) -> str:
        q = "" if self.qualifier in ("", "+") else self.qualifier
        sep = "=" if self.name in ("redirect", "exp") else ":"
        return f"{q}{self.name}{sep}{self.value}" if self.value else f"{q}{self.name}"


@dataclass(frozen=True)
class SpfRecord:
    terms: tuple[SpfTerm, ...]
    problems: tuple[str, ...]  # unknown mechanisms, bad syntax (permerror at receivers)

    @property
    def all(self) -> SpfTerm | None:
        return next((t for t in self.terms if t.name == "all"), None)

    @property
    def redirect(self) -> str | None:
        return next((t.value for t in self.terms if t.name == "redirect"), None)

    def includes(self) -> tuple[str, ...]:
        return tuple(t.value for t in self.terms if t.name == "include" and t.value)


def parse_spf(text: str) -> SpfRecord:
    terms, problems = [], []
    for word in text.split()[1:]:
        if "=" in word and ":" not in word.split("=", 1)[0]:
            name, value = word.split("=", 1)
            terms.append(SpfTerm("", name.lower(), value))
            continue
        qualifier = word[0] if word[0] in QUALIFIERS else "+"
        body = word[1:] if word[0] in QUALIFIERS else word
        name, _, value = body.partition(":")
        if "/" in name:  # "a/24", "mx/24": the CIDR belongs to the mechanism
            name, _, cidr = name.partition("/")
            value = value or ""
        name = name.lower()
        if name not in MECHANISMS:
            problems.append(f"unknown term {word!r}")
            continue
        terms.append(SpfTerm(qualifier, name, value))
    return SpfRecord(tuple(terms), tuple(problems))


@dataclass(frozen=True)
class Dmarc:
    tags: dict
    problem: str | None  # why it does not parse (a code, labelled dns.problem.<code>); None: it does
    detail: dict = field(default_factory=dict)  # the code's label params

    @property
    def policy(self) -> str | None:
        return self.tags.get("p")


def parse_dmarc(text: str) -> Dmarc:
    """RFC 7489 §6.3-6.4: ``v=DMARC1`` first, then ``p``; tags separated by ";"."""
    tags: dict[str, str] = {}
    parts = [p.strip() for p in text.split(";") if p.strip()]
    for part in parts:
        name, sep, value = part.partition("=")
        if not sep:
            return Dmarc(tags, "not-tag", {"part": part})
        tags.setdefault(name.strip().lower(), value.strip())
    if not parts or parts[0].replace(" ", "") != "v=DMARC1":
        return Dmarc(tags, "no-version")
    if "p" not in tags:
        return Dmarc(tags, "no-policy")
    for tag in ("p", "sp"):
        if tag in tags and tags[tag].lower() not in DMARC_POLICIES:
            return Dmarc(tags, "bad-policy", {"tag": tag, "value": tags[tag]})
    if "pct" in tags and not (tags["pct"].isdigit() and 0 <= int(tags["pct"]) <= 100):
        return Dmarc(tags, "bad-pct", {"value": tags["pct"]})
    tags["p"] = tags["p"].lower()
    return Dmarc(tags, None)


@dataclass(frozen=True)
class DkimKey:
    bits: int | None  # RSA modulus size; None for other key types or when unusable
    problem: str | None  # why the key cannot be used (a code, dns.problem.<code>); None: it can
    detail: dict = field(default_factory=dict)  # the code's label params


def dkim_key(text: str) -> DkimKey:
    """RFC 6376 §3.6.1: tag=value list; p= is the base64 public key (empty = revoked)."""
    tags = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        if sep:
            tags[name.strip().lower()] = "".join(value.split())
    if tags.get("v", "DKIM1") != "DKIM1":
        return DkimKey(None, "bad-version", {"version": tags["v"]})
    if "p" not in tags:
        return DkimKey(None, "no-key")
    if not tags["p"]:
        return DkimKey(None, "revoked")
    try:
        der = base64.b64decode(tags["p"], validate=True)
    except (binascii.Error, ValueError):
        return DkimKey(None, "not-base64")
    kind = tags.get("k", "rsa").lower()
    if kind == "ed25519":
        return DkimKey(None, None) if len(der) == 32 else DkimKey(None, "not-ed25519")
    if kind != "rsa":
        return DkimKey(None, "unknown-type", {"type": kind})
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        key = load_der_public_key(der)
    except (ValueError, TypeError):
        return DkimKey(None, "not-rsa")
    if not isinstance(key, rsa.RSAPublicKey):
        return DkimKey(None, "not-rsa")
    bits = key.key_size
    if bits < MIN_DKIM_BITS:
        return DkimKey(bits, "short", {"bits": bits, "min": MIN_DKIM_BITS})
    return DkimKey(bits, None)
