"""Demo-tenant stores of a given size, built once and kept under bench/.data/."""

from __future__ import annotations

import shutil
import time
from datetime import datetime
from pathlib import Path

from helpdesk_tui.demo import generate
from helpdesk_tui.importexport import import_document
from helpdesk_tui.operators import admin_record, current_os_user
from helpdesk_tui.store import Store, StoreNotFoundError

DATA = Path(__file__).resolve().parent / ".data"
NOW = datetime.fromisoformat("2026-11-20T10:00:00+09:00")


def demo_store(members: int) -> Path:
    path = DATA / f"members-{members}"
    try:
        store = Store.open(path)
        if store.member_count() == members:
            return path
    except StoreNotFoundError:
        pass
    shutil.rmtree(path, ignore_errors=True)
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    doc = generate(members=members, seed=7, now=NOW)
    doc.setdefault("operators", []).append(admin_record(current_os_user()))
    import_document(Store.create(path), doc)
    print(f"  (built a {members:,}-member demo store in {time.perf_counter() - started:.1f} s)",
          flush=True)
    return path


def store_with_audit(members: int, entries: int) -> Path:
    """A copy of the ``members`` demo store whose audit log holds ``entries`` entries
    (append-only logs can't shrink, so each log size gets its own copy, kept)."""
    path = DATA / f"members-{members}-chained-audit-{entries}"
    try:
        if Store.open(path).log_count("audit") >= entries:
            return path
    except StoreNotFoundError:
        pass
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(demo_store(members), path, ignore=shutil.ignore_patterns(".lock"))
    fill_audit(path, entries)
    return path


def fill_audit(path: Path, entries: int, batch: int = 50_000) -> None:
    """Grow the audit log to ``entries`` with ordinary transactions, in large batches,
    through ``audit.record`` so the entries are hash-chained like real ones."""
    from helpdesk_tui import audit

    store = Store.open(path)
    missing = entries - store.log_count("audit")
    while missing > 0:
        step = min(batch, missing)
        with store.transaction(timeout=60) as tx:
            for number in range(step):
                audit.record(tx, operator="bench", action="bench-fill", n=number, member="fill@bench")
        missing -= step
