"""Making a domain primary: role, verified, every seed-000 warning, the 24 h lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from domain_helpers import ADMIN, AGENT, NOW, audit

from helpdesk_tui.domains import (
    SWITCH_WARNINGS,
    WARNING_IDS,
    DomainRefused,
    add_domain,
    check_primary,
    delete_domain,
    get_domain,
    make_primary,
    switch_impact,
    switch_warnings,
    verify_domain,
    warning_params,
)


def _verified(store, name="new.jp"):
    view = add_domain(store, ADMIN, name)
    verify_domain(store, ADMIN, name, lambda n: [f"100 {view.token}.msv1.invalid."])
    return name


def _refusal(store, operator, name, acknowledged=WARNING_IDS):
    with pytest.raises(DomainRefused) as refused:
        make_primary(store, operator, name, acknowledged=acknowledged)
    return refused.value


def test_switch_records_the_three_tenant_keys_and_keeps_the_old_domain_in_use(store):
    _verified(store)
    result = make_primary(store, ADMIN, "ＮＥＷ．ＪＰ", acknowledged=WARNING_IDS)
    tenant = store.get_tenant()
    assert tenant["primary_domain"] == "new.jp"
    assert tenant["previous_primary_domain"] == "example.by-works.com"
    assert tenant["primary_domain_changed_at"] == "2026-11-20T10:00:00+09:00"
    assert {d["name"]: d["status"] for d in tenant["domains"]} == {
        "example.by-works.com": "in-use", "example.co.jp": "pending", "new.jp": "in-use"}
    assert result.domain.state == "primary" and result.previous == "example.by-works.com"
    assert result.locked_until == NOW + timedelta(hours=24)
    old = get_domain(store, "example.by-works.com")
    assert old.state == "in-use" and old.previous_primary and old.locked_until == result.locked_until
    entry = audit(store)[-1]
    assert (entry["action"], entry["outcome"], entry["domain"], entry["previous"]) == (
        "domain-make-primary", "done", "new.jp", "example.by-works.com")
    assert entry["acknowledged"] == list(WARNING_IDS)


def test_only_an_admin_may_switch(store):
    _verified(store)
    assert _refusal(store, AGENT, "new.jp").code == "not-admin"
    assert store.get_tenant()["primary_domain"] == "example.by-works.com"
    assert audit(store)[-1]["outcome"] == "refused" and audit(store)[-1]["reason"] == "not-admin"


@pytest.mark.parametrize("status", ["pending", "failed"])
def test_an_unverified_domain_cannot_become_primary(store, status):
    with store.transaction() as tx:
        tenant = tx.tenant.get()
        tenant["domains"][1]["status"] = status
        tx.tenant.set(tenant)
    refused = _refusal(store, ADMIN, "example.co.jp")
    assert refused.code == "not-verified" and f"status: {status}" in str(refused)
    assert "domain verify" in str(refused)


def test_every_warning_must_be_acknowledged_and_the_refusal_lists_the_missing_ones(store):
    _verified(store)
    refused = _refusal(store, ADMIN, "new.jp", acknowledged=())
    assert refused.code == "warnings-not-acknowledged"
    assert refused.params["missing"] == list(WARNING_IDS)
    partly = _refusal(store, ADMIN, "new.jp", acknowledged=WARNING_IDS[:-1])
    assert partly.params["missing"] == [WARNING_IDS[-1]] and WARNING_IDS[-1] in str(partly)
    assert store.get_tenant()["primary_domain"] == "example.by-works.com"
    assert [e["reason"] for e in audit(store) if e["outcome"] == "refused"] == [
        "warnings-not-acknowledged"] * 2


def test_the_check_before_the_warnings_refuses_like_the_switch_and_records_only_refusals(store, now):
    _verified(store)
    before = len(audit(store))
    assert check_primary(store, ADMIN, "new.jp").name == "new.jp"
    assert len(audit(store)) == before  # a "yes" changes nothing and leaves no entry
    assert store.get_tenant()["primary_domain"] == "example.by-works.com"
    with pytest.raises(DomainRefused) as refused:
        check_primary(store, AGENT, "new.jp")
    assert refused.value.code == "not-admin"
    assert (audit(store)[-1]["outcome"], audit(store)[-1]["reason"]) == ("refused", "not-admin")
    make_primary(store, ADMIN, "new.jp", acknowledged=WARNING_IDS)
    with pytest.raises(DomainRefused) as locked:
        check_primary(store, ADMIN, "example.by-works.com")
    assert locked.value.code == "switch-locked"


def test_a_second_switch_within_24_hours_is_refused_with_the_time_it_unlocks(store, now):
    _verified(store)
    _verified(store, "third.jp")
    make_primary(store, ADMIN, "new.jp", acknowledged=WARNING_IDS)
    now.move(hours=23, minutes=59, seconds=59)
    for target in ("third.jp", "example.by-works.com"):  # nor back to the old one
        refused = _refusal(store, ADMIN, target)
        assert refused.code == "switch-locked"
        assert "2026-11-21 10:00+09:00" in str(refused)
        assert "2026-11-21 10:00" in refused.message("ja")
    now.move(seconds=1)
    assert make_primary(store, ADMIN, "example.by-works.com", acknowledged=WARNING_IDS).previous == "new.jp"


def test_the_former_primary_cannot_be_deleted_during_the_lock(store, now):
    _verified(store)
    make_primary(store, ADMIN, "new.jp", acknowledged=WARNING_IDS)
    with pytest.raises(DomainRefused) as refused:
        delete_domain(store, ADMIN, "example.by-works.com", confirm="example.by-works.com")
    assert refused.value.code == "locked" and "2026-11-21 10:00" in str(refused.value)
    now.move(hours=24)
    assert delete_domain(store, ADMIN, "example.by-works.com",
                         confirm="example.by-works.com").irreversible
    # the switch stays on record for triage ("my ID changed") even after the deletion
    assert store.get_tenant()["previous_primary_domain"] == "example.by-works.com"


def test_already_primary_is_refused(store):
    assert _refusal(store, ADMIN, "example.by-works.com").code == "already-primary"


def test_the_warnings_follow_seed_000_in_both_languages_with_the_numbers(store):
    impact = switch_impact(store)
    assert (impact.members, impact.line_linked) == (2, 1)  # deleted members left out
    params = warning_params(store.get_tenant(), "new.jp", impact, NOW)
    ja = dict((w.id, text) for w, text in switch_warnings("ja", params))
    en = dict((w.id, text) for w, text in switch_warnings("en", params))
    assert list(ja) == list(WARNING_IDS) == [w.id for w in SWITCH_WARNINGS]
    assert "サブメールドメイン" in ja["old-domain-becomes-sub-domain"]
    assert "24 時間は再変更できません" in ja["old-domain-becomes-sub-domain"]
    assert "example.by-works.com" in ja["old-domain-becomes-sub-domain"]
    assert "2026-11-21 10:00" in en["old-domain-becomes-sub-domain"]
    assert "2 人" in ja["everyone-logged-out"] and "ID@new.jp" in en["everyone-logged-out"]
    assert "パスワードは変更されません" in ja["everyone-logged-out"]
    assert "仮ID@" in ja["line-linked-temporary-id"] and "仮ID@" in en["line-linked-temporary-id"]
    assert "1" in en["line-linked-temporary-id"]
    assert "カスタム URL" in ja["custom-url-reset"] and "custom URL" in en["custom-url-reset"]
    assert "連携サービス" in ja["tell-linked-services-first"]
    assert "before" in en["tell-members-first"]
    for warning in SWITCH_WARNINGS:
        assert warning.seed == "000_b509925ec010ac1e.txt"
        assert "【重要!ご注意ください】" in warning.citation() and "STEP.4" in warning.citation()
