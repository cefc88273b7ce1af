"""Which servers to ask, written the way operators write them.

A server spec is ``ADDR`` or ``ADDR:PORT`` (IPv6 in brackets when a port is given:
``[::1]:5353``), or an ``https://`` URL for DNS-over-HTTPS (RFC 8484). Servers are given
by address, never by name: resolving the resolver's own name would need a resolver, and
the point of these checks is to not trust the local one blindly.

The defaults are large public resolvers run by different operators, so a cache that is
still stale at one of them shows up as a difference; DoH reaches them from networks that
block outgoing port 53. Every address is configurable (``--resolver`` / ``--doh``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_DOH",
    "DEFAULT_RESOLVERS",
    "InvalidResolver",
    "Resolver",
    "default_resolvers",
    "parse_doh",
    "parse_resolver",
    "parse_server",
]


class InvalidResolver(ValueError):
    """A server spec that cannot be used; the message says what was expected."""


@dataclass(frozen=True)
class Resolver:
    """One DNS server to ask: plain DNS (UDP, TCP on truncation) or DoH."""

    kind: str  # "dns" or "doh"
    address: str  # IP address ("dns") or URL ("doh")
    port: int = 53
    name: str = ""  # who runs it, for display ("Google"); empty for user-given servers

    @property
    def label(self) -> str:
        """The spec as a user would type it: ``8.8.8.8``, ``[::1]:5353``, the URL."""
        if self.kind == "doh":
            return self.address
        host = f"[{self.address}]" if ":" in self.address else self.address
        return host if self.port == 53 else f"{host}:{self.port}"

    def display(self) -> str:
        return f"{self.name} {self.label}" if self.name else self.label

    def to_json(self) -> dict:
        return {"kind": self.kind, "server": self.label, "name": self.name or None}


DEFAULT_RESOLVERS: tuple[Resolver, ...] = (
    Resolver("dns", "8.8.8.8", name="Google"),
    Resolver("dns", "1.1.1.1", name="Cloudflare"),
    Resolver("dns", "9.9.9.9", name="Quad9"),
    Resolver("dns", "208.67.222.222", name="OpenDNS"),
)
DEFAULT_DOH: tuple[Resolver, ...] = (
    Resolver("doh", "https://dns.google/dns-query", name="Google DoH"),
    Resolver("doh", "https://cloudflare-dns.com/dns-query", name="Cloudflare DoH"),
)


def default_resolvers() -> list[Resolver]:
    """Public resolvers plus their DoH endpoints, for real use."""
    return [*DEFAULT_RESOLVERS, *DEFAULT_DOH]


def parse_resolver(spec: str) -> Resolver:
    """``ADDR[:PORT]`` → a plain-DNS :class:`Resolver`; raises :class:`InvalidResolver`."""
    text = (spec or "").strip()
    if not text:
        raise InvalidResolver("empty resolver address")
    if "://" in text:
        raise InvalidResolver(f"{spec!r} is a URL: give DNS-over-HTTPS servers with --doh")
    host, port = text, 53
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            raise InvalidResolver(f"{spec!r}: missing ']' after the IPv6 address")
        host, rest = text[1:close], text[close + 1:]
        if rest:
            if not rest.startswith(":"):
                raise InvalidResolver(f"{spec!r}: expected [IPv6]:PORT")
            port = _port(rest[1:], spec)
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        port = _port(port_text, spec)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise InvalidResolver(
            f"{spec!r} is not an IP address (expected ADDR or ADDR:PORT, "
            "e.g. 8.8.8.8, 192.0.2.53:5353, [2001:db8::53]:53)"
        ) from None
    return Resolver("dns", str(address), port)


def parse_doh(url: str) -> Resolver:
    """An RFC 8484 endpoint URL → a DoH :class:`Resolver`; raises :class:`InvalidResolver`.

    ``http://`` is accepted too, for a relay on the local machine; on the network use
    ``https://`` so nobody on the path can read or change the answers.
    """
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as problem:
        raise InvalidResolver(f"{url!r}: {problem}") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidResolver(
            f"{url!r} is not a DNS-over-HTTPS URL (e.g. https://dns.google/dns-query)"
        )
    if parts.query or parts.fragment:
        raise InvalidResolver(f"{url!r}: the URL takes no ?query or #fragment")
    return Resolver("doh", text)


def parse_server(spec: str) -> Resolver:
    """Either form: a URL becomes DoH, anything else ``ADDR[:PORT]``."""
    return parse_doh(spec) if "://" in (spec or "") else parse_resolver(spec)


def _port(text: str, spec: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InvalidResolver(f"{spec!r}: port must be a number from 1 to 65535")
    return int(text)
