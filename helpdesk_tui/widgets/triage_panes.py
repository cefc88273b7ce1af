"""The triage screen's panes: the path so far, the question, the conclusion.

Tree texts are ours (trusted) but still go in as literal ``Text``; evidence quotes the
store (member numbers, e-mails) and goes through ``safe()``.
"""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.widgets import Static

from helpdesk_tui.text.linebreak import phrased

from helpdesk_tui.triage import Walk, text
from helpdesk_tui.widgets.safe import safe


class PathView(Static):
    """Each step taken: question → answer, marked when the store answered (with its
    evidence) or when the operator overrode the store."""

    DEFAULT_CSS = """
    PathView {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def show(self, result: Walk, t, lang: str) -> None:
        if not result.path:
            self.update(Text(t("triage-screen.path-empty"), style="italic"))
            return
        lines: list = [Text(t("triage-screen.path"), style="bold")]
        for number, step in enumerate(result.path, 1):
            choice = step.node.choice(step.choice)
            line = Text(f"{number}. ")
            line.append(text(step.node.text, lang))
            line.append(" → ")
            line.append(text(choice.label, lang) if choice else step.choice, style="bold")
            if step.auto:
                line.append(f"  {t('triage-screen.auto')}", style="cyan")
            elif step.overridden:
                line.append(f"  {t('triage-screen.overridden')}", style="yellow")
            lines.append(line)
            if step.evidence is not None and (step.auto or step.overridden):
                lines.append(Padding(safe(step.evidence.text(lang), "italic"), (0, 0, 0, 5)))
        self.update(Group(*lines))


class QuestionView(Static):
    """The question to ask, its choices with their keys, and the store's suggestion
    when the operator stepped back to a question the store had answered."""

    DEFAULT_CSS = """
    QuestionView {
        height: auto;
        padding: 1 1 0 1;
    }
    """

    def show(self, result: Walk, t, lang: str) -> None:
        node = result.question
        parts: list = [phrased(Text(text(node.text, lang), style="bold"))]
        if node.help:
            parts.append(phrased(Text(text(node.help, lang), style="italic")))
        parts.append(Text(""))
        for key, choice in enumerate(node.choices, 1):
            line = Text(f" {key} ", style="reverse bold")
            line.append(" ")
            line.append(text(choice.label, lang))
            if result.suggestion is not None and result.suggestion.answer == choice.id:
                line.append(f"  ← {t('triage-screen.store-says')}", style="cyan")
            parts.append(line)
        if result.suggestion is not None:
            parts.append(Text(""))
            parts.append(safe(result.suggestion.text(lang), "cyan"))
        self.update(Group(*parts))


class ConclusionView(Static):
    """Cause, remedy, recommended actions (numbered: ``1``–``9`` open them) and the
    guidance text for the member."""

    DEFAULT_CSS = """
    ConclusionView {
        height: auto;
        padding: 1 1 0 1;
    }
    """

    def show(self, result: Walk, t, lang: str, guidance_lang: str) -> None:
        node = result.conclusion
        parts: list = [
            Text.assemble((t("triage.cause") + ": ", "bold"), (t(f"cause.{node.cause}"), "bold green")),
            Text(""),
            Text(t("triage.remedy"), style="bold"),
            phrased(Text(text(node.remedy, lang))),  # Japanese breaks between phrases
            Text(""),
            Text(t("triage.actions"), style="bold"),
        ]
        if node.actions:  # numbered: the key opens that action's pane (triage screen)
            for key, action in enumerate(node.actions, 1):
                line = Text(f" {key} ", style="reverse bold") if key <= 9 else Text("   ")
                line.append(" ")
                line.append(t(f"action.{action}"))
                parts.append(line)
            parts.append(Text(t("triage-screen.actions-hint"), style="italic"))
        else:
            parts.append(Text(f" {t('triage-screen.no-actions')}", style="italic"))
        parts += [
            Text(""),
            Text(t("triage-screen.guidance", lang=t(f"lang.{guidance_lang}")), style="bold"),
            Padding(phrased(Text(text(node.guidance, guidance_lang))), (0, 2)),
        ]
        self.update(Group(*parts))
