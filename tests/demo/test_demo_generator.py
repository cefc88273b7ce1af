"""The demo tenant: deterministic, valid import format, realistic, and it imports."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from helpdesk_tui import clock
from helpdesk_tui.demo import EDGE_CASES, HOSTILE_NAMES, edge_id, generate
from helpdesk_tui.demo.generator import PRIMARY_DOMAIN, PROVIDED_DOMAIN
from helpdesk_tui.demo.names import is_kana, to_hiragana
from helpdesk_tui.importexport import export_document, import_document, validate
from helpdesk_tui.store import Store

DOC_IPS = ("203.0.113.", "198.51.100.", "2001:db8:")


def _text(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=False)


# ----------------------------------------------------------------- determinism


def test_same_arguments_same_document(now):
    assert _text(generate(300, 7, now)) == _text(generate(300, 7, now))


def test_another_seed_another_document(now):
    a, b = generate(300, 1, now), generate(300, 2, now)
    assert _text(a) != _text(b)
    # the edge-case members exist under the same ids in both
    edges = len(EDGE_CASES)
    assert [m["id"] for m in a["members"][:edges]] == [m["id"] for m in b["members"][:edges]]


def test_times_follow_now(now):
    later = now + timedelta(days=30)
    a, b = generate(50, 1, now), generate(50, 1, later)
    assert _text(a) != _text(b)
    assert b["tenant"]["trial_ends"] == (date(2026, 12, 20) + timedelta(days=3)).isoformat()


def test_global_random_state_is_neither_used_nor_changed(now):
    random.seed(12345)
    state = random.getstate()
    first = _text(generate(100, 3, now))
    assert random.getstate() == state
    random.seed(999)
    assert _text(generate(100, 3, now)) == first


def test_now_defaults_to_the_pinned_clock(now):
    clock.pin(now)
    try:
        assert _text(generate(40, 1)) == _text(generate(40, 1, now))
    finally:
        clock.pin(None)


@pytest.mark.parametrize(
    "kwargs",
    [{"members": -1}, {"members": 1.5}, {"members": True}, {"trial": "forever"}],
)
def test_bad_arguments_are_refused(now, kwargs):
    with pytest.raises(ValueError):
        generate(now=now, **kwargs)


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError):
        generate(40, 1, clock.parse_iso("2026-11-20T10:00:00+09:00").replace(tzinfo=None))


# ----------------------------------------------------------------- validity


@pytest.mark.parametrize("size", [40, 300, 2000])
def test_the_demo_validates_cleanly(demo_doc, size):
    assert validate(demo_doc(size)) == []


@pytest.mark.parametrize("trial", ["near-end", "expired", "paid"])
def test_trial_modes(demo_doc, now, trial):
    doc = demo_doc(40, trial=trial)
    assert validate(doc) == []
    tenant = doc["tenant"]
    today = now.date()
    if trial == "near-end":
        assert tenant["plan"] == "trial" and tenant["trial_ends"] == str(today + timedelta(days=3))
    elif trial == "expired":
        assert tenant["plan"] == "trial" and date.fromisoformat(tenant["trial_ends"]) < today
    else:
        assert tenant["plan"] == "paid"


def test_tenant_domains_policy_and_operators(demo_doc):
    doc = demo_doc(40)
    tenant = doc["tenant"]
    assert tenant["name"] == "株式会社サンプル"
    assert tenant["primary_domain"] == PRIMARY_DOMAIN
    domains = {d["name"]: d for d in tenant["domains"]}
    assert domains[PROVIDED_DOMAIN] == {"name": PROVIDED_DOMAIN, "status": "in-use", "provided": True}
    assert any(d["status"] == "pending" for d in tenant["domains"])
    assert tenant["password_policy"] == {"min_length": 8, "max_length": 20}
    assert {o["role"] for o in doc["operators"]} == {"agent", "supervisor"}


# ----------------------------------------------------------------- realism


def test_ids_are_unique_and_on_the_tenant_domain(demo_doc):
    doc = demo_doc(2000)
    ids = [m["id"] for m in doc["members"]]
    assert len(set(ids)) == len(ids)
    assert all(i.endswith("@" + PRIMARY_DOMAIN) for i in ids)
    assert all(m["email"] in (None, m["id"]) for m in doc["members"])


def test_names_have_hiragana_readings_and_some_are_english(demo_doc):
    hostile = {edge_id(local) for local in HOSTILE_NAMES}
    members = [m for m in demo_doc(2000)["members"] if m["id"] not in hostile]
    assert all(m["kana"] and is_kana(m["kana"]) for m in members), [
        (m["name"], m["kana"]) for m in members if not (m["kana"] and is_kana(m["kana"]))][:5]
    english = [m for m in members if m["name"].isascii()]
    assert 0.10 <= len(english) / len(members) <= 0.20
    smith = next(m for m in english if m["name"].endswith(" Smith"))
    assert smith["kana"].startswith("すみす ")
    assert to_hiragana("ジョーンズ") == "じょーんず"


def test_departments_workplaces_ranks_and_numbers(demo_doc):
    members = demo_doc(2000)["members"]
    assert {"営業部", "開発部", "総務部", "人事部", "情報システム部"} <= {m["department"] for m in members}
    assert {"東京本社", "大阪支社"} <= {m["workplace"] for m in members}
    assert {"部長", "課長", "主任"} <= {m["rank"] for m in members}
    assert sum(m["mobile"] is not None for m in members) > len(members) * 0.7
    assert sum(m["phone"] is not None for m in members) > len(members) * 0.4


def test_devices_and_sessions(demo_doc, now):
    doc = demo_doc(2000)
    count = len(doc["members"])
    # ~1.3 devices and ~3 sessions per member, as documented in the generator
    assert len(doc["devices"]) / count == pytest.approx(1.3, abs=0.2)
    assert len(doc["sessions"]) / count == pytest.approx(3.0, abs=1.0)
    models = " ".join(d["model"] for d in doc["devices"])
    for family in ("iPhone", "Galaxy", "ThinkPad", "MacBook"):
        assert family in models
    assert {True, False} == {d["mdm_registered"] for d in doc["devices"]}
    environments = {s["environment"] for s in doc["sessions"]}
    assert {"iOS 18 app", "Windows 11 PC app", "Chrome 131 browser"} <= environments
    countries = [s["country"] for s in doc["sessions"]]
    assert countries.count("JP") / len(countries) > 0.9 and len(set(countries)) > 3
    for session in doc["sessions"]:
        age = (now - clock.parse_iso(session["started_at"])).total_seconds()
        assert 0 <= age <= 90 * 86400
        assert session["ip"].startswith(DOC_IPS)


def test_last_access_is_the_newest_session(demo_doc):
    doc = demo_doc(300)
    newest: dict[str, dict] = {}
    for session in doc["sessions"]:
        current = newest.get(session["member_id"])
        if current is None or clock.parse_iso(session["started_at"]) > clock.parse_iso(current["started_at"]):
            newest[session["member_id"]] = session
    for member in doc["members"]:
        session = newest.get(member["id"])
        if session is None:
            assert member["last_access"] is None
        else:
            assert member["last_access"] == {k: session[k if k != "at" else "started_at"]
                                             for k in ("at", "environment", "country", "ip")}


def test_deleted_and_suspended_members_have_no_live_session(demo_doc):
    doc = demo_doc(2000)
    stopped = {m["id"] for m in doc["members"]
               if m["status"] in ("deleted", "suspended-admin", "suspended-login-failure")}
    assert not [s for s in doc["sessions"] if s["member_id"] in stopped and s["connected"]]


# ----------------------------------------------------------------- import


def test_the_demo_imports_and_round_trips(tmp_path, demo_doc):
    doc = demo_doc(300)
    store = Store.create(tmp_path / "demo")
    summary = import_document(store, json.loads(_text(doc)))
    assert summary.members == 300 and summary.sessions_added == len(doc["sessions"])
    first = export_document(store)
    fresh = Store.create(tmp_path / "fresh")
    import_document(fresh, json.loads(_text(first)))
    assert _text(export_document(fresh)) == _text(first)
    assert store.get_member(edge_id("edge-landline"))["recovery_mobile_e164"] == "+81368901234"


def test_hostile_names_survive_import_and_export_byte_for_byte(tmp_path, demo_doc):
    doc = demo_doc(40)
    store = Store.create(tmp_path / "demo")
    import_document(store, doc)
    exported = {m["id"]: m for m in export_document(store)["members"]}
    for local, name in HOSTILE_NAMES.items():
        assert exported[edge_id(local)]["name"] == name
        assert json.dumps(exported[edge_id(local)]["name"]).encode() == json.dumps(name).encode()
    markup = exported[edge_id("edge-name-markup")]
    assert markup["department"] == "[red]営業部[/red]"
