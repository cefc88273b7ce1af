"""Per-operation rate limits and the audit-download gate, with a clock that never sleeps."""

from __future__ import annotations

import threading

import pytest

from helpdesk_tui.lineworks.limits import AuditGate, OperationLimits, operation_key
from lw_support import FakeTime


@pytest.mark.parametrize("method, path, key", [
    ("get", "/users", "GET /users"),
    ("GET", "/users/tanaka%40example.co.jp", "GET /users/{id}"),
    ("POST", "/users/u1/suspend?x=1", "POST /users/{id}/suspend"),
    ("POST", "/users/externalKey%3Aabc/undelete", "POST /users/{id}/undelete"),
    ("POST", "/bots/2000001/users/u1/messages", "POST /bots/{id}/users/{id}/messages"),
    ("GET", "/audits/logs/download", "GET /audits/logs/download"),
])
def test_operation_keys_drop_the_ids(method, path, key):
    assert operation_key(method, path) == key


def test_each_operation_has_its_own_bucket():
    now = FakeTime()
    limits = OperationLimits(60, burst=1, clock=now.clock, sleep=now.sleep)
    limits.for_operation("GET /users").acquire()
    limits.for_operation("GET /users/{id}").acquire()  # another operation: no wait
    assert now.sleeps == []
    limits.for_operation("GET /users/{id}").acquire()  # the same one: spaced
    assert now.sleeps == pytest.approx([1.0])


def test_audit_downloads_wait_a_minute_and_never_overlap():
    now = FakeTime()
    gate = AuditGate(clock=now.clock, sleep=now.sleep)
    inside = []

    def download() -> None:
        with gate:
            inside.append(1)
            assert len(inside) == 1  # one at a time
            inside.pop()

    threads = [threading.Thread(target=download) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(gate.waits) == pytest.approx([0.0, 60.0, 60.0])
    now.advance(120)
    download()  # long after the last one: no wait
    assert gate.waits[-1] == 0.0
