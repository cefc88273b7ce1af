"""Decision trees as loaded from ``trees/<symptom>.json`` (format: docs/TRIAGE_TREES.md).

Loading only checks what the walk needs to be safe (types, ids, links); ``validate``
checks the rest (glossary ids, reachability, citations, languages) for ``trees check``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from helpdesk_tui.glossary import SYMPTOMS

LANGS = ("ja", "en")


class TreeError(Exception):
    """A tree file that cannot be used; the message names the file and the node."""


@dataclass(frozen=True)
class Choice:
    id: str
    label: dict[str, str]
    next: str


@dataclass(frozen=True)
class Node:
    id: str
    type: str  # "question" or "conclusion"
    sources: tuple[dict, ...]
    text: dict[str, str] | None = None  # question
    choices: tuple[Choice, ...] = ()
    check: str | None = None
    help: dict[str, str] | None = None
    cause: str | None = None  # conclusion
    remedy: dict[str, str] | None = None
    actions: tuple[str, ...] = ()
    guidance: dict[str, str] | None = None

    @property
    def is_conclusion(self) -> bool:
        return self.type == "conclusion"

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def choice_by_key(self, key: str) -> Choice | None:
        """The choice answered by digit ``key`` ("1" is the first choice)."""
        if key.isdigit() and 1 <= int(key) <= len(self.choices):
            return self.choices[int(key) - 1]
        return None


@dataclass(frozen=True)
class Tree:
    symptom: str
    title: dict[str, str]
    start: str
    nodes: dict[str, Node]

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]


def tree_symptoms() -> tuple[str, ...]:
    """Symptoms that have a tree file (domain-change and mail-migration have screens)."""
    folder = resources.files(__package__).joinpath("trees")
    names = {entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".json")}
    return tuple(s for s in SYMPTOMS if s in names) + tuple(sorted(names - set(SYMPTOMS)))


@lru_cache(maxsize=None)
def load_tree(symptom: str) -> Tree:
    """The tree for ``symptom``; TreeError if it is missing or malformed."""
    name = f"{symptom}.json"
    entry = resources.files(__package__).joinpath("trees", name)
    try:
        raw = json.loads(entry.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TreeError(f"no decision tree for symptom {symptom!r}") from None
    except json.JSONDecodeError as exc:
        raise TreeError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    return parse_tree(raw, name)


def parse_tree(raw: Any, name: str) -> Tree:
    if not isinstance(raw, dict):
        raise TreeError(f"{name}: the file must hold one JSON object")
    for key in ("symptom", "start", "nodes", "title"):
        if key not in raw:
            raise TreeError(f"{name}: missing {key!r}")
    if not isinstance(raw["nodes"], dict) or not raw["nodes"]:
        raise TreeError(f"{name}: 'nodes' must be a non-empty object")
    nodes = {node_id: _node(node_id, body, name) for node_id, body in raw["nodes"].items()}
    tree = Tree(str(raw["symptom"]), _text(raw["title"], f"{name}: title"), str(raw["start"]), nodes)
    if tree.start not in nodes:
        raise TreeError(f"{name}: start node {tree.start!r} does not exist")
    for node in nodes.values():
        for choice in node.choices:
            if choice.next not in nodes:
                raise TreeError(f"{name}: node {node.id!r} choice {choice.id!r} leads to unknown node {choice.next!r}")
    return tree


def _node(node_id: str, body: Any, name: str) -> Node:
    where = f"{name}: node {node_id!r}"
    if not isinstance(body, dict):
        raise TreeError(f"{where}: must be an object")
    kind = body.get("type")
    sources = body.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, dict) for s in sources):
        raise TreeError(f"{where}: 'sources' must be a non-empty list of citations")
    if kind == "question":
        choices = body.get("choices")
        if not isinstance(choices, list) or not 1 <= len(choices) <= 9:
            raise TreeError(f"{where}: a question needs 1 to 9 choices")
        parsed = tuple(_choice(c, f"{where} choice {i + 1}") for i, c in enumerate(choices))
        if len({c.id for c in parsed}) != len(parsed):
            raise TreeError(f"{where}: two choices share an id")
        check = body.get("check")
        if check is not None and not isinstance(check, str):
            raise TreeError(f"{where}: 'check' must be a check id")
        return Node(
            node_id, kind, tuple(sources), text=_text(body.get("text"), f"{where} text"), choices=parsed,
            check=check, help=_text(body["help"], f"{where} help") if "help" in body else None,
        )
    if kind == "conclusion":
        actions = body.get("actions", [])
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            raise TreeError(f"{where}: 'actions' must be a list of action ids")
        return Node(
            node_id, kind, tuple(sources), cause=str(body.get("cause")),
            remedy=_text(body.get("remedy"), f"{where} remedy"), actions=tuple(actions),
            guidance=_text(body.get("guidance"), f"{where} guidance"),
        )
    raise TreeError(f"{where}: 'type' must be 'question' or 'conclusion'")


def _choice(raw: Any, where: str) -> Choice:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("next"), str):
        raise TreeError(f"{where}: needs an 'id', a 'label' and a 'next' node")
    return Choice(raw["id"], _text(raw.get("label"), f"{where} label"), raw["next"])


def _text(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise TreeError(f"{where}: must be an object of language -> text")
    return dict(raw)


def text(value: dict[str, str] | None, lang: str) -> str:
    """A node text in ``lang``, falling back to the other language."""
    if not value:
        return ""
    return value.get(lang) or next((v for v in value.values() if v), "")
