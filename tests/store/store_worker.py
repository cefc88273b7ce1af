"""Child processes for the store tests: real, separate processes on one store directory.

Run as ``python store_worker.py COMMAND STORE [ARGS…]``; see each command below.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from helpdesk_tui.store import Store, StoreError

CRASH_EXIT = 77


def increment(path: str, member_id: str, times: str) -> None:
    """Read-modify-write one member's counter, with one audit entry per increment."""
    store = Store.open(path)
    for _ in range(int(times)):
        with store.transaction(timeout=120) as tx:
            member = tx.members.get(member_id)
            member["n"] += 1
            tx.members.put(member)
            tx.append("audit", {"pid": os.getpid(), "n": member["n"]})


def _commit_counter(store: Store, hook=None) -> int:
    """One multi-file commit: two members in different shards, an audit and an access entry."""
    with store.transaction(timeout=120, _hook=hook) as tx:
        counter = tx.members.get("counter")
        n = counter["n"] + 1
        counter.update(n=n, pad="x" * (n % 97))
        tx.members.put(counter)
        mirror = tx.members.get("mirror")
        mirror["n"] = n
        tx.members.put(mirror)
        tx.append("audit", {"n": n})
        tx.append("access", {"event": "session", "member_id": "counter", "session_id": str(n)}, key="counter")
    return n


def loop(path: str) -> None:
    """Commit forever; print each sequence number only after its commit returned."""
    store = Store.open(path)
    while True:
        print(_commit_counter(store), flush=True)


def crash(path: str, stage: str) -> None:
    """One commit that dies (like kill -9: no cleanup) at commit stage ``stage``."""

    def hook(at: str) -> None:
        if at == stage:
            os._exit(CRASH_EXIT)

    _commit_counter(Store.open(path), hook)
    sys.exit(f"the commit never reached stage {stage!r}")


def migrate_crash(path: str, stage: str) -> None:
    def hook(at: str) -> None:
        if at == stage:
            os._exit(CRASH_EXIT)

    Store.open(path, _hook=hook)
    sys.exit(f"the migration never reached stage {stage!r}")


def hold(path: str) -> None:
    """Hold the write lock until stdin closes."""
    store = Store.open(path)
    with store.transaction():
        print("locked", flush=True)
        sys.stdin.read()


def blob(n: int) -> str:
    """A large value that says which update wrote it: a record is whole iff it matches n."""
    return f"{n}:" * 400


def write_until(path: str, stop_file: str) -> None:
    """Update random members (self-consistent records) until ``stop_file`` exists."""
    store = Store.open(path)
    rng = random.Random(os.getpid())
    while not os.path.exists(stop_file):
        with store.transaction(timeout=120) as tx:
            for i in rng.sample(range(200), 5):
                member = tx.members.get(f"m{i}")
                n = member["n"] + 1
                member.update(n=n, blob=blob(n))
                tx.members.put(member)
                tx.devices.put({"member_id": f"m{i}", "device_id": f"d{i}", "n": n, "blob": blob(n)})
            tx.append("audit", {"n": n, "blob": blob(n)})


def read_until(path: str, stop_file: str, passes: str) -> None:
    """Read every shard and log in a loop; check every record is whole. After ``passes``
    passes that overlapped at least 30 new commits, create ``stop_file``. Prints a JSON
    summary; exits 1 on the first bad read."""
    store = Store.open(path)
    done, first_count, stopping = 0, None, False
    while True:
        try:
            members = list(store.iter_members())
            devices = list(store.iter_devices())
            audit = list(store.iter_log("audit"))
        except (StoreError, ValueError) as exc:
            print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
            sys.exit(1)
        for record in members + devices + audit:
            if record.get("blob") != blob(record.get("n")):
                print(json.dumps({"error": f"partial record {record!r}"}), flush=True)
                sys.exit(1)
        if len(members) != 200 or len(devices) != 200:
            print(json.dumps({"error": f"{len(members)} members, {len(devices)} devices"}), flush=True)
            sys.exit(1)
        done += 1
        first_count = len(audit) if first_count is None else first_count
        if stopping:
            break
        if done >= int(passes) and len(audit) >= first_count + 30:
            Path(stop_file).touch()
            stopping = True  # one more pass after the writers were told to stop
    print(json.dumps({"passes": done, "audit_seen": [first_count, len(audit)]}), flush=True)


def opens(path: str) -> None:
    """Commit one audit + one access append and print every file the process opened."""
    store = Store.open(path)
    opened: list[str] = []
    recording = False

    def audit_hook(event: str, args: tuple) -> None:
        if recording and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(audit_hook)
    recording = True
    with store.transaction() as tx:
        tx.append("audit", {"event": "probe"})
        tx.append("access", {"event": "session", "member_id": "probe"}, key="probe")
    recording = False
    print(json.dumps(opened))


COMMANDS = {
    "increment": increment,
    "loop": loop,
    "crash": crash,
    "migrate-crash": migrate_crash,
    "hold": hold,
    "write-until": write_until,
    "read-until": read_until,
    "opens": opens,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
