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
from loopback_dns import NSD, Blackhole, DohRelay, Nsd, Relay
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
