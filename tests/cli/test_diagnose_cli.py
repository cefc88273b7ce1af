"""``helpdesk-tui diagnose`` walks the console's trees from a script."""

from __future__ import annotations

from tests.cli.conftest import run_cli, run_json

LOCKED = "edge-locked@sample.co.jp"


def diagnose(store, member, symptom, *answers):
    args = ["diagnose", member, "--symptom", symptom]
    for answer in answers:
        args += ["--answer", answer]
    return run_json(*args, store=store)


def test_the_store_concludes_for_a_locked_member(demo_store):
    out = diagnose(demo_store, LOCKED, "cannot-login")
    assert out["conclusion"]["cause"] == "suspended-login-failure"
    assert "unsuspend" in out["conclusion"]["actions"]
    assert out["conclusion"]["sources"] and out["conclusion"]["remedy"]
    assert all(step["auto"] for step in out["path"])
    status_step = next(s for s in out["path"] if s["evidence"]["check"] == "member-status")
    assert status_step["evidence"]["facts"] == {"status": "suspended-login-failure"}


def test_question_then_answers_until_a_conclusion(demo_store):
    answers: list[str] = []
    for _ in range(12):
        out = diagnose(demo_store, "edge-active@sample.co.jp", "cannot-login", *answers)
        if "conclusion" in out:
            break
        question = out["question"]
        assert question["id"] and question["text"] and question["choices"]
        assert [c["key"] for c in question["choices"]] == [str(i) for i in range(1, len(question["choices"]) + 1)]
        answers.append(f"{question['id']}={question['choices'][0]['id']}")
    assert "conclusion" in out
    manual = [s for s in out["path"] if not s["auto"]]
    assert [f"{s['node']}={s['choice']}" for s in manual] == answers


def test_an_override_is_marked_with_the_store_answer(demo_store):
    first = diagnose(demo_store, LOCKED, "cannot-login")
    status_step = next(s for s in first["path"] if s["evidence"]["check"] == "member-status")
    out = diagnose(demo_store, LOCKED, "cannot-login", f"{status_step['node']}=active")
    step = next(s for s in out["path"] if s["node"] == status_step["node"])
    assert step["overridden"] and not step["auto"]
    assert step["store_answer"] == "suspended-login-failure" and step["choice"] == "active"
    assert out.get("conclusion", {}).get("cause") != "suspended-login-failure"


def test_text_output_in_japanese(demo_store):
    result = run_cli("diagnose", "edge-landline", "--symptom", "sms-not-arriving", "--lang", "ja", store=demo_store)
    assert result.returncode == 0, result.stderr
    assert "原因: 登録番号が携帯電話ではない (SMS 受信不可)" in result.stdout
    assert "固定電話" in result.stdout


def test_bad_answers_are_refused(demo_store):
    bad = run_cli("diagnose", LOCKED, "--symptom", "cannot-login", "--answer", "no-such-node=yes", store=demo_store)
    assert bad.returncode == 2 and "no question 'no-such-node'" in bad.stderr
    malformed = run_cli("diagnose", LOCKED, "--symptom", "cannot-login", "--answer", "oops", store=demo_store)
    assert malformed.returncode == 2 and "NODE=CHOICE" in malformed.stderr
    unknown = run_cli("diagnose", LOCKED, "--symptom", "mail-migration", store=demo_store)
    assert unknown.returncode == 2
