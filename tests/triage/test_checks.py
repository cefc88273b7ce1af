"""Each store check on the demo tenant's edge-case members (real store, real phonenumbers)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpdesk_tui import clock
from helpdesk_tui.triage.checks import CHECKS, facts_for, run_check, suspect_mail_domain
from tests.demo_store import NOW, make_demo_store, member_id


def answer(store, check, local):
    return run_check(check, facts_for(store, member_id(local), clock.now()))


@pytest.mark.parametrize("check, local, expected", [
    ("member-status", "edge-locked", "suspended-login-failure"),
    ("member-status", "edge-suspended", "suspended-admin"),
    ("member-status", "edge-pending", "pending"),
    ("member-status", "edge-deleted-3d", "deleted"),
    ("member-status", "edge-active", "active"),
    ("app-access-blocked", "edge-blocked", "yes"),
    ("app-access-blocked", "edge-active", "no"),
    ("recovery-contact", "edge-no-recovery", "none"),
    ("recovery-contact", "edge-active", "both"),
    ("recovery-contact", "edge-wrong-email", "email-only"),
    ("recovery-mobile", "edge-landline", "not-mobile"),
    ("recovery-mobile", "edge-ip-phone", "not-mobile"),
    ("recovery-mobile", "edge-m2m", "not-mobile"),
    ("recovery-mobile", "edge-hyphens", "format-problem"),
    ("recovery-mobile", "edge-fullwidth", "format-problem"),
    ("recovery-mobile", "edge-active", "mobile"),
    ("recovery-mobile", "edge-no-recovery", "none"),
    ("recovery-email", "edge-wrong-email", "suspect"),
    ("recovery-email", "edge-active", "ok"),
    ("recovery-email", "edge-no-recovery", "none"),
    ("line-initial-id", "edge-line-initial-id", "yes"),
    ("line-initial-id", "edge-line-id-changed", "no"),
    ("suspicious-access", "edge-suspicious", "yes"),
    ("suspicious-access", "edge-abroad", "no"),
    ("suspicious-access", "edge-active", "no"),
    ("mdm-device", "edge-mdm", "yes"),
    ("mdm-device", "edge-no-mdm", "no"),
    ("trial-ended", "edge-active", "no"),
    ("domain-changed-recently", "edge-active", "no"),
])
def test_check_on_edge_member(store, check, local, expected):
    evidence = answer(store, check, local)
    assert evidence.answer == expected
    assert evidence.answer in CHECKS[check].answers
    for lang in ("ja", "en"):  # every answer has a sentence, with its placeholders filled
        text = evidence.text(lang)
        assert text and "{" not in text and "triage.evidence" not in text


def test_landline_evidence_names_the_number_and_kind(store):
    evidence = answer(store, "recovery-mobile", "edge-landline")
    assert evidence.facts["kind"] == "landline"
    assert "固定電話" in evidence.text("ja") and "SMS" in evidence.text("en")


def test_mistyped_mail_domain_names_the_likely_one(store):
    evidence = answer(store, "recovery-email", "edge-wrong-email")
    assert evidence.facts["near"] == "gmail.com"
    assert "gmail.com" in evidence.text("en")


@pytest.mark.parametrize("email, near", [
    ("taro@gmial.com", "gmail.com"), ("taro@yahoo.co.jp", None), ("taro@docomo.ne.jo", "docomo.ne.jp"),
    ("taro@example.co.jp", None), ("taro@", "?"), ("no-at-sign", "?"), ("taro@icloud.cm", "icloud.com"),
])
def test_suspect_mail_domain(email, near):
    assert suspect_mail_domain(email) == near


def test_trial_ended_answers_from_the_tenant(tmp_path):
    store = make_demo_store(tmp_path / "s", trial="expired")
    evidence = answer(store, "trial-ended", "edge-active")
    assert evidence.answer == "yes" and evidence.facts["plan"] == "trial"


def test_recent_domain_change_is_seen_for_30_days(tmp_path):
    changed = NOW - timedelta(days=3)
    store = make_demo_store(tmp_path / "s", tenant={
        "primary_domain_changed_at": clock.iso(changed), "previous_primary_domain": "sample-demo.by-works.com"})
    evidence = answer(store, "domain-changed-recently", "edge-active")
    assert evidence.answer == "yes"
    assert "sample-demo.by-works.com" in evidence.text("en")
    clock.pin(changed + timedelta(days=31))
    assert answer(store, "domain-changed-recently", "edge-active").answer == "no"
