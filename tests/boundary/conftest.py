"""Fixtures: a real shared host (tests/boundary/shared_host.py)."""

from __future__ import annotations

import subprocess

import pytest

from tests.accounts import accounts, installed_tool, open_tmp, throwaway_user  # noqa: F401  (pytest fixtures)
from tests.boundary.shared_host import SharedHost, SystemFiles, build_store


@pytest.fixture
def shared_host(accounts, installed_tool, open_tmp):  # noqa: F811
    group = accounts.group("hdg")
    service = accounts.user("hds", system=True)
    agent = accounts.user("hda", groups=(group,))
    supervisor = accounts.user("hdv", groups=(group,))
    admin = accounts.user("hdm", groups=(group,))
    outsider = accounts.user("hdo")
    store = open_tmp / "srv" / "store"
    store.parent.mkdir()
    build_store(store, [{"username": agent, "role": "agent", "display_name": "Agent A"},
                        {"username": supervisor, "role": "supervisor", "display_name": "Super V"},
                        {"username": admin, "role": "admin", "display_name": "Admin M"}])
    witness = open_tmp / "witness" / "audit-witness.log"
    with SystemFiles():
        result = subprocess.run(
            [str(installed_tool), "store", "secure", "--store", str(store), "--service-user", service,
             "--group", group, "--executable", str(installed_tool), "--install-sudoers",
             "--witness-file", str(witness)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        yield SharedHost(installed_tool, store, service, group, agent, supervisor, admin, outsider, witness)
