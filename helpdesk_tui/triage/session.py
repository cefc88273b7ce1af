"""Triage bound to a ticket: every answer, step back and conclusion lands on the ticket's
timeline, and the ticket keeps the answers so the walk can be resumed later.

The facts are re-read from the store for every step not yet taken, so an account fixed
meanwhile (by another operator, or by an action from this ticket) changes what the store
answers next. The steps already on the ticket are kept as they were recorded (the
store's answers with their evidence too): coming back to the triage after an action
resumes where it was — same path, same diagnosis, nothing repeated on the timeline —
and only stepping back re-opens a step.
"""

from __future__ import annotations

from helpdesk_tui import clock
from helpdesk_tui.tickets import TicketInputError, TicketNotFound, get_ticket, record_guidance, save_triage
from helpdesk_tui.triage.checks import Evidence, facts_for
from helpdesk_tui.triage.engine import Step, Walk, walk
from helpdesk_tui.triage.model import load_tree, text


class TriageSession:
    def __init__(self, store, operator, ticket_id: str):
        self.store = store
        self.operator = operator
        view = get_ticket(store, ticket_id)
        if view.status == "closed":
            raise TicketInputError(f"ticket {view.id} is closed; triage cannot continue")
        self.ticket_id = view.id
        self.member_id = view.ticket["member_id"]
        self.tree = load_tree(view.ticket["symptom"])
        saved = view.ticket.get("triage") or {}
        self.answers: dict[str, str] = dict(saved.get("answers") or {})
        self.held: set[str] = set(saved.get("held") or ())
        recorded_path = _current_path(view.timeline)
        self._recorded = [(e["node"], e["choice"]) for e in recorded_path]
        self._pinned: list[Step] = _steps_of(self.tree, recorded_path)  # the path on the ticket
        self._recorded_conclusion = saved.get("conclusion")
        self.walk: Walk = self._walk()

    def _walk(self) -> Walk:
        facts = facts_for(self.store, self.member_id, clock.now())
        if facts is None:
            raise TicketNotFound(f"member {self.member_id!r} of ticket {self.ticket_id} no longer exists")
        pinned = {step.node.id: step for step in self._pinned}
        answers = {**{node: step.choice for node, step in pinned.items()}, **self.answers}
        result = walk(self.tree, facts, answers, self.held)
        # A recorded store answer stays the store's answer, with the evidence it had then.
        path = tuple(pinned[s.node.id] if s.node.id in pinned and s.node.id not in self.answers else s
                     for s in result.path)
        return Walk(result.tree, path, result.node, result.suggestion)

    def start(self) -> Walk:
        """Walk as far as the store allows and record the store's answers."""
        return self._commit([])

    def answer(self, choice_id: str) -> Walk:
        question = self.walk.question
        if question is None:
            raise TicketInputError("the triage has reached its conclusion; step back to change an answer")
        if question.choice(choice_id) is None:
            raise TicketInputError(f"question {question.id!r} has no choice {choice_id!r}")
        self.answers[question.id] = choice_id
        self.held.discard(question.id)
        return self._commit([])

    def back(self) -> Walk:
        if not self.walk.path:
            raise TicketInputError("this is the first question; there is nothing to step back to")
        node = self.walk.path[-1].node.id
        self.answers, self.held = self.walk.back(self.answers, self.held)
        self._recorded = self._recorded[:len(self.walk.path) - 1]
        self._pinned = list(self.walk.path[:-1])
        return self._commit([{"kind": "back", "node": node}])

    def save_guidance(self, lang: str, *, copied: bool) -> str:
        conclusion = self.walk.conclusion
        if conclusion is None:
            raise TicketInputError("there is no conclusion yet, so no guidance to give")
        body = text(conclusion.guidance, lang)
        record_guidance(self.store, self.operator, self.ticket_id, text=body, lang=lang,
                        node=conclusion.id, copied=copied)
        return body

    def _commit(self, entries: list[dict]) -> Walk:
        self.walk = self._walk()
        steps = [(s.node.id, s.choice) for s in self.walk.path]
        same = 0
        while same < min(len(steps), len(self._recorded)) and steps[same] == self._recorded[same]:
            same += 1
        for step in self.walk.path[same:]:
            entries.append(answer_entry(step))
        conclusion = self.walk.conclusion
        if conclusion is not None and (conclusion.id != self._recorded_conclusion or same < len(steps)):
            entries.append({"kind": "conclusion", "node": conclusion.id, "cause": conclusion.cause,
                            "actions": list(conclusion.actions)})
        if entries:
            save_triage(self.store, self.operator, self.ticket_id, answers=self.answers,
                        held=sorted(self.held), entries=entries,
                        conclusion={"node": conclusion.id, "cause": conclusion.cause} if conclusion else None)
        self._recorded = steps
        self._pinned = list(self.walk.path)
        self._recorded_conclusion = conclusion.id if conclusion else None
        return self.walk


def _current_path(timeline: list[dict]) -> list[dict]:
    """The answer entries still in force: a "back" entry cancels the last one."""
    path: list[dict] = []
    for entry in timeline:
        if entry.get("kind") == "answer":
            path.append(entry)
        elif entry.get("kind") == "back" and path:
            path.pop()
    return path


def _steps_of(tree, entries: list[dict]) -> list[Step]:
    """The recorded path as steps of ``tree`` (up to a step the tree no longer has)."""
    steps: list[Step] = []
    for entry in entries:
        node = tree.nodes.get(entry.get("node"))
        if node is None or node.is_conclusion or node.choice(entry.get("choice")) is None:
            break
        found = entry.get("evidence")
        evidence = Evidence(found["check"], found["answer"], dict(found.get("facts") or {})) if found else None
        steps.append(Step(node, entry["choice"], auto=bool(entry.get("auto")), evidence=evidence))
    return steps


def answer_entry(step) -> dict:
    """A timeline entry for one step, with both languages' texts frozen in, so the
    timeline reads the same after the tree file is edited."""
    choice = step.node.choice(step.choice)
    entry = {
        "kind": "answer", "node": step.node.id,
        "choice": step.choice, "auto": step.auto, "overridden": step.overridden,
        "question": dict(step.node.text or {}), "answer_label": dict(choice.label) if choice else {},
        "evidence": step.evidence.to_json() if step.evidence else None,
    }
    if step.overridden:
        entry["store_answer"] = step.evidence.answer
    return entry
