"""``helpdesk-tui trees check``: prove every decision tree before an operator relies on it.

Checks what docs/TRIAGE_TREES.md promises: one tree per triage symptom; causes and
actions from the glossary; known checks whose node offers exactly the check's answers;
no cycles; nothing unreachable; every leaf a conclusion; both languages on every text;
every citation a real seed file and a real heading line of it.
"""

from __future__ import annotations

from helpdesk_tui import seeds
from helpdesk_tui.glossary import ACTIONS, CAUSES
from helpdesk_tui.triage.checks import CHECKS
from helpdesk_tui.triage.model import LANGS, Node, Tree, TreeError, load_tree, tree_symptoms

# Symptoms triaged by a tree; domain-change and mail-migration have their own screens.
TRIAGE_SYMPTOMS = (
    "cannot-login",
    "sms-not-arriving",
    "id-forgotten",
    "password-forgotten",
    "phone-changed",
    "device-lost",
    "account-compromised",
)


def check_trees(symptoms: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """symptom -> problems (an empty list when the tree is sound)."""
    report: dict[str, list[str]] = {}
    for symptom in symptoms or tuple(dict.fromkeys(TRIAGE_SYMPTOMS + tree_symptoms())):
        try:
            tree = load_tree(symptom)
        except TreeError as exc:
            report[symptom] = [str(exc)]
            continue
        report[symptom] = check_tree(tree, symptom)
    return report


def check_tree(tree: Tree, symptom: str) -> list[str]:
    problems: list[str] = []
    if tree.symptom != symptom:
        problems.append(f"the file for {symptom!r} says symptom {tree.symptom!r}")
    if symptom not in TRIAGE_SYMPTOMS:
        problems.append(f"{symptom!r} is not a triage symptom ({', '.join(TRIAGE_SYMPTOMS)})")
    problems += _languages("title", tree.title)
    for node in tree.nodes.values():
        problems += [f"node {node.id!r}: {p}" for p in _node_problems(node)]
    problems += _shape(tree)
    return problems


def _node_problems(node: Node) -> list[str]:
    problems: list[str] = []
    for source in node.sources:
        problems += _citation(source)
    if node.is_conclusion:
        if node.cause not in CAUSES:
            problems.append(f"cause {node.cause!r} is not in the glossary")
        problems += [f"action {a!r} is not in the glossary" for a in node.actions if a not in ACTIONS]
        if len(set(node.actions)) != len(node.actions):
            problems.append("an action is listed twice")
        problems += _languages("remedy", node.remedy) + _languages("guidance", node.guidance)
        return problems
    problems += _languages("text", node.text)
    if node.help is not None:
        problems += _languages("help", node.help)
    for choice in node.choices:
        problems += _languages(f"choice {choice.id!r} label", choice.label)
    if node.check is not None:
        check = CHECKS.get(node.check)
        if check is None:
            problems.append(f"unknown check {node.check!r} (known: {', '.join(CHECKS)})")
        elif sorted(c.id for c in node.choices) != sorted(check.answers):
            problems.append(
                f"check {node.check!r} answers {', '.join(check.answers)}; "
                f"the choices are {', '.join(c.id for c in node.choices)}"
            )
    return problems


def _citation(source: dict) -> list[str]:
    if set(source) == {"own"}:
        return [] if isinstance(source["own"], str) and source["own"].strip() else ["an 'own' source needs a reason"]
    if set(source) != {"seed", "heading"}:
        return [f"a source is {{'seed', 'heading'}} or {{'own'}}, not {sorted(source)}"]
    wrong = seeds.cites(str(source["seed"]), str(source["heading"]))
    return [wrong] if wrong else []


def _languages(what: str, value: dict[str, str] | None) -> list[str]:
    if value is None:
        return [f"{what} is missing"]
    missing = [lang for lang in LANGS if not (value.get(lang) or "").strip()]
    extra = sorted(set(value) - set(LANGS))
    out = [f"{what} has no {lang!r} text" for lang in missing]
    return out + [f"{what} has unknown language {lang!r}" for lang in extra]


def _shape(tree: Tree) -> list[str]:
    """Cycles and unreachable nodes (depth-first from the start, colouring nodes)."""
    problems: list[str] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 finished

    def visit(node_id: str, trail: list[str]) -> None:
        state[node_id] = 1
        for choice in tree.node(node_id).choices:
            if state.get(choice.next) == 1:
                loop = trail[trail.index(choice.next):] + [node_id, choice.next]
                problems.append(f"cycle: {' -> '.join(dict.fromkeys(loop))} -> {choice.next}")
            elif choice.next not in state:
                visit(choice.next, trail + [node_id])
        state[node_id] = 2

    visit(tree.start, [])
    problems += [f"node {n!r} is unreachable from the start" for n in tree.nodes if n not in state]
    return problems
