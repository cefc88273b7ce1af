"""Find the zone's own name servers, so a check can ask the truth first.

A recursive resolver answers from its cache: after a change it may keep the old records
for a whole TTL. The zone's authoritative servers answer from the zone itself (AA flag
set) and carry the SOA serial that says which version of the zone they serve. So the
check (1) finds the zone apex by walking up from the name until a SOA owner is found,
(2) asks for the apex's NS set and the name servers' addresses, and (3) queries those
servers directly.

Addresses can also be given (``--authoritative``): on a network that blocks outgoing
port 53 except to one server, for a hidden primary, and for tests against a local
server. Discovery assumes port 53 unless ``ns_port`` says otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from helpdesk_tui.dns.names import DomainName, InvalidName, parse_domain
from helpdesk_tui.dns.query import first_definitive
from helpdesk_tui.dns.resolvers import Resolver

__all__ = ["Authority", "find_authority", "find_zone"]

# The longest walk we do; real names are rarely deeper than this below their zone.
_MAX_WALK = 12


@dataclass(frozen=True)
class Authority:
    """Where the zone's truth lives; ``source`` is given / discovered / not-found."""

    zone: DomainName | None  # the apex (owner of the SOA)
    servers: tuple[Resolver, ...]
    ns_names: tuple[str, ...] = ()
    source: str = "given"
    problem: str | None = None  # why discovery stopped, when it did

    def to_json(self) -> dict:
        return {
            "zone": self.zone.to_json() if self.zone else None,
            "servers": [s.label for s in self.servers],
            "ns": list(self.ns_names),
            "source": self.source,
            "problem": self.problem,
        }


async def find_zone(name: DomainName, servers: Sequence[Resolver], *, timeout: float,
                    client: httpx.AsyncClient | None = None) -> DomainName | None:
    """The apex of the zone holding ``name``: the nearest name at or above it that owns a
    SOA record (a CNAME is not an apex, so the walk goes on past it). None when no
    server answered."""
    candidate: DomainName | None = name
    for _ in range(_MAX_WALK):
        if candidate is None:
            return None
        answer = await first_definitive(servers, candidate.ascii, "SOA", timeout=timeout, client=client)
        if answer is None:
            return None
        if answer.status == "answer" and not answer.cname_chain:
            return candidate
        candidate = candidate.parent()
    return None


async def find_authority(domain: DomainName, *, resolvers: Sequence[Resolver],
                         given: Sequence[Resolver] = (), timeout: float,
                         client: httpx.AsyncClient | None = None, ns_port: int = 53) -> Authority:
    """The zone apex and the servers to ask directly.

    With ``given`` servers, they are used as they are (the zone apex is asked of them).
    Otherwise the apex, its NS set and the name servers' addresses are asked of
    ``resolvers`` (all at once, first useful answer wins) and each name server is asked
    at one address (IPv4 if it has one: a support host often has no IPv6 route).
    """
    if given:
        zone = await find_zone(domain, given, timeout=timeout, client=client)
        problem = None if zone else "no SOA found at the given servers"
        return Authority(zone, tuple(given), (), "given", problem)
    zone = await find_zone(domain, resolvers, timeout=timeout, client=client)
    if zone is None:
        return Authority(None, (), (), "not-found",
                         "no SOA record found at the name or above it (or no resolver answered)")
    ns = await first_definitive(resolvers, zone.ascii, "NS", timeout=timeout, client=client)
    if ns is None or ns.status != "answer":
        return Authority(zone, (), (), "not-found", "the zone's NS records could not be read")
    hosts = tuple(sorted(rd.target.to_text(omit_final_dot=True).lower() for rd in ns.rdata))
    addresses = await asyncio.gather(
        *(_address(host, resolvers, timeout, client) for host in hosts)
    )
    servers = tuple(Resolver("dns", address, ns_port, name=host)
                    for host, address in zip(hosts, addresses) if address)
    problem = None if servers else "none of the name servers has an address"
    return Authority(zone, servers, hosts, "discovered", problem)


async def _address(host: str, resolvers: Sequence[Resolver], timeout: float,
                   client: httpx.AsyncClient | None) -> str | None:
    try:
        parse_domain(host, min_labels=1)
    except InvalidName:
        return None
    for rdtype in ("A", "AAAA"):
        answer = await first_definitive(resolvers, host, rdtype, timeout=timeout, client=client)
        if answer is not None and answer.status == "answer":
            return answer.records[0]
    return None
