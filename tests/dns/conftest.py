"""A real authoritative DNS server (nsd) on loopback, with one zone per finding, plus
the misbehaving servers the checks must survive: one that never answers, a slow one, a
caching one, and a DoH endpoint relaying to nsd.

nsd is authoritative-only, so tests pass its address both as "resolver" and as
"authoritative": the engine treats them the same way it treats a public resolver and
the zone's own name server.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dns_zones import ZONES, switch_zone
from loopback_dns import NSD, Blackhole, DohRelay, Nsd, Relay, free_port, zone_text
from loopback_unbound import UNBOUND, Unbound
from mail_zones import lag_zone
from tests.loopback import no_proxy_for_loopback  # noqa: F401  (autouse fixture)


@pytest.fixture(scope="session")
def nsd(tmp_path_factory) -> Nsd:
    if not Path(NSD).exists():
        pytest.skip("nsd is not installed (scripts/test.sh installs it): the DNS tests need it")
    server = Nsd(tmp_path_factory.mktemp("nsd"), ZONES)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def switch(nsd) -> Nsd:
    """switch.test in its "before" state (serial 1) at the start of the test."""
    if nsd.serial("switch.test") != 1:
        nsd.replace_zone("switch.test", switch_zone(1), serial=1)
    yield nsd
    nsd.replace_zone("switch.test", switch_zone(1), serial=1)


@pytest.fixture
def blackholes():
    holes = [Blackhole() for _ in range(3)]
    yield holes
    for hole in holes:
        hole.close()


@pytest.fixture
def slow(nsd):
    relay = Relay(nsd.port, delay=0.6)
    yield relay
    relay.close()


@pytest.fixture
def cache(nsd):
    relay = Relay(nsd.port, cache=True)
    yield relay
    relay.close()


@pytest.fixture(scope="session")
def doh(nsd):
    relay = DohRelay(nsd.port)
    yield relay
    relay.close()


class Fleet:
    """lag.test on three loopback addresses sharing one port (as NS discovery needs):
    the primary at serial 2, a secondary still at serial 1, a lame server."""

    def __init__(self, primary: Nsd, secondary: Nsd, lame: Nsd) -> None:
        self.primary, self.secondary, self.lame = primary, secondary, lame
        self.port = primary.port


@pytest.fixture(scope="session")
def fleet(tmp_path_factory) -> Fleet:
    if not Path(NSD).exists():
        pytest.skip("nsd is not installed (scripts/test.sh installs it): the DNS tests need it")
    port = free_port(("127.0.0.1", "127.0.0.2", "127.0.0.3"))
    servers = [
        Nsd(tmp_path_factory.mktemp("ns1"), {"lag.test": lag_zone(2)}, address="127.0.0.1", port=port),
        Nsd(tmp_path_factory.mktemp("ns2"), {"lag.test": lag_zone(1)}, address="127.0.0.2", port=port),
        Nsd(tmp_path_factory.mktemp("ns3"), {"elsewhere.test": zone_text("elsewhere.test", "")},
            address="127.0.0.3", port=port),
    ]
    for server in servers:
        server.start()
    yield Fleet(*servers)
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def unbound(nsd, fleet, tmp_path_factory) -> Unbound:
    """A real recursive resolver with stub zones to the lab's nsd instances."""
    if not Path(UNBOUND).exists():
        pytest.skip("unbound is not installed (scripts/test.sh installs it): the resolver tests need it")
    stubs = {zone: f"127.0.0.1@{nsd.port}" for zone in ZONES}
    stubs["lag.test"] = f"127.0.0.1@{fleet.port}"
    server = Unbound(tmp_path_factory.mktemp("unbound"), stubs)
    server.start()
    yield server
    server.stop()
