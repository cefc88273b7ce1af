"""Every state, outcome, rule, step and error has a label in both languages, and every
seed citation is a real heading (a whole line) of the seed it names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import helpdesk_tui
from helpdesk_tui.domains import SWITCH_WARNINGS
from helpdesk_tui.i18n import catalogue
from helpdesk_tui.mail import RULES, STEPS
from helpdesk_tui.mail.addresses import KINDS
from helpdesk_tui.mail.received import HEADING as RECEIVED_HEADING
from helpdesk_tui.mail.switchtime import PROBLEMS

I18N = Path(helpdesk_tui.__file__).parent / "i18n"
SEEDS = [Path(helpdesk_tui.__file__).parent / "seeds", Path("/work/shared/seeds")]
FRAGMENTS = ("domains", "mail")


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_both_languages_have_the_same_keys_and_placeholders(fragment):
    ja = json.loads((I18N / "ja" / f"{fragment}.json").read_text(encoding="utf-8"))
    en = json.loads((I18N / "en" / f"{fragment}.json").read_text(encoding="utf-8"))
    assert ja.keys() == en.keys()
    for key in ja:
        assert key.startswith(fragment + ".")
        assert set(re.findall(r"{(\w+)}", ja[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_id_shown_to_an_operator_is_labelled():
    expected = (
        [f"domains.state.{s}" for s in ("primary", "in-use", "pending", "verified", "failed")]
        + [f"domains.verify.{o}" for o in ("verified", "already-verified", "not-yet", "failed",
                                            "no-verdict")]
        + [f"domains.warning.{w.id}" for w in SWITCH_WARNINGS]
        + [f"mail.reason.{r}" for r in RULES]
        + [f"mail.step.{s.id}" for s in STEPS]
        + [f"mail.address.{k}" for k in KINDS]
        + [f"mail.switch.problem.{p}" for p in PROBLEMS]
    )
    for lang in ("ja", "en"):
        labels = catalogue(lang)
        assert [k for k in expected if k not in labels] == [], lang


def test_every_error_code_raised_has_a_message():
    source = "\n".join(p.read_text(encoding="utf-8") for folder in ("domains", "mail")
                       for p in (Path(helpdesk_tui.__file__).parent / folder).glob("*.py"))
    raised = set(re.findall(r'(Domain\w+|Migration\w+)\("([a-z-]+)"', source))
    assert len(raised) > 15
    for cls, code in raised:
        prefix = "mail" if cls.startswith("Migration") else "domains"
        for lang in ("ja", "en"):
            assert f"{prefix}.error.{code}" in catalogue(lang), (cls, code, lang)


def _seed_lines(name: str) -> set[str]:
    for folder in SEEDS:
        if (folder / name).exists():
            return {line.strip() for line in (folder / name).read_text(encoding="utf-8").splitlines()}
    pytest.skip(f"seed {name} not available")


def test_citations_are_headings_of_the_seeds():
    seed000 = _seed_lines(SWITCH_WARNINGS[0].seed)
    step, notice = SWITCH_WARNINGS[0].heading.rsplit(" ", 1)
    assert step == "STEP.4 追加した新しいドメインを「プライマリドメイン」に変更" and step in seed000
    assert notice == "【重要!ご注意ください】" and notice in seed000
    seed002 = _seed_lines("002_c707fd664de90ac5.txt")
    for step in STEPS:
        assert step.heading in seed002, step.heading
    assert RECEIVED_HEADING in seed002
    assert "DNS情報切り替えのご依頼方法" in seed002
