"""The walk on a small hand-made tree over a real demo store: store answers first,
operator answers, overrides, stepping back."""

from __future__ import annotations

import pytest

from helpdesk_tui import clock
from helpdesk_tui.triage import TriageError, walk
from helpdesk_tui.triage.checks import facts_for
from helpdesk_tui.triage.model import parse_tree
from tests.demo_store import member_id

SRC = [{"own": "test tree"}]


def T(en: str) -> dict:
    return {"ja": en, "en": en}


def leaf(cause: str) -> dict:
    return {"type": "conclusion", "cause": cause, "remedy": T("r"), "actions": [],
            "guidance": T("g"), "sources": SRC}


TREE = parse_tree({
    "symptom": "cannot-login", "title": T("t"), "start": "status",
    "nodes": {
        "status": {"type": "question", "check": "member-status", "text": T("Status?"), "sources": SRC,
                   "choices": [{"id": s, "label": T(s), "next": n} for s, n in (
                       ("active", "what"), ("away", "what"), ("pending", "c-pending"),
                       ("deleted", "c-deleted"), ("suspended-admin", "c-admin"),
                       ("suspended-login-failure", "c-locked"))]},
        "what": {"type": "question", "text": T("What happens?"), "sources": SRC,
                 "choices": [{"id": "password", "label": T("Password"), "next": "c-password"},
                             {"id": "id", "label": T("ID"), "next": "c-id"}]},
        "c-pending": leaf("pending-registration"), "c-deleted": leaf("member-deleted"),
        "c-admin": leaf("suspended-admin"), "c-locked": leaf("suspended-login-failure"),
        "c-password": leaf("password-forgotten"), "c-id": leaf("id-forgotten"),
    },
}, "test.json")


def facts(store, local):
    return facts_for(store, member_id(local), clock.now())


def test_the_store_concludes_without_a_question(store):
    result = walk(TREE, facts(store, "edge-locked"))
    assert result.conclusion.cause == "suspended-login-failure"
    (step,) = result.path
    assert step.auto and step.choice == "suspended-login-failure"
    assert step.evidence.facts == {"status": "suspended-login-failure"}
    assert "一時停止 (ログイン失敗)" in step.evidence.text("ja")


def test_a_question_the_store_cannot_answer_is_asked(store):
    result = walk(TREE, facts(store, "edge-active"))
    assert result.question.id == "what" and result.conclusion is None
    assert [s.node.id for s in result.path] == ["status"]
    out = result.to_json("en")
    assert out["question"]["choices"][0] == {"key": "1", "id": "password", "label": "Password"}
    done = walk(TREE, facts(store, "edge-active"), {"what": "id"})
    assert done.conclusion.cause == "id-forgotten"
    assert [s.auto for s in done.path] == [True, False]


def test_an_override_is_followed_and_marked(store):
    result = walk(TREE, facts(store, "edge-locked"), {"status": "active", "what": "password"})
    assert result.conclusion.cause == "password-forgotten"
    first = result.path[0]
    assert not first.auto and first.overridden
    assert first.to_json("en")["store_answer"] == "suspended-login-failure"


def test_confirming_the_store_answer_is_not_an_override(store):
    result = walk(TREE, facts(store, "edge-locked"), {"status": "suspended-login-failure"})
    assert not result.path[0].auto and not result.path[0].overridden


def test_stepping_back_from_a_store_answer_asks_it_with_a_suggestion(store):
    concluded = walk(TREE, facts(store, "edge-locked"))
    answers, held = concluded.back({}, set())
    assert held == {"status"}
    asked = walk(TREE, facts(store, "edge-locked"), answers, held)
    assert asked.question.id == "status" and asked.path == ()
    assert asked.suggestion.answer == "suspended-login-failure"
    assert asked.to_json("en")["question"]["store_suggests"]["answer"] == "suspended-login-failure"


def test_stepping_back_from_an_operator_answer_removes_it(store):
    done = walk(TREE, facts(store, "edge-active"), {"what": "id"})
    answers, held = done.back({"what": "id"}, set())
    assert answers == {} and held == set()
    assert walk(TREE, facts(store, "edge-active"), answers, held).question.id == "what"


@pytest.mark.parametrize("answers, message", [
    ({"nowhere": "x"}, "no question 'nowhere'"),
    ({"what": "maybe"}, "has no choice 'maybe'"),
    ({"c-id": "x"}, "no question 'c-id'"),
])
def test_answers_that_do_not_fit_the_tree_are_refused(store, answers, message):
    with pytest.raises(TriageError, match=message):
        walk(TREE, facts(store, "edge-active"), answers)
