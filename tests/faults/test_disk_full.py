"""Disk full on a real (tmpfs) disk: a commit is decided at the journal.

Once the journal is durable the operator gets the result (the temporary password
included) with a warning that the store will finish applying it; when the journal
itself does not fit, nothing happened and the operator is told so. While a journal
waits that cannot be applied, every reader reads on (read-only, with a warning) and
writers get a clear refusal; once space is freed, the next opener finishes the commit.
"""

from __future__ import annotations

import json
import shutil

import pytest

from helpdesk_tui import clock
from helpdesk_tui.actions.passwords import check_password
from helpdesk_tui.demo import generate
from helpdesk_tui.importexport import import_document
from helpdesk_tui.operators import current_os_user
from helpdesk_tui.store import Store
from tests.cli.conftest import NOW, run_cli
from tests.faults.disk import fill_leaving, mount_tmpfs, rehearse, room_for_journal_only, unmount

MEMBER = "edge-no-recovery@sample.co.jp"


@pytest.fixture
def disk(tmp_path):
    mount = mount_tmpfs(tmp_path / "disk")
    yield mount
    unmount(mount)


@pytest.fixture
def store(disk):
    """A store on the small disk whose single member shard is large (one shard), so
    applying a commit needs far more room than what is left after its journal."""
    doc = generate(400, 1, clock.parse_iso(NOW))
    doc["operators"] = [{"username": current_os_user(), "role": "admin", "display_name": "Admin"}]
    path = disk / "store"
    store = Store.create(path, shards=1, training=True)  # the CLI runs pin HELPDESK_NOW
    import_document(store, doc)
    ticket = json.loads(run_cli("ticket", "new", MEMBER, "--symptom", "password-forgotten", "--json",
                                store=path).stdout)["id"]
    assert run_cli("ticket", "verify", ticket, "--method", "manager-confirmed", store=path).returncode == 0
    return path, ticket


def _reset(path, ticket):
    return run_cli("action", "force-password-change", MEMBER, "--ticket", ticket, "--yes", "--json", store=path)


def _member(path):
    return Store.open(path).get_member(MEMBER)


def test_an_action_whose_journal_is_durable_gives_its_password_and_is_finished_later(store, disk, tmp_path):
    path, ticket = store
    journal = rehearse(path, tmp_path, lambda copy: _reset(copy, ticket))
    filler = fill_leaving(disk, room_for_journal_only(journal))

    done = _reset(path, ticket)
    assert done.returncode == 0, done.stderr
    secret = json.loads(done.stdout)["temporary_password"]
    assert "will be applied" in done.stderr and "Traceback" not in done.stderr

    # The disk is still full: readers read on, read-only, and say why; writers refuse.
    search = run_cli("member", "search", "edge-no-recovery", store=path)
    assert search.returncode == 0 and MEMBER[:24] in search.stdout
    assert "read-only" in search.stderr and "No space left" in search.stderr
    assert run_cli("member", "show", MEMBER, "--json", store=path).returncode == 0
    note = run_cli("ticket", "note", ticket, "called back", store=path)
    assert note.returncode == 3 and "nothing new can be written" in note.stderr
    assert "Traceback" not in search.stderr + note.stderr

    filler.unlink()
    member = _member(path)  # the next opener finishes the commit
    assert member["must_change_password"] is True
    assert check_password(secret, member["temp_password_hash"])  # the password the operator was given
    verified = run_cli("audit", "verify", store=path)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_an_action_whose_journal_does_not_fit_changes_nothing_and_says_so(store, disk):
    path, ticket = store
    before = _member(path)
    filler = fill_leaving(disk, 4096)

    failed = _reset(path, ticket)
    assert failed.returncode == 3
    assert "nothing was changed" in failed.stderr and "Traceback" not in failed.stderr
    assert "temporary_password" not in failed.stdout

    filler.unlink()
    assert _member(path) == before  # and nothing is replayed later
    assert run_cli("audit", "verify", store=path).returncode == 0


def test_a_ticket_note_on_a_full_disk_is_decided_at_the_journal(store, disk, tmp_path):
    path, ticket = store
    _bulk_up_tickets(path)
    journal = rehearse(path, tmp_path, lambda copy: run_cli("ticket", "note", ticket, "rang back", store=copy))
    filler = fill_leaving(disk, room_for_journal_only(journal))

    noted = run_cli("ticket", "note", ticket, "rang back", store=path)
    assert noted.returncode == 0, noted.stderr
    assert "will be applied" in noted.stderr and "Traceback" not in noted.stderr
    filler.unlink()
    timeline = Store.open(path).timeline_for(ticket)
    assert [e.get("text") for e in timeline].count("rang back") == 1


def test_an_import_on_a_full_disk_is_decided_at_the_journal(store, disk, tmp_path):
    path, _ = store
    doc = json.loads(run_cli("export", store=path).stdout)
    for member in doc["members"]:
        member["department"] = "総務部 (再編)"
    source = tmp_path / "tenant.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    journal = rehearse(path, tmp_path, lambda copy: run_cli("import", str(source), store=copy))
    filler = fill_leaving(disk, room_for_journal_only(journal))

    imported = run_cli("import", str(source), store=path)
    assert imported.returncode == 0, imported.stderr
    assert "will be applied" in imported.stderr and "Traceback" not in imported.stderr
    shown = run_cli("member", "show", MEMBER, "--json", store=path)
    assert shown.returncode == 0 and "read-only" in shown.stderr
    filler.unlink()
    assert _member(path)["department"] == "総務部 (再編)"


def _bulk_up_tickets(path) -> None:
    """Many tickets in the single ticket shard, so rewriting it needs real room."""
    store = Store.open(path)
    with store.transaction() as tx:
        template = next(iter(store.iter_tickets()))
        for number in range(2, 1500):
            tx.tickets.put(dict(template, id=f"T-9{number:05d}", status="closed"))


async def test_the_console_opens_read_only_with_a_banner_while_the_journal_waits(store, disk, tmp_path):
    from tests.faults.console_helpers import make_app, wait_for

    path, ticket = store
    journal = rehearse(path, tmp_path, lambda copy: _reset(copy, ticket))
    fill_leaving(disk, room_for_journal_only(journal))
    assert _reset(path, ticket).returncode == 0

    with clock.pinned(clock.parse_iso(NOW)):
        app = make_app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.index is not None and app.pending_reason is not None)
            await pilot.pause()
            assert app.is_running and app.read_only
            assert "No space left on device" in app.banner_text() and "Read-only" in app.banner_text()
            assert app.index.search("edge-no-recovery").total == 1  # reading goes on
