"""``helpdesk-tui diagnose MEMBER --symptom S [--answer NODE=CHOICE …]``: the triage walk
of the console, one call at a time — the store answers what it knows, ``--answer`` gives
the operator's answers (or overrides a store answer), the output is the next question or
the conclusion with the path taken.

With ``--backend lineworks`` the member is read from the API first (one ``GET
/users/{userId}``, written to the mirror) so the store checks answer from the truth. When
the API cannot be reached, every store-answered step's evidence says that it came from the
mirror and as of when, and the output starts with the "not live" marker."""

from __future__ import annotations

import argparse

from helpdesk_tui import clock
from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.live_read import live_member, when_formatter
from helpdesk_tui.directory.live import evidence_note
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.safe_text import visible
from helpdesk_tui.triage import TRIAGE_SYMPTOMS, load_tree, text, walk
from helpdesk_tui.triage.checks import facts_for


def register(commands, common: argparse.ArgumentParser) -> None:
    diagnose = commands.add_parser("diagnose", parents=[common],
                                   help="walk a symptom's decision tree for a member")
    diagnose.add_argument("member", metavar="MEMBER", help="member id, or a query matching one member")
    diagnose.add_argument("--symptom", required=True, choices=TRIAGE_SYMPTOMS)
    diagnose.add_argument("--answer", action="append", default=[], metavar="NODE=CHOICE",
                          help="an answer to a question (repeatable); on a store-answered "
                          "question it is an override")
    diagnose.add_argument("--json", action="store_true")
    diagnose.set_defaults(handler=run_diagnose, uses_backend=True)


def parse_answers(pairs: list[str]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for pair in pairs:
        node, eq, choice = pair.partition("=")
        if not eq or not node.strip() or not choice.strip():
            raise CliError(f"--answer takes NODE=CHOICE, not {pair!r}", EXIT_BAD_INPUT)
        answers[node.strip()] = choice.strip()
    return answers


def run_diagnose(args) -> int:
    store, _ = open_store(args)
    answers = parse_answers(args.answer)
    labels = catalogue(args)
    member, read, backend = live_member(args, store, args.member)  # the API before the store checks
    backend.close()
    now = clock.now()
    with domain_errors():
        tree = load_tree(args.symptom)
        facts = facts_for(store, member["id"], now)
        result = walk(tree, facts, answers)
    out = {"member": member["id"], **result.to_json(labels.lang), "directory": read.to_json()}
    when = when_formatter(labels.lang)
    _mark_mirror_evidence(out, read)
    if args.json:
        emit_json(out)
        return 0
    marker = read.marker(labels.t, when)
    if marker:
        print(visible(marker))
    print(render(out, labels))
    return 0


def _mark_mirror_evidence(out: dict, read) -> None:
    """Store-answered evidence from a mirror the API could not confirm says so, in both
    languages (the JSON carries both)."""
    from helpdesk_tui.i18n import catalogue as catalogue_for

    for step in out["path"]:
        evidence = step.get("evidence")
        if not evidence or not step.get("auto"):
            continue
        for lang, said in list(evidence["text"].items()):
            labels = catalogue_for(lang)
            note = evidence_note(read, labels.t, when_formatter(lang))
            if note:
                evidence["text"][lang] = f"{said} [{note}]"
        evidence["from_mirror"] = not read.live


def render(out: dict, labels) -> str:
    t = labels.t
    lines = [f"{visible(out['member'])} — {t('symptom.' + out['symptom'])}"]
    for step in out["path"]:
        mark = t("triage.auto") if step["auto"] else (t("triage.override") if step["overridden"] else "")
        lines.append(f"  {visible(step['question'])} → {visible(step['answer'])} {mark}".rstrip())
        if step["evidence"]:
            lines.append(f"      {visible(step['evidence']['text'][labels.lang])}")
    if "conclusion" in out:
        c = out["conclusion"]
        lines += [
            "",
            f"{t('triage.cause')}: {t('cause.' + c['cause'])}",
            f"{t('triage.remedy')}: {visible(c['remedy'])}",
            f"{t('triage.actions')}: {', '.join(t('action.' + a) for a in c['actions']) or '—'}",
            f"{t('triage.guidance')}:",
            *(f"  {visible(line)}" for line in c["guidance"].splitlines()),
        ]
    else:
        q = out["question"]
        lines += ["", f"{visible(q['text'])}  [{q['id']}]"]
        lines += [f"  {c['key']}. {visible(c['label'])}  ({q['id']}={c['id']})" for c in q["choices"]]
        if q.get("store_suggests"):
            lines.append(f"  {t('triage.store-says')}: {visible(q['store_suggests']['text'][labels.lang])}")
    return "\n".join(lines)
