"""The default witness, for real: heads go to a running rsyslogd over its Unix socket
(a private socket and output file, so the host's own logging is left alone), and
``audit verify`` reads rsyslog's file back."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpdesk_tui import audit
from helpdesk_tui.audit.chain import entry_hash
from helpdesk_tui.audit.verify import verify_chain
from helpdesk_tui.boundary.sysconfig import SYSTEM_CONFIG, SystemConfig, render
from helpdesk_tui.store import Store
from tests.accounts import needs_root
from tests.boundary.shared_host import SystemFiles

TAG = "helpdesk-tui-audit"


@pytest.fixture
def rsyslog(open_tmp):
    needs_root()
    daemon = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"
    if not Path(daemon).exists():
        pytest.skip("rsyslogd is not installed (scripts/test.sh installs it)")
    sock, out = open_tmp / "log.sock", open_tmp / "witness.log"
    conf = open_tmp / "rsyslog.conf"
    conf.write_text(
        f'global(workDirectory="{open_tmp}")\n'
        'module(load="imuxsock" SysSock.Use="off")\n'
        f'input(type="imuxsock" Socket="{sock}" CreatePath="on")\n'
        f'if $programname == "{TAG}" then {{\n  action(type="omfile" file="{out}")\n  stop\n}}\n')
    process = subprocess.Popen([daemon, "-n", "-f", str(conf), "-i", str(open_tmp / "rsyslog.pid")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while not sock.exists():
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.05)
    try:
        yield sock, out
    finally:
        process.terminate()
        process.wait(timeout=10)


def _lines(path: Path, count: int) -> list[str]:
    deadline = time.monotonic() + 10
    while True:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_syslog_witness_receives_each_head_and_catches_a_recomputed_chain(rsyslog, open_tmp):
    sock, out = rsyslog
    path = open_tmp / "store"
    store = Store.create(path)
    config = SystemConfig(path=SYSTEM_CONFIG, store=path, service_user="root", group="root",
                          executable=Path("/bin/true"),
                          witness={"kind": "syslog", "tag": TAG, "socket": str(sock), "read": str(out)})
    with SystemFiles():
        SYSTEM_CONFIG.parent.mkdir(parents=True, exist_ok=True)
        SYSTEM_CONFIG.write_text(render(config))
        for number in range(4):
            with store.transaction() as tx:
                audit.record(tx, operator="root", action="test-action", n=number)
        assert len(_lines(out, 4)) == 4
        assert f"{TAG}: store={path} seq=4 hash=" in _lines(out, 4)[-1]
        assert verify_chain(store).ok and verify_chain(store).witness_seq == 4
        (segment,) = (path / "logs" / "audit").glob("*.jsonl")
        entries = [json.loads(line) for line in segment.read_text().splitlines()]
        entries[1]["n"] = 42
        for index in range(1, 4):
            entries[index]["prev"] = entries[index - 1]["hash"]
            entries[index]["hash"] = entry_hash(entries[index])
        segment.write_text("".join(json.dumps(e) + "\n" for e in entries))
        with store.transaction() as tx:  # the owner moves the head too
            tx.counters.put_doc("audit-chain", {"seq": 4, "hash": entries[-1]["hash"]})
        report = verify_chain(store)
    assert (report.ok, report.kind, report.seq) == (False, "witness-mismatch", 2)


def test_verify_says_when_the_witness_has_nothing_to_compare(open_tmp):
    from helpdesk_tui.audit.verify import report_text
    from helpdesk_tui.i18n import catalogue

    needs_root()
    path = open_tmp / "store"
    store = Store.create(path)
    config = SystemConfig(path=SYSTEM_CONFIG, store=path, service_user="root", group="root",
                          executable=Path("/bin/true"),
                          witness={"kind": "syslog", "tag": TAG, "socket": str(open_tmp / "no.sock")})
    with SystemFiles():
        SYSTEM_CONFIG.parent.mkdir(parents=True, exist_ok=True)
        SYSTEM_CONFIG.write_text(render(config))
        with store.transaction() as tx:  # the daemon is down: the commit still stands
            audit.record(tx, operator="root", action="test-action")
        report = verify_chain(store)
    assert report.ok and report.head_seq == 1 and report.witness_seq is None
    assert "no [witness] read file" in report_text(report, catalogue("en").t)
