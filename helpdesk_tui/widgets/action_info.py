"""The action pane's upper half: what the action is, and whether it may run now.

``ActionAbout``: the kind, the seed heading the rule comes from, the member and ticket,
and the consequences (bold, in the warning colour, when the target must be typed back).
``GateView``: the gate as the domain's preflight sees it — the operator's role, the
identity verification used (method, time, who recorded it) or exactly what is missing,
and the member's state. Member data goes in through ``safe()``; refusal sentences are
ours but quote member data too, so they go in literally as well.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from helpdesk_tui.actions import ActionSpec, Preflight
from helpdesk_tui.safe_text import visible
from helpdesk_tui.seeds import title as seed_title
from helpdesk_tui.widgets.fact_list import render_facts
from helpdesk_tui.widgets.safe import joined, safe

# Refusals about identity verification: the pane adds how to record one.
VERIFICATION_CODES = {"not-verified", "needs-strong-verification", "verification-stale"}
ROLE_CODES = {"role", "admin-account"}


class ActionAbout(Static):
    DEFAULT_CSS = """
    ActionAbout {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, spec: ActionSpec, member: dict | None, member_id: str, ticket: str | None,
             t: Callable[..., str]) -> None:
        member_line = safe(member.get("name") if member else member_id, "bold", max_length=60)
        if member:
            member_line = joined([member_line, safe(f"<{member_id}>", max_length=80),
                                  Text(t(f"status.{member.get('status')}"), style="bold")], " ")
        # Irreversible or wide (typed back): in bold, in the warning colour.
        effect = Text(t(f"actions.consequence.{spec.id}"), style="bold yellow" if spec.typed_back else "")
        facts = [
            (t("action-pane.field.kind"), Text(t(f"actions.kind.{spec.kind}"))),
            (t("action-pane.field.source"), Text(t("action-pane.source", title=seed_title(spec.seed), heading=spec.heading),
                                                 style="italic")),
            (t("action-pane.field.member"), member_line),
            (t("action-pane.field.ticket"), safe(ticket) if ticket else Text(t("action-pane.no-ticket"), "dim")),
            (t("action-pane.field.effect"), effect),
        ]
        self.update(render_facts(facts, 14))


class GateView(Static):
    DEFAULT_CSS = """
    GateView {
        height: auto;
        padding: 0 1;
        margin-top: 1;
    }
    """

    def show(self, spec: ActionSpec, pre: Preflight | None, operator: dict | None, ticket: str | None,
             t: Callable[..., str], lang: str, when: Callable[[object], str], final: str | None = None) -> None:
        """``final``: the pane already ran ("done", "guided") or failed ("failed"): the "Now" line says
        so and nothing about a next run (the state read after the change would only say why
        it cannot run again, e.g. "not suspended" right after an unsuspend)."""
        if final is not None:
            said = t(f"console.action.final-{final}")
            shown = _good(said) if final == "done" else Text(said, style="bold") if final == "guided" else _bad(said)
            facts = [(t("action-pane.field.now"), shown)]
            self.update(render_facts(facts, 14))
            return
        if pre is None:
            self.update(Text(t("action-menu.checking"), style="italic"))
            return
        problem = pre.problem
        code = problem.code if problem is not None else None
        role = (operator or {}).get("role") or "-"
        facts: list = []
        if code in ROLE_CODES:
            facts.append((t("action-pane.field.role"), _bad(problem.message(lang))))
            self.update(render_facts(facts, 14))
            return
        facts.append((t("action-pane.field.role"),
                      _good(t("action-pane.role-ok", role=t(f"role.{role}"), needed=t(f"role.{spec.min_role}")))))
        if not spec.restorative:
            facts.append((t("action-pane.field.verification"),
                          Text(t("action-pane.verification-not-needed", kind=t(f"action-menu.kind.{spec.kind}")),
                               style="dim")))
        elif pre.verification is not None:
            used = pre.verification
            facts.append((t("action-pane.field.verification"), _good(t(
                "action-pane.verified", method=t(f"verification.{used.get('method')}"),
                at=when(used.get("at")), by=visible(used.get("by"), max_length=30)))))
        elif code in VERIFICATION_CODES or code == "needs-ticket":
            hint = t("action-pane.verify-hint" if ticket else "action-pane.ticket-hint")
            facts.append((t("action-pane.field.verification"),
                          [_bad(problem.message(lang)), Text(hint, style="italic")]))
        if problem is None:
            facts.append((t("action-pane.field.now"), _good(t("action-pane.ready"))))
        elif code not in VERIFICATION_CODES and code != "needs-ticket":
            facts.append((t("action-pane.field.now"), _bad(problem.message(lang))))
        self.update(render_facts(facts, 14))


def _good(text: str) -> Text:
    return Text.assemble(("✓ ", "bold green"), safe(text, max_length=400))


def _bad(text: str) -> Text:
    return Text.assemble(("✗ ", "bold red"), safe(text, "bold", max_length=600))
