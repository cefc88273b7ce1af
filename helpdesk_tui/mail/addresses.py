"""Which addresses in a ``Received:`` header can be a mail server on the Internet.

Skipped (not global): private (RFC 1918, IPv6 unique-local), shared CGN space
(100.64.0.0/10), loopback, link-local, unspecified, multicast and reserved (240/4,
broadcast) addresses: a client cannot be pointed at them from outside, and they appear in
headers for internal hops (``from localhost [127.0.0.1]``, ``[192.168.1.20]``).

Kept: the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
2001:db8::/32). ``ipaddress`` calls them private, but they are what guides, the seeds'
kind of examples and our own fixtures use for "a real server", and a real header never
carries them, so keeping them cannot hide a real address.
"""

from __future__ import annotations

import ipaddress

# What non_global_kind() can answer (labelled as mail.address.<kind>).
KINDS = ("private", "shared", "loopback", "link-local", "unspecified", "multicast", "reserved")
_PRIVATE = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7",
))
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_RESERVED = tuple(ipaddress.ip_network(n) for n in ("0.0.0.0/8", "240.0.0.0/4"))


def parse_ip(token: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address written in a header token: ``203.0.113.5``, ``IPv6:2001:db8::1``,
    ``203.0.113.5:51234`` (Exim adds the port), ``2001:db8::1%eth0``; else None."""
    token = token.strip().rstrip(".,;")
    if token[:5].lower() == "ipv6:":
        token = token[5:]
    if token.count(":") == 1 and token.count(".") == 3:
        token = token.split(":")[0]
    token = token.split("%")[0]
    try:
        return ipaddress.ip_address(token)
    except ValueError:
        return None


def as_text(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The address as a mail client would be given it: an IPv4-mapped IPv6 address
    (``::ffff:203.0.113.5``) is the IPv4 address it carries."""
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped if mapped is not None else address)


def non_global_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` cannot be the server's public address, or None when it can."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address.is_loopback:
        return "loopback"
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if any(address in net for net in _PRIVATE if net.version == address.version):
        return "private"
    if address.version == 4 and (address in _SHARED):
        return "shared"
    if address.version == 4 and (any(address in n for n in _RESERVED) or
                                 address == ipaddress.IPv4Address("255.255.255.255")):
        return "reserved"
    return None
