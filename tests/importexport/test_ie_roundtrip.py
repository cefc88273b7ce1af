"""import_document / export_document: what lands in the store, and export → import → export."""

from __future__ import annotations

import json

import pytest

from helpdesk_tui.importexport import StateChangesNeedConfirmation, export_document, import_document, schema
from helpdesk_tui.store import Store


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def test_export_of_an_imported_document_is_that_document(store, valid_doc):
    summary = import_document(store, valid_doc)
    assert summary.to_dict() == {
        "members": 4,
        "devices": 3,
        "sessions_added": 4,
        "sessions_skipped": 0,
        "tenant_replaced": True,
        "operators": 3,
        "state_changes": 0,
    }
    exported = export_document(store)
    assert exported == valid_doc
    assert _dump(exported) == _dump(valid_doc)  # key order too


def test_export_import_export_is_identical(tmp_path, store, valid_doc, minimal_doc):
    import_document(store, valid_doc)
    import_document(store, minimal_doc)
    first = export_document(store)
    fresh = Store.create(tmp_path / "fresh")
    import_document(fresh, json.loads(_dump(first)))
    assert _dump(export_document(fresh)) == _dump(first)


def test_member_records_carry_every_key_and_the_derived_e164(store, valid_doc):
    import_document(store, valid_doc)
    tanaka = store.get_member("tanaka@example.co.jp")
    assert tanaka["phone"] == "03-1234-5678" and tanaka["phone_e164"] == "+81312345678"
    assert tanaka["mobile_e164"] == "+819012345678"
    assert tanaka["recovery_mobile_e164"] == "+819012345678"
    sato = store.get_member("sato@example.co.jp")
    assert sato["recovery_mobile"] == "０８０２３４５６７８９"  # kept as entered
    assert sato["recovery_mobile_e164"] == "+818023456789"
    yamada = store.get_member("yamada@example.co.jp")
    assert yamada["recovery_mobile"] == "03-6890-1234" and yamada["recovery_mobile_e164"] == "+81368901234"
    ansi = store.get_member("ansi@example.co.jp")
    assert ansi["phone_e164"] is None and ansi["mobile_e164"] is None
    assert ansi["recovery_mobile_e164"] is None
    # every field but those the actions write later (absent until then)
    expected_keys = {f.name for f in schema.MEMBER.fields if not f.omit_none} | set(schema.DERIVED_MEMBER_FIELDS)
    for member in store.iter_members():
        assert set(member) == expected_keys


def test_export_strips_the_derived_fields(store, valid_doc):
    import_document(store, valid_doc)
    for member in export_document(store)["members"]:
        assert list(member) == [f.name for f in schema.MEMBER.fields if not f.omit_none]


def test_absent_optional_fields_get_their_defaults(store, minimal_doc):
    import_document(store, minimal_doc)
    record = store.get_member("solo@example.co.jp")
    assert record["is_admin"] is False and record["kana"] is None and record["last_access"] is None
    assert record["phone_e164"] is None
    exported = export_document(store)
    assert "tenant" not in exported  # nothing to export: no tenant was ever set
    assert exported["members"][0]["app_access_blocked"] is False
    assert exported["devices"] == exported["sessions"] == []


def test_sessions_go_to_the_access_log_as_events(store, valid_doc):
    import_document(store, valid_doc)
    events = store.access_events_for("tanaka@example.co.jp")
    assert [e["session_id"] for e in events] == ["s-tanaka-1", "s-tanaka-2"]
    assert all(e["event"] == "session" for e in events)
    assert events[1] == {"event": "session", **valid_doc["sessions"][2]}
    assert store.log_count("access") == 4


def test_importing_twice_changes_nothing(store, valid_doc):
    import_document(store, valid_doc)
    first = export_document(store)
    summary = import_document(store, valid_doc)
    assert summary.sessions_added == 0 and summary.sessions_skipped == 4
    assert store.log_count("access") == 4
    assert export_document(store) == first
    assert store.member_count() == 4 and len(list(store.iter_devices())) == 3


def test_reimport_adds_only_new_sessions(store, valid_doc):
    import_document(store, valid_doc)
    new = dict(valid_doc["sessions"][2], session_id="s-tanaka-3", started_at="2026-11-20T08:00:00+09:00")
    valid_doc["sessions"].append(new)
    summary = import_document(store, valid_doc)
    assert (summary.sessions_added, summary.sessions_skipped) == (1, 4)
    assert store.log_count("access") == 5


def test_a_later_disconnect_exports_as_not_connected(tmp_path, store, valid_doc):
    import_document(store, valid_doc)
    with store.transaction() as tx:
        tx.append(
            "access",
            {"event": "disconnect", "member_id": "tanaka@example.co.jp", "session_id": "s-tanaka-2",
             "at": "2026-11-20T09:00:00+09:00", "by": "carol"},
            key="tanaka@example.co.jp",
        )
    exported = export_document(store)
    session = next(s for s in exported["sessions"] if s["session_id"] == "s-tanaka-2")
    assert session["connected"] is False
    assert sum(s["connected"] for s in exported["sessions"]) == 0
    fresh = Store.create(tmp_path / "fresh")
    import_document(fresh, exported)
    assert export_document(fresh) == exported


def test_a_tenant_object_replaces_the_stored_one_and_its_absence_keeps_it(store, valid_doc, minimal_doc):
    import_document(store, valid_doc)
    import_document(store, minimal_doc)  # no tenant in the file: the stored one stays
    assert store.get_tenant() == valid_doc["tenant"]
    import_document(store, {"tenant": {"name": "株式会社ほか", "plan": "paid"}})
    assert store.get_tenant() == {
        "name": "株式会社ほか",
        "plan": "paid",
        "trial_ends": None,
        "primary_domain": None,
        "domains": [],
        "password_policy": None,
    }


def test_members_devices_and_operators_are_upserted(store, valid_doc):
    import_document(store, valid_doc)
    changed = {
        "members": [dict(valid_doc["members"][2], status="suspended-admin", mobile=None)],
        "devices": [dict(valid_doc["devices"][1], mdm_registered=False)],
        "operators": [{"username": "alice", "role": "supervisor", "display_name": "アリス"}],
    }
    with pytest.raises(StateChangesNeedConfirmation):  # a status change needs saying so
        import_document(store, changed)
    import_document(store, changed, apply_state_changes=True)
    member = store.get_member("tanaka@example.co.jp")
    assert member["status"] == "suspended-admin" and member["mobile_e164"] is None
    assert store.member_count() == 4
    devices = {d["device_id"]: d for d in store.devices_for("tanaka@example.co.jp")}
    assert devices["dev-iphone-1"]["mdm_registered"] is False and len(devices) == 2
    assert store.get_operator("alice")["role"] == "supervisor"
    assert len(store.list_operators()) == 3


def test_an_operator_import_is_audited(store, minimal_doc):
    import_document(store, minimal_doc, operator={"username": "carol", "role": "admin"})
    entries = list(store.iter_log("audit"))
    assert len(entries) == 1
    assert entries[0]["action"] == "import" and entries[0]["operator"] == "carol"
    assert entries[0]["members"] == 1
    import_document(store, minimal_doc)  # no operator: no audit entry (the caller audits)
    assert store.log_count("audit") == 1


def test_hostile_text_survives_byte_for_byte(tmp_path, store, valid_doc):
    hostile = valid_doc["members"][0]["name"]
    assert "\x1b" in hostile and "\u202e" in hostile and "\r" in hostile
    import_document(store, valid_doc)
    assert store.get_member("ansi@example.co.jp")["name"] == hostile
    exported = export_document(store)
    assert exported["members"][0]["name"] == hostile
    assert exported["members"][0]["department"] == "[red]営業部[/red]"
    text = json.dumps(exported, ensure_ascii=False)
    fresh = Store.create(tmp_path / "fresh")
    import_document(fresh, json.loads(text))
    assert json.dumps(export_document(fresh), ensure_ascii=False).encode() == text.encode()


def test_export_order_is_deterministic(tmp_path, valid_doc):
    shuffled = json.loads(json.dumps(valid_doc))
    for key in ("members", "devices", "sessions", "operators"):
        shuffled[key].reverse()
    shuffled["members"][0] = {k: shuffled["members"][0][k] for k in reversed(shuffled["members"][0])}
    a = Store.create(tmp_path / "a")
    import_document(a, shuffled)
    assert _dump(export_document(a)) == _dump(valid_doc)


def test_sessions_sort_by_instant_not_by_text(store, valid_doc):
    # 23:00-05:00 on the 18th is 13:00+09:00 on the 19th: after 09:15+09:00
    valid_doc["sessions"][3]["member_id"] = "tanaka@example.co.jp"
    import_document(store, valid_doc)
    ids = [s["session_id"] for s in export_document(store)["sessions"]
           if s["member_id"] == "tanaka@example.co.jp"]
    assert ids == ["s-tanaka-1", "s-tanaka-2", "s-yamada-1"]


@pytest.mark.parametrize("operator", [None, "carol"])
def test_an_empty_document_imports_nothing(store, operator):
    summary = import_document(store, {}, operator=operator)
    assert summary.members == summary.devices == summary.sessions_added == 0
    assert not summary.tenant_replaced
    assert export_document(store) == {"members": [], "devices": [], "sessions": [], "operators": []}
