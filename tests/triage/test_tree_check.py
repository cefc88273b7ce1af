"""The tree checker catches each kind of broken tree (fed hand-broken copies)."""

from __future__ import annotations

import copy

import pytest

from helpdesk_tui.triage.model import TreeError, parse_tree
from helpdesk_tui.triage.validate import check_tree

CITE = {"seed": "001_b012fa257ec9fb04.txt", "heading": "国際SMS設定の確認"}


def T(text: str) -> dict:
    return {"ja": text + "(ja)", "en": text}


GOOD = {
    "symptom": "sms-not-arriving", "title": T("SMS"), "start": "number",
    "nodes": {
        "number": {"type": "question", "check": "recovery-mobile", "text": T("Number?"), "sources": [CITE],
                   "choices": [{"id": a, "label": T(a), "next": n} for a, n in (
                       ("none", "c-none"), ("mobile", "blocked"), ("not-mobile", "c-kind"),
                       ("format-problem", "c-format"))]},
        "blocked": {"type": "question", "text": T("Blocked?"), "sources": [CITE],
                    "choices": [{"id": "yes", "label": T("yes"), "next": "c-blocked"},
                                {"id": "no", "label": T("no"), "next": "c-kind"}]},
        "c-none": {"type": "conclusion", "cause": "no-recovery-contact", "remedy": T("r"),
                   "actions": ["update-recovery-contact"], "guidance": T("g"), "sources": [{"own": "why"}]},
        "c-kind": {"type": "conclusion", "cause": "sms-number-not-mobile", "remedy": T("r"),
                   "actions": [], "guidance": T("g"), "sources": [CITE]},
        "c-format": {"type": "conclusion", "cause": "sms-number-format", "remedy": T("r"),
                     "actions": [], "guidance": T("g"), "sources": [CITE]},
        "c-blocked": {"type": "conclusion", "cause": "sms-blocked", "remedy": T("r"),
                      "actions": [], "guidance": T("g"), "sources": [CITE]},
    },
}


def problems(mutate) -> list[str]:
    raw = copy.deepcopy(GOOD)
    mutate(raw)
    return check_tree(parse_tree(raw, "t.json"), "sms-not-arriving")


def test_a_sound_tree_has_no_problems():
    assert problems(lambda raw: None) == []


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r["nodes"]["c-kind"].update(cause="gremlins"), "cause 'gremlins' is not in the glossary"),
    (lambda r: r["nodes"]["c-none"].update(actions=["reboot-the-world"]), "action 'reboot-the-world'"),
    (lambda r: r["nodes"]["c-none"]["guidance"].pop("ja"), "guidance has no 'ja' text"),
    (lambda r: r["nodes"]["blocked"]["choices"][0]["label"].update(en=" "), "label has no 'en' text"),
    (lambda r: r["nodes"]["c-kind"].update(sources=[{"seed": "009_nope.txt", "heading": "x"}]), "no seed file"),
    (lambda r: r["nodes"]["c-kind"].update(sources=[{"seed": CITE["seed"], "heading": "国際SMS"}]),
     "has no heading line"),
    (lambda r: r["nodes"]["number"].update(check="horoscope"), "unknown check 'horoscope'"),
    (lambda r: r["nodes"]["number"]["choices"].pop(), "the choices are none, mobile, not-mobile"),
    (lambda r: r["nodes"]["blocked"]["choices"][1].update(next="number"), "cycle: number -> blocked -> number"),
    (lambda r: r["nodes"].update(orphan=copy.deepcopy(r["nodes"]["c-kind"])), "node 'orphan' is unreachable"),
    (lambda r: r.update(symptom="cannot-login"), "says symptom 'cannot-login'"),
])
def test_each_defect_is_reported(mutate, expected):
    found = problems(mutate)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r["nodes"]["blocked"]["choices"][0].update(next="nowhere"), "unknown node 'nowhere'"),
    (lambda r: r.update(start="nowhere"), "start node 'nowhere'"),
    (lambda r: r["nodes"]["blocked"].update(type="maybe"), "'type' must be"),
    (lambda r: r["nodes"]["blocked"]["choices"].append(dict(r["nodes"]["blocked"]["choices"][0])), "share an id"),
])
def test_unusable_files_are_refused_at_load(mutate, expected):
    raw = copy.deepcopy(GOOD)
    mutate(raw)
    with pytest.raises(TreeError, match=expected):
        parse_tree(raw, "t.json")
