"""The shipped decision trees: sound (trees check), every path walkable, and the store
concluding by itself for the demo tenant's edge-case members."""

from __future__ import annotations

import pytest

from helpdesk_tui import clock
from helpdesk_tui.glossary import CAUSES
from helpdesk_tui.triage import TRIAGE_SYMPTOMS, check_trees, load_tree, walk
from helpdesk_tui.triage.checks import facts_for
from tests.cli.conftest import run_cli
from tests.demo_store import make_demo_store, member_id


def all_paths(tree):
    """Every root-to-leaf path as [(node id, choice id), …] plus its leaf."""
    paths = []

    def visit(node_id, taken):
        node = tree.node(node_id)
        if node.is_conclusion:
            paths.append((taken, node))
            return
        for choice in node.choices:
            visit(choice.next, taken + [(node.id, choice.id)])

    visit(tree.start, [])
    return paths


def test_trees_check_passes():
    report = check_trees()
    assert set(report) >= set(TRIAGE_SYMPTOMS)
    assert {s: p for s, p in report.items() if p} == {}


def test_trees_check_command_exits_zero():
    result = run_cli("trees", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(f"ok    {s}" in result.stdout for s in TRIAGE_SYMPTOMS)


@pytest.mark.parametrize("symptom", TRIAGE_SYMPTOMS)
def test_every_path_of_every_tree_is_walkable(store, symptom):
    """Answering every question (store ones as overrides) reaches exactly that leaf."""
    tree = load_tree(symptom)
    facts = facts_for(store, member_id("edge-active"), clock.now())
    paths = all_paths(tree)
    assert paths
    for taken, leaf in paths:
        result = walk(tree, facts, dict(taken))
        assert result.conclusion is leaf, (taken, result.node.id)
        assert [(s.node.id, s.choice) for s in result.path] == taken
        assert all(not s.auto for s in result.path)
        out = result.to_json("ja")
        assert out["conclusion"]["cause"] in CAUSES and out["conclusion"]["guidance"]


def test_the_trees_cover_the_seed_causes():
    causes = {leaf.cause for s in TRIAGE_SYMPTOMS for _, leaf in all_paths(load_tree(s))}
    assert causes == set(CAUSES)  # every glossary cause is reachable from some tree


# (symptom, member, cause) the store determines with no operator answer at all.
STORE_CONCLUDES = [
    ("cannot-login", "edge-locked", "suspended-login-failure"),
    ("cannot-login", "edge-suspended", "suspended-admin"),
    ("cannot-login", "edge-blocked", "app-access-blocked"),
    ("cannot-login", "edge-deleted-3d", "member-deleted"),
    ("cannot-login", "edge-deleted-8d", "member-deleted"),
    ("cannot-login", "edge-pending", "pending-registration"),
    ("cannot-login", "edge-no-recovery", "no-recovery-contact"),
    ("sms-not-arriving", "edge-landline", "sms-number-not-mobile"),
    ("sms-not-arriving", "edge-ip-phone", "sms-number-not-mobile"),
    ("sms-not-arriving", "edge-m2m", "sms-number-not-mobile"),
    ("sms-not-arriving", "edge-hyphens", "sms-number-format"),
    ("sms-not-arriving", "edge-fullwidth", "sms-number-format"),
    ("sms-not-arriving", "edge-no-recovery", "no-recovery-contact"),
    ("sms-not-arriving", "edge-locked", "suspended-login-failure"),
    ("password-forgotten", "edge-no-recovery", "no-recovery-contact"),
    ("password-forgotten", "edge-wrong-email", "email-registered-wrong"),
    ("password-forgotten", "edge-suspended", "suspended-admin"),
    ("id-forgotten", "edge-line-initial-id", "id-forgotten"),
    ("account-compromised", "edge-suspicious", "account-takeover"),
    ("device-lost", "edge-mdm", "device-lost-stolen"),
    ("device-lost", "edge-no-mdm", "device-lost-stolen"),
]


@pytest.mark.parametrize("symptom, local, cause", STORE_CONCLUDES)
def test_store_concludes_without_asking(store, symptom, local, cause):
    result = walk(load_tree(symptom), facts_for(store, member_id(local), clock.now()))
    assert result.conclusion is not None, f"asked {result.node.id!r}"
    assert result.conclusion.cause == cause
    assert result.path and all(step.auto for step in result.path)
    assert all(step.evidence is not None for step in result.path)


def test_device_lost_offers_wipe_only_for_mdm_devices(store):
    tree = load_tree("device-lost")
    mdm = walk(tree, facts_for(store, member_id("edge-mdm"), clock.now())).conclusion
    plain = walk(tree, facts_for(store, member_id("edge-no-mdm"), clock.now())).conclusion
    assert "wipe-app-data" in mdm.actions
    assert "wipe-app-data" not in plain.actions and "factory-reset-device" not in plain.actions


@pytest.mark.parametrize("symptom", ["cannot-login", "sms-not-arriving", "id-forgotten", "password-forgotten"])
def test_a_healthy_member_is_asked(store, symptom):
    result = walk(load_tree(symptom), facts_for(store, member_id("edge-active"), clock.now()))
    assert result.question is not None


def test_trial_expired_comes_first_for_cannot_login(tmp_path):
    store = make_demo_store(tmp_path / "s", trial="expired")
    for local in ("edge-active", "edge-locked"):
        result = walk(load_tree("cannot-login"), facts_for(store, member_id(local), clock.now()))
        assert result.conclusion is not None and result.conclusion.cause == "trial-expired"


def test_recent_domain_change_explains_a_forgotten_id(tmp_path):
    from datetime import timedelta

    store = make_demo_store(tmp_path / "s", tenant={
        "primary_domain_changed_at": clock.iso(clock.now() - timedelta(days=2)),
        "previous_primary_domain": "sample-demo.by-works.com"})
    result = walk(load_tree("id-forgotten"), facts_for(store, member_id("edge-active"), clock.now()))
    assert result.conclusion is not None and result.conclusion.cause == "id-changed-by-domain-change"
