"""Hostile data reaches no terminal raw and crashes no output: C1 controls (U+009B, an
8-bit CSI), DEL and bidi overrides are escaped in JSON and shown as symbols in text,
in --json output and export alike; an undecodable byte in a note is refused before
anything is saved; secrets never appear in any output."""

from __future__ import annotations

import json
import subprocess

import pytest

from helpdesk_tui.store import Store
from tests.cli.conftest import NOW, run_cli, run_json

HOSTILE = "悪\x9b31m\x7f\u202eevil\u2066x"
RAW = ("\x9b", "\x7f", "\u202e", "\u2066")


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "20", store=path).returncode == 0
    with Store.open(path).transaction() as tx:
        member = tx.members.get("edge-away@sample.co.jp")
        tx.members.put({**member, "name": HOSTILE, "department": "x\udcffy"})
    return path


def test_json_output_and_export_escape_c1_del_and_bidi(store, tmp_path):
    for args in (("member", "show", "edge-away@sample.co.jp", "--json"), ("export",)):
        out = run_cli(*args, store=store)
        assert out.returncode == 0, out.stderr
        assert not any(c in out.stdout for c in RAW), args
        assert "\\u009b" in out.stdout and "\\u202e" in out.stdout and "\\u007f" in out.stdout
    target = tmp_path / "tenant.json"
    assert run_cli("export", "-o", str(target), store=store).returncode == 0
    text = target.read_text(encoding="utf-8")
    assert not any(c in text for c in RAW)
    member = next(m for m in json.loads(text)["members"] if m["id"] == "edge-away@sample.co.jp")
    assert member["name"] == HOSTILE and member["department"] == "x\udcffy"  # lossless


def test_text_output_shows_controls_as_symbols(store):
    shown = run_cli("member", "show", "edge-away@sample.co.jp", store=store)
    assert shown.returncode == 0, shown.stderr
    assert "悪<U+009B>31m␡<U+202E>evil<U+2066>x" in shown.stdout
    assert not any(c in shown.stdout for c in RAW)
    listed = run_cli("member", "search", "edge-away", store=store)
    assert listed.returncode == 0 and "x<0xFF>y" in listed.stdout, listed.stderr


def test_an_undecodable_byte_in_a_note_is_refused_before_it_is_saved(store):
    ticket = run_json("ticket", "new", "edge-away@sample.co.jp", "--symptom", "cannot-login", store=store)["id"]
    # As a shell passes $'bad\xffbyte' under a UTF-8 locale: a raw byte in argv.
    command = [".venv/bin/python", "-m", "helpdesk_tui", "ticket", "note", ticket, b"bad\xffbyte", "--store", str(store)]
    noted = subprocess.run(command, capture_output=True, env={"HELPDESK_NOW": NOW, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert noted.returncode == 2, noted.stderr
    assert b"not valid UTF-8" in noted.stderr and b"Traceback" not in noted.stderr
    timeline = Store.open(store).timeline_for(ticket)
    assert not any("bad" in str(e.get("text")) for e in timeline)
    for args in (("ticket", "show", ticket), ("ticket", "show", ticket, "--json")):
        assert run_cli(*args, store=store).returncode == 0


def test_a_stored_lone_surrogate_never_crashes_ticket_show(store):
    ticket = run_json("ticket", "new", "edge-away@sample.co.jp", "--symptom", "cannot-login", store=store)["id"]
    with Store.open(store).transaction() as tx:  # as an older version may have stored it
        tx.append("timeline", {"ticket_id": ticket, "at": NOW, "by": "x", "kind": "note", "text": "bad\udcffbyte"},
                  key=ticket)
    text = run_cli("ticket", "show", ticket, store=store)
    assert text.returncode == 0 and "bad<0xFF>byte" in text.stdout, text.stderr
    as_json = run_cli("ticket", "show", ticket, "--json", store=store)
    assert as_json.returncode == 0 and "bad\\udcffbyte" in as_json.stdout


def test_no_output_holds_a_temporary_passwords_hash(store):
    member = "edge-no-recovery@sample.co.jp"
    ticket = run_json("ticket", "new", member, "--symptom", "password-forgotten", store=store)["id"]
    run_cli("ticket", "verify", ticket, "--method", "manager-confirmed", store=store)
    assert run_cli("action", "force-password-change", member, "--ticket", ticket, "--yes", store=store).returncode == 0
    stored = Store.open(store).get_member(member)["temp_password_hash"]
    for args in (("member", "show", member, "--json"), ("member", "show", member), ("export",),
                 ("ticket", "show", ticket, "--json"), ("audit", "show", "--json")):
        out = run_cli(*args, store=store)
        assert out.returncode == 0 and stored not in out.stdout and "temp_password_hash" not in out.stdout, args


def test_export_to_a_missing_directory_or_a_directory_is_a_clear_refusal(store, tmp_path):
    for target, said in ((tmp_path / "nowhere" / "x.json", "does not exist"), (tmp_path, "is a directory")):
        out = run_cli("export", "-o", str(target), store=store)
        assert out.returncode == 2 and said in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.glob(".*.tmp")) == []
