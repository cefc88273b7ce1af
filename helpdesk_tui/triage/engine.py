"""Walk a decision tree: store checks answer themselves, the operator answers the rest.

The walk is a pure function of (tree, facts, operator answers, held nodes), so the
console, ``diagnose`` and a ticket's saved triage all reproduce the same path:

- ``answers``: node id -> choice id given by the operator. On a check node this is an
  override when it differs from the store's answer (the step records both).
- ``held``: check nodes the operator stepped back to; the walk stops there and asks,
  showing the store's answer as a suggestion instead of taking it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from helpdesk_tui.triage.checks import Evidence, Facts, run_check
from helpdesk_tui.triage.model import Node, Tree, text


class TriageError(Exception):
    """An answer that does not fit the tree (unknown node or choice)."""


@dataclass(frozen=True)
class Step:
    node: Node
    choice: str
    auto: bool  # answered by the store, no operator input
    evidence: Evidence | None = None  # the store's answer on a check node

    @property
    def overridden(self) -> bool:
        """The operator chose differently from what the store said."""
        return not self.auto and self.evidence is not None and self.evidence.answer != self.choice

    def to_json(self, lang: str) -> dict:
        choice = self.node.choice(self.choice)
        out = {
            "node": self.node.id,
            "question": text(self.node.text, lang),
            "choice": self.choice,
            "answer": text(choice.label, lang) if choice else self.choice,
            "auto": self.auto,
            "overridden": self.overridden,
            "evidence": self.evidence.to_json() if self.evidence else None,
        }
        if self.overridden:
            out["store_answer"] = self.evidence.answer
        return out


@dataclass(frozen=True)
class Walk:
    tree: Tree
    path: tuple[Step, ...]
    node: Node  # where the walk stopped: a question to ask, or the conclusion
    suggestion: Evidence | None = None  # a held check node: what the store says

    @property
    def conclusion(self) -> Node | None:
        return self.node if self.node.is_conclusion else None

    @property
    def question(self) -> Node | None:
        return None if self.node.is_conclusion else self.node

    def back(self, answers: Mapping[str, str], held: Collection[str]) -> tuple[dict, set]:
        """The (answers, held) that step back one step from here: the last step's answer
        is removed; a store-answered step is held, so the walk asks it instead."""
        answers, held = dict(answers), set(held)
        if not self.path:
            return answers, held
        last = self.path[-1]
        answers.pop(last.node.id, None)
        if last.node.check:
            held.add(last.node.id)
        return answers, held

    def to_json(self, lang: str) -> dict:
        out: dict = {"symptom": self.tree.symptom, "path": [s.to_json(lang) for s in self.path]}
        node = self.node
        if node.is_conclusion:
            out["conclusion"] = {
                "node": node.id,
                "cause": node.cause,
                "remedy": text(node.remedy, lang),
                "actions": list(node.actions),
                "guidance": text(node.guidance, lang),
                "sources": list(node.sources),
            }
        else:
            out["question"] = {
                "id": node.id,
                "text": text(node.text, lang),
                "help": text(node.help, lang) or None,
                "choices": [
                    {"key": str(i), "id": c.id, "label": text(c.label, lang)}
                    for i, c in enumerate(node.choices, 1)
                ],
                "sources": list(node.sources),
                "store_suggests": self.suggestion.to_json() if self.suggestion else None,
            }
        return out


def walk(
    tree: Tree,
    facts: Facts,
    answers: Mapping[str, str] | None = None,
    held: Collection[str] = (),
) -> Walk:
    """Follow ``tree`` from its start as far as the store and ``answers`` allow."""
    answers = answers or {}
    for node_id, choice in answers.items():
        node = tree.nodes.get(node_id)
        if node is None or node.is_conclusion:
            raise TriageError(f"tree {tree.symptom!r} has no question {node_id!r}")
        if node.choice(choice) is None:
            ids = ", ".join(c.id for c in node.choices)
            raise TriageError(f"question {node_id!r} has no choice {choice!r} (choices: {ids})")
    path: list[Step] = []
    node = tree.node(tree.start)
    seen = set()
    while not node.is_conclusion:
        if node.id in seen:  # trees check forbids cycles; never loop on a broken file
            raise TriageError(f"tree {tree.symptom!r} loops at {node.id!r}")
        seen.add(node.id)
        evidence = run_check(node.check, facts) if node.check else None
        if node.id in answers:
            step = Step(node, answers[node.id], auto=False, evidence=evidence)
        elif evidence is not None and node.id not in held:
            step = Step(node, evidence.answer, auto=True, evidence=evidence)
        else:
            return Walk(tree, tuple(path), node, suggestion=evidence)
        path.append(step)
        node = tree.node(node.choice(step.choice).next)
    return Walk(tree, tuple(path), node)
