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
    SOA record (a CNAME is not an apex). None when no server answered."""
    zone, _ns = await _apex_and_ns(name, servers, timeout, client, with_ns=False)
    return zone


async def _apex_and_ns(name: DomainName, servers: Sequence[Resolver], timeout: float,
                       client: httpx.AsyncClient | None, *, with_ns: bool):
    """Ask SOA (and NS) of the name and every ancestor at once: one round trip instead of
    one per label, so a slow resolver costs its delay once, not once per step. The
    nearest SOA owner wins; questions about names above it are then abandoned."""
    candidates, candidate = [], name
    while candidate is not None and len(candidates) < _MAX_WALK:
        candidates.append(candidate)
        candidate = candidate.parent()

    def asking(c: DomainName, kind: str) -> asyncio.Task:
        return asyncio.ensure_future(first_definitive(servers, c.ascii, kind, timeout=timeout, client=client))

    soa = [asking(c, "SOA") for c in candidates]
    ns = [asking(c, "NS") for c in candidates] if with_ns else []
    try:
        for index, c in enumerate(candidates):  # nearest first
            answer = await soa[index]
            if answer is None:
                return None, None  # nobody could say: stop rather than guess a higher apex
            if answer.status == "answer" and not answer.cname_chain:
                return c, (await ns[index] if ns else None)
        return None, None
    finally:
        for task in (*soa, *ns):
            task.cancel()
        await asyncio.gather(*soa, *ns, return_exceptions=True)


async def find_authority(domain: DomainName, *, resolvers: Sequence[Resolver],
                         given: Sequence[Resolver] = (), timeout: float,
                         client: httpx.AsyncClient | None = None, ns_port: int = 53) -> Authority:
    """The zone apex and the servers to ask directly.

    With ``given`` servers, they are used as they are (the zone apex is asked of them).
    Otherwise the apex and its NS set are asked of ``resolvers`` in one round (every
    ancestor at once, first useful answer wins), then every name server's A and AAAA in
    a second round, all at once; each name server is asked at one address (IPv4 if it
    has one: a support host often has no IPv6 route).
    """
    if given:
        zone = await find_zone(domain, given, timeout=timeout, client=client)
        problem = None if zone else "no SOA found at the given servers"
        return Authority(zone, tuple(given), (), "given", problem)
    zone, ns = await _apex_and_ns(domain, resolvers, timeout, client, with_ns=True)
    if zone is None:
        return Authority(None, (), (), "not-found",
                         "no SOA record found at the name or above it (or no resolver answered)")
    if ns is None or ns.status != "answer":
        return Authority(zone, (), (), "not-found", "the zone's NS records could not be read")
    hosts = tuple(sorted({rd.target.to_text(omit_final_dot=True).lower() for rd in ns.rdata}))
    usable = [h for h in hosts if _usable(h)]
    found = await asyncio.gather(*(first_definitive(resolvers, h, rdtype, timeout=timeout, client=client)
                                   for h in usable for rdtype in ("A", "AAAA")))
    addresses = {}
    for index, host in enumerate(usable):
        a, aaaa = found[2 * index], found[2 * index + 1]
        best = next((x for x in (a, aaaa) if x is not None and x.status == "answer"), None)
        if best is not None:
            addresses[host] = best.records[0]
    servers = tuple(Resolver("dns", addresses[h], ns_port, name=h) for h in hosts if h in addresses)
    problem = None if servers else "none of the name servers has an address"
    return Authority(zone, servers, hosts, "discovered", problem)


def _usable(host: str) -> bool:
    try:
        parse_domain(host, min_labels=1)
    except InvalidName:
        return False
    return True
