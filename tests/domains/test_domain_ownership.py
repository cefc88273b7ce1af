"""Adding a domain, the record to publish, verifying it, deleting one (seed 000 STEP.3)."""

from __future__ import annotations

import re

import pytest
from domain_helpers import ADMIN, AGENT, NOW, audit

from helpdesk_tui.domains import (
    DomainNotFound,
    DomainRefused,
    LookupFailed,
    add_domain,
    delete_domain,
    get_domain,
    list_domains,
    publish_record,
    verify_domain,
)


def _entry(store, name):
    return next(d for d in store.get_tenant()["domains"] if d["name"] == name)


def test_added_domain_is_pending_with_its_own_token_and_24h_window(store):
    view = add_domain(store, ADMIN, "ＮＥＷ．ｊｐ")
    assert (view.name, view.state, view.status) == ("new.jp", "pending", "pending")
    assert re.fullmatch(r"[0-9a-f]{20}", view.token)
    assert view.added_at == NOW and view.settles_by.isoformat() == "2026-11-21T10:00:00+09:00"
    other = add_domain(store, ADMIN, "other.jp")
    assert other.token != view.token
    stored = _entry(store, "new.jp")
    assert stored == {"name": "new.jp", "status": "pending", "provided": False,
                      "token": view.token, "added_at": "2026-11-20T10:00:00+09:00"}
    entry = audit(store)[0]
    assert (entry["action"], entry["outcome"], entry["domain"], entry["operator"]) == (
        "domain-add", "done", "new.jp", ADMIN["username"])


def test_the_record_to_publish_is_the_vendor_style_mx_with_the_token(store):
    view = add_domain(store, ADMIN, "例え.jp")
    record = publish_record(store, AGENT, "xn--r8jz45g.jp")  # showing an issued record: anyone
    assert record.type == "MX" and record.preference == 100 and record.ttl == 3600
    assert record.value == f"{view.token}.msv1.invalid."
    assert record.zone_line() == f"xn--r8jz45g.jp. 3600 IN MX 100 {view.token}.msv1.invalid."
    assert record.unicode == "例え.jp"


def test_an_imported_pending_domain_gets_a_token_when_its_record_is_asked_for(store):
    with pytest.raises(DomainRefused) as refused:
        publish_record(store, AGENT, "example.co.jp")  # issuing is a change: admin only
    assert refused.value.code == "not-admin"
    record = publish_record(store, ADMIN, "example.co.jp")
    entry = _entry(store, "example.co.jp")
    assert record.value == f"{entry['token']}.msv1.invalid." and entry["added_at"] == NOW.isoformat()
    assert publish_record(store, ADMIN, "example.co.jp") == record  # stable afterwards
    assert [(e["action"], e["outcome"]) for e in audit(store)] == [
        ("domain-token", "refused"), ("domain-token", "done")]


def test_adding_twice_in_another_spelling_or_a_provided_domain_is_refused_and_audited(store):
    add_domain(store, ADMIN, "new.jp")
    for name, code in (("ＮＥＷ．ＪＰ", "already-added"), ("foo.by-works.com", "provided-suffix")):
        with pytest.raises(DomainRefused) as refused:
            add_domain(store, ADMIN, name)
        assert refused.value.code == code
    assert [d["name"] for d in store.get_tenant()["domains"]].count("new.jp") == 1
    assert [(e["outcome"], e.get("reason")) for e in audit(store)[1:]] == [
        ("refused", "already-added"), ("refused", "provided-suffix")]


def test_an_agent_cannot_add_and_the_refusal_names_the_role(store):
    before = store.get_tenant()
    with pytest.raises(DomainRefused) as refused:
        add_domain(store, AGENT, "new.jp")
    assert "role admin" in str(refused.value) and "agent" in str(refused.value)
    assert store.get_tenant() == before
    assert audit(store)[-1]["reason"] == "not-admin" and audit(store)[-1]["operator"] == "agent-bob"


def test_verify_finds_the_record_and_marks_the_domain_verified(store, now):
    view = add_domain(store, ADMIN, "new.jp")
    asked = []

    def lookup(name):
        asked.append(name)
        return ["10 mx.new.jp.", f"100 {view.token.upper()}.msv1.invalid."]

    now.move(hours=2)
    result = verify_domain(store, ADMIN, "new.jp", lookup)
    assert asked == ["new.jp"]
    assert (result.outcome, result.finding, result.domain.status) == ("verified", "verified", "verified")
    assert _entry(store, "new.jp")["verified_at"] == "2026-11-20T12:00:00+09:00"
    assert audit(store)[-1]["result"] == "verified"
    # ownership proven: a later check does not even ask DNS, and never downgrades
    again = verify_domain(store, ADMIN, "new.jp", lambda name: pytest.fail("asked DNS"))
    assert again.outcome == "already-verified" and again.domain.status == "verified"


def test_a_missing_record_stays_pending_for_24_hours_then_fails_then_can_still_verify(store, now):
    view = add_domain(store, ADMIN, "new.jp")
    published: list[str] = ["10 mx.elsewhere.jp."]
    now.move(hours=23, minutes=59)
    early = verify_domain(store, ADMIN, "new.jp", lambda name: published)
    assert (early.outcome, early.domain.status, early.finding) == ("not-yet", "pending", "mx-wrong-host")
    assert early.retry_until.isoformat() == "2026-11-21T10:00:00+09:00"
    assert early.seen == ("mx.elsewhere.jp",)
    now.move(minutes=1)
    late = verify_domain(store, ADMIN, "new.jp", lambda name: [])
    assert (late.outcome, late.domain.status, late.finding) == ("failed", "failed", "mx-missing")
    published.append(f"100 {view.token}.msv1.invalid")
    assert verify_domain(store, ADMIN, "new.jp", lambda name: published).domain.status == "verified"


def test_nxdomain_counts_as_not_seen_but_a_timeout_changes_nothing(store, now):
    add_domain(store, ADMIN, "new.jp")

    def nx(name):
        raise LookupFailed("nxdomain", "new.jp does not exist")

    def silent(name):
        raise LookupFailed("resolver-timeout", "no answer within 2 s")

    assert verify_domain(store, ADMIN, "new.jp", nx).finding == "nxdomain"
    checked = _entry(store, "new.jp")["checked_at"]
    now.move(days=2)
    result = verify_domain(store, ADMIN, "new.jp", silent)
    assert (result.outcome, result.finding, result.detail) == ("no-verdict", "resolver-timeout",
                                                               "no answer within 2 s")
    assert _entry(store, "new.jp")["status"] == "pending" and _entry(store, "new.jp")["checked_at"] == checked
    assert audit(store)[-1]["result"] == "no-verdict"


def test_verify_refusals_happen_before_any_lookup_and_are_audited(store):
    def never(name):
        raise AssertionError("DNS must not be asked")

    cases = [(AGENT, "new.jp", DomainRefused, "not-admin"),
             (ADMIN, "absent.jp", DomainNotFound, "unknown-domain"),
             (ADMIN, "example.co.jp", DomainRefused, "no-token")]  # imported, no record issued
    add_domain(store, ADMIN, "new.jp")
    for operator, name, error, code in cases:
        with pytest.raises(error) as refused:
            verify_domain(store, operator, name, never)
        assert refused.value.code == code
    assert [e.get("reason") for e in audit(store)[1:]] == ["not-admin", "unknown-domain", "no-token"]


def test_a_record_reissued_during_the_lookup_is_not_judged_with_the_old_token(store):
    view = add_domain(store, ADMIN, "new.jp")

    def lookup(name):  # meanwhile another admin deletes and re-adds the domain
        delete_domain(store, ADMIN, "new.jp", confirm="new.jp")
        add_domain(store, ADMIN, "new.jp")
        return [f"100 {view.token}.msv1.invalid."]

    with pytest.raises(DomainRefused) as refused:
        verify_domain(store, ADMIN, "new.jp", lookup)
    assert refused.value.code == "changed-meanwhile"
    assert _entry(store, "new.jp")["status"] == "pending"


def test_a_domain_verified_by_someone_else_during_the_lookup_is_not_downgraded(store, now):
    view = add_domain(store, ADMIN, "new.jp")
    now.move(days=2)

    def lookup(name):  # a colleague's check succeeds while ours is waiting for DNS
        verify_domain(store, ADMIN, "new.jp", lambda n: [f"100 {view.token}.msv1.invalid."])
        return []

    result = verify_domain(store, ADMIN, "new.jp", lookup)
    assert result.outcome == "already-verified" and _entry(store, "new.jp")["status"] == "verified"


def test_deleting_needs_the_exact_name_typed_back(store):
    for typed in ("example.by-works.co", "EXAMPLE.co.jp", " example.co.jp", ""):
        with pytest.raises(DomainRefused) as refused:
            delete_domain(store, ADMIN, "example.co.jp", confirm=typed)
        assert refused.value.code == "confirm-mismatch"
    assert get_domain(store, "example.co.jp").status == "pending"
    assert {e["reason"] for e in audit(store)} == {"confirm-mismatch"}
    result = delete_domain(store, ADMIN, "example.co.jp", confirm="example.co.jp")
    assert (result.name, result.irreversible) == ("example.co.jp", False)
    assert [d.name for d in list_domains(store)] == ["example.by-works.com"]


def test_an_idn_can_be_confirmed_in_either_spelling(store):
    add_domain(store, ADMIN, "例え.jp")
    assert delete_domain(store, ADMIN, "xn--r8jz45g.jp", confirm="例え.jp").name == "xn--r8jz45g.jp"


def test_the_primary_cannot_be_deleted_and_the_provided_domain_deletion_is_irreversible(store):
    with pytest.raises(DomainRefused) as refused:
        delete_domain(store, ADMIN, "example.by-works.com", confirm="example.by-works.com")
    assert refused.value.code == "delete-primary"
    with store.transaction() as tx:  # pretend the switch to example.co.jp happened long ago
        tenant = tx.tenant.get()
        tenant["primary_domain"] = "example.co.jp"
        tenant["domains"][1]["status"] = "in-use"
        tx.tenant.set(tenant)
    result = delete_domain(store, ADMIN, "example.by-works.com", confirm="example.by-works.com")
    assert result.provided and result.irreversible
    assert audit(store)[-1] | {"at": None, "connection": None, "seq": None, "prev": None, "hash": None} == {
        "at": None, "connection": None, "seq": None, "prev": None, "hash": None, "operator": ADMIN["username"], "action": "domain-delete",
        "outcome": "done", "domain": "example.by-works.com", "provided": True}


def test_an_agent_cannot_delete(store):
    with pytest.raises(DomainRefused):
        delete_domain(store, AGENT, "example.co.jp", confirm="example.co.jp")
    assert get_domain(store, "example.co.jp") is not None


def test_a_store_without_tenant_says_so(tmp_path, now):
    from domain_helpers import make_store

    empty = make_store(tmp_path / "empty", tenant=None)
    assert list_domains(empty) == []
    with pytest.raises(DomainNotFound) as missing:
        add_domain(empty, ADMIN, "new.jp")
    assert missing.value.code == "no-tenant" and "import" in str(missing.value)
    assert audit(empty)[-1]["reason"] == "no-tenant"
