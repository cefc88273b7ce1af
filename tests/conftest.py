"""Suite-wide guard: an unexpected exception is a test failure, even where the product
turns it into a banner.

The console and the CLI catch every unexpected exception, write a crash report and go on
(helpdesk_tui.crash). That is right for an operator and wrong for a test: a Pilot test
whose screen crashed would still pass. So every test gets its own crash directory
(``XDG_STATE_HOME``, inherited by the subprocesses it starts) and fails if a report
appears there. Tests that provoke a crash on purpose set their own ``XDG_STATE_HOME``
(then this guard looks at a directory nothing writes to) or use the ``expect_crash``
marker.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_install():
    """The suite runs as a private install. A system configuration on the machine (a
    shared-host deployment, or one left by a boundary test killed before its teardown)
    would send every command through sudo to a store the tests did not make: it is set
    aside for the run and put back afterwards. tests/boundary writes its own."""
    from helpdesk_tui.boundary.sysconfig import SYSTEM_CONFIG

    aside = SYSTEM_CONFIG.with_name(SYSTEM_CONFIG.name + ".aside-during-tests")
    if SYSTEM_CONFIG.exists():
        if os.geteuid() != 0:
            pytest.exit(f"{SYSTEM_CONFIG} exists: the tests need a host without a shared-store "
                        "deployment (or root, to set it aside for the run)", returncode=3)
        os.replace(SYSTEM_CONFIG, aside)
    yield
    if aside.exists():
        os.replace(aside, SYSTEM_CONFIG)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "expect_crash: the test provokes a crash report on purpose")


@pytest.fixture(autouse=True)
def _no_crash_reports(request, tmp_path_factory, monkeypatch):
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    yield
    reports = sorted((state / "helpdesk-tui" / "crashes").glob("crash-*"))
    if reports and request.node.get_closest_marker("expect_crash") is None:
        pytest.fail("the code under test crashed (the product caught it and wrote a crash report):\n"
                    + reports[0].read_text(encoding="utf-8", errors="replace"))
