"""Domain names as people type them, and as DNS needs them.

Admins paste names from PDFs, Japanese IMEs and registrar screens: full-width letters
(``ＥＸＡＭＰＬＥ．ｊｐ``), the ideographic full stop (``例え。jp``), a trailing dot, upper case,
or the punycode form a registrar shows (``xn--r8jz45g.jp``). All of these mean the same
zone, so we normalise once, here, and keep both spellings: DNS is queried with the ASCII
(A-label) form, people are shown the Unicode form next to it so that a look-alike or a
wrong punycode string is noticed.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

import idna

__all__ = ["DomainName", "InvalidName", "parse_domain", "looks_like_ip"]

# Separators an IME or a PDF may produce instead of "." (NFKC already folds the
# full-width "．" and the half-width "｡"; the ideographic "。" it leaves alone).
_DOTS = str.maketrans({"。": ".", "｡": ".", "．": "."})
# LDH labels (RFC 1123), plus "_" which real zones use for service names (_dmarc, _spf).
_ASCII_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_MAX_NAME = 253


class InvalidName(ValueError):
    """The text is not a usable domain name; the message says why, for the operator."""


@dataclass(frozen=True)
class DomainName:
    """One name in both spellings, lower case, without the trailing dot."""

    ascii: str  # A-labels, what goes on the wire: "xn--r8jz45g.jp"
    unicode: str  # U-labels, what people read: "例え.jp"

    @property
    def is_idn(self) -> bool:
        return self.ascii != self.unicode

    def display(self) -> str:
        """``例え.jp (xn--r8jz45g.jp)`` for an IDN, the plain name otherwise."""
        return f"{self.unicode} ({self.ascii})" if self.is_idn else self.ascii

    def is_within(self, zone: "DomainName | str") -> bool:
        """True when this name is ``zone`` or below it."""
        apex = zone.ascii if isinstance(zone, DomainName) else zone.rstrip(".").lower()
        return self.ascii == apex or self.ascii.endswith("." + apex)

    def parent(self) -> "DomainName | None":
        """The name one label up, or None at a top-level label."""
        if "." not in self.ascii:
            return None
        return DomainName(self.ascii.split(".", 1)[1], self.unicode.split(".", 1)[1])

    def __str__(self) -> str:
        return self.ascii

    def to_json(self) -> dict:
        return {"ascii": self.ascii, "unicode": self.unicode}


def looks_like_ip(text: str) -> bool:
    """True for an IPv4/IPv6 address literal (with or without a trailing dot)."""
    try:
        ipaddress.ip_address(text.strip().rstrip(".").strip("[]"))
    except ValueError:
        return False
    return True


def parse_domain(text: str, *, min_labels: int = 2) -> DomainName:
    """Normalise what a person typed into a :class:`DomainName`, or raise :class:`InvalidName`.

    ``min_labels`` guards against a bare word ("example") that would otherwise be looked
    up as a top-level domain; 1 allows it (DNS-internal use, e.g. walking up to a TLD).
    """
    if not isinstance(text, str):
        raise InvalidName(f"not a domain name: {text!r}")
    raw = text
    name = unicodedata.normalize("NFKC", text).translate(_DOTS).strip()
    if name.endswith("."):
        name = name[:-1]
    if not name:
        raise InvalidName("empty domain name")
    if any(ch.isspace() for ch in name):
        raise InvalidName(f"a domain name has no spaces: {raw!r}")
    if looks_like_ip(name):
        raise InvalidName(f"{raw!r} is an IP address, not a domain name")
    if "@" in name or "/" in name or ":" in name:
        raise InvalidName(f"{raw!r} is not a domain name (give only the part after the @, "
                          "without http:// or a port)")
    labels = name.split(".")
    if any(label == "" for label in labels):
        raise InvalidName(f"{raw!r} has an empty label (two dots in a row)")
    ascii_labels, unicode_labels = [], []
    for label in labels:
        a_label, u_label = _label(label, raw)
        ascii_labels.append(a_label)
        unicode_labels.append(u_label)
    if len(labels) < min_labels:
        raise InvalidName(f"{raw!r} needs at least {min_labels} labels (e.g. example.co.jp)")
    if ascii_labels[-1].isdigit():
        raise InvalidName(f"{raw!r} ends in a numeric label: not a domain name")
    ascii_name = ".".join(ascii_labels)
    if len(ascii_name) > _MAX_NAME:
        raise InvalidName(f"domain name longer than {_MAX_NAME} characters: {raw!r}")
    return DomainName(ascii_name, ".".join(unicode_labels))


def _label(label: str, raw: str) -> tuple[str, str]:
    """One label as (A-label, U-label)."""
    if label.isascii():
        lower = label.lower()
        if lower.startswith("xn--"):
            try:
                return lower, idna.decode(lower)
            except idna.IDNAError as problem:
                raise InvalidName(f"{raw!r}: {label!r} is not valid punycode ({problem})") from None
        if not _ASCII_LABEL.match(lower):
            raise InvalidName(f"{raw!r}: label {label!r} may hold only letters, digits and "
                              "hyphens (not at either end), at most 63 characters")
        return lower, lower
    try:
        a_label = idna.encode(label, uts46=True).decode("ascii")
        return a_label, idna.decode(a_label)
    except idna.IDNAError as problem:
        raise InvalidName(f"{raw!r}: label {label!r} is not a valid internationalised "
                          f"name ({problem})") from None
