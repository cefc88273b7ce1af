"""Domain names as admins type them, stored in one canonical spelling.

Names arrive from registrar screens, PDFs and Japanese IMEs: full-width letters
(``ＥＸＡＭＰＬＥ．ｃｏ．ｊｐ``), the ideographic full stop (``例え。jp``), upper case, a
trailing dot, the punycode a registrar shows, or a whole e-mail address. The tenant record
keeps the ASCII (A-label, punycode) form, which is what DNS and the vendor use; screens
show the Unicode form beside it so a look-alike or a wrong punycode string is noticed.
"""

from __future__ import annotations

import unicodedata

import idna

from helpdesk_tui.dns.names import DomainName, InvalidName, looks_like_ip, parse_domain
from helpdesk_tui.domains.errors import DomainInputError

__all__ = ["DomainName", "canonical", "parse_domain_name", "unicode_form"]

# NFKC folds "．" and "｡"; the ideographic full stop "。" needs an explicit mapping.
_DOTS = str.maketrans({"。": ".", "｡": ".", "．": "."})


def parse_domain_name(text: str) -> DomainName:
    """The canonical :class:`DomainName` of what an admin typed (the DNS engine's parser,
    so a name the console accepts is one the checks can query).

    Raises :class:`DomainInputError` with a code the operator can act on: an e-mail
    address (``name-is-address``, naming its domain part), a URL, an IP address, or
    ``bad-name`` with the reason (a single label, an empty or over-long label,
    characters a host name cannot have)."""
    if not isinstance(text, str):
        raise DomainInputError("bad-name", name=repr(text), why="not text")
    name = unicodedata.normalize("NFKC", text).translate(_DOTS).strip().lower()
    if "@" in name:
        raise DomainInputError("name-is-address", name=text, domain=name.rsplit("@", 1)[1])
    if "://" in name or "/" in name:
        raise DomainInputError("name-is-url", name=text)
    if looks_like_ip(name):
        raise DomainInputError("name-is-ip", name=text)
    try:
        domain = parse_domain(text)
    except InvalidName as problem:
        raise DomainInputError("bad-name", name=text, why=str(problem)) from None
    if "_" in domain.ascii:  # fine in a DNS query (_dmarc), never in a mail domain
        raise DomainInputError("bad-name", name=text, why="a mail domain has no '_'")
    return domain


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
