"""Domain names as admins type them, stored in one canonical spelling.

Names arrive from registrar screens, PDFs and Japanese IMEs: full-width letters
(``ＥＸＡＭＰＬＥ．ｃｏ．ｊｐ``), the ideographic full stop (``例え。jp``), upper case, a
trailing dot, the punycode a registrar shows, or a whole e-mail address. The tenant record
keeps the ASCII (A-label, punycode) form, which is what DNS and the vendor use; screens
show the Unicode form beside it so a look-alike or a wrong punycode string is noticed.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

import idna

from helpdesk_tui.domains.errors import DomainInputError

# NFKC folds "．" and "｡"; the ideographic full stop "。" needs an explicit mapping.
_DOTS = str.maketrans({"。": ".", "｡": ".", "．": "."})
_ASCII_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
MAX_NAME = 253


@dataclass(frozen=True)
class DomainName:
    """One domain in both spellings, lower case, no trailing dot."""

    ascii: str  # "xn--r8jz45g.jp": stored, queried, published
    unicode: str  # "例え.jp": what people read

    @property
    def is_idn(self) -> bool:
        return self.ascii != self.unicode

    def display(self) -> str:
        """``例え.jp (xn--r8jz45g.jp)`` for an IDN, the plain name otherwise."""
        return f"{self.unicode} ({self.ascii})" if self.is_idn else self.ascii

    def within(self, suffix: str) -> bool:
        return self.ascii == suffix or self.ascii.endswith("." + suffix)


def parse_domain_name(text: str) -> DomainName:
    """The canonical :class:`DomainName` of what an admin typed.

    Raises :class:`DomainInputError` (``bad-name``) with the reason: an e-mail address, a
    URL, an IP address, a single label, an empty or over-long label, characters a host
    name cannot have."""
    if not isinstance(text, str):
        raise DomainInputError("bad-name", name=repr(text), why="not text")
    raw = text
    name = unicodedata.normalize("NFKC", text).translate(_DOTS).strip().lower()
    if "@" in name:
        raise DomainInputError("name-is-address", name=raw, domain=name.rsplit("@", 1)[1])
    if "://" in name or "/" in name:
        raise DomainInputError("name-is-url", name=raw)
    name = name[:-1] if name.endswith(".") else name
    if not name:
        raise DomainInputError("bad-name", name=raw, why="empty")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        raise DomainInputError("name-is-ip", name=raw)
    labels = name.split(".")
    if len(labels) < 2:
        raise DomainInputError("bad-name", name=raw, why="needs at least two labels (example.co.jp)")
    try:
        ascii_name = idna.encode(name, uts46=True).decode("ascii")
        unicode_name = idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError) as exc:
        raise DomainInputError("bad-name", name=raw, why=str(exc)) from None
    if len(ascii_name) > MAX_NAME:
        raise DomainInputError("bad-name", name=raw, why=f"longer than {MAX_NAME} characters")
    for label in ascii_name.split("."):
        if not _ASCII_LABEL.match(label):
            raise DomainInputError("bad-name", name=raw, why=f"label {label!r} is not a host name label")
    if ascii_name.rsplit(".", 1)[1].isdigit():
        raise DomainInputError("bad-name", name=raw, why="the top-level label is numeric")
    return DomainName(ascii_name, unicode_name)


def canonical(text: str) -> str:
    """The stored spelling of ``text``, or ``text`` lower-cased when it does not parse
    (so a damaged record can still be matched and shown)."""
    try:
        return parse_domain_name(text).ascii
    except DomainInputError:
        return str(text).strip().rstrip(".").lower()


def unicode_form(ascii_name: str) -> str:
    """The Unicode spelling of a stored name; the name itself when it is not valid IDNA."""
    try:
        return idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError):
        return ascii_name
