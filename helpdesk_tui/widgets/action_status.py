"""The status line under an action pane (and the bulk request): a hint, "running…",
what was done, or the domain's refusal sentence — always literal text, one ``Text``
line per sentence (the sentences quote what was typed and member data)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from helpdesk_tui.widgets.safe import safe

REFUSED = {"refused", "failed", "local"}
DONE = {"done", "verified"}


class ActionStatus(Static):
    DEFAULT_CSS = """
    ActionStatus {
        height: auto;
        max-height: 5;
        padding: 0 1;
        color: $text-muted;
    }
    ActionStatus.-refused {
        color: $error;
        text-style: bold;
    }
    ActionStatus.-done {
        color: $success;
        text-style: bold;
    }
    ActionStatus.-guided {
        max-height: 12;
        color: $warning;
    }
    """

    def say(self, kind: str, lines: Iterable[str]) -> None:
        """``kind``: refused / failed / local (what is missing) in the error colour,
        done / verified in the success colour, anything else muted."""
        self.update(Text("\n").join(safe(line, max_length=800) for line in lines))
        self.set_class(kind in REFUSED, "-refused")
        self.set_class(kind in DONE, "-done")
        self.set_class(kind == "guided", "-guided")


def outcome_lines(kind: str, value, *, action: str, sets_password: bool, ticket: str | None,
                  labels) -> list[str]:
    """The status sentences for an action pane's ``(kind, value)`` in ``labels``' language:
    done (value: the ActionResult, without its password), refused (the ActionError),
    failed (a text), verified, local (value: the catalogue key of what is missing),
    running, or the hint."""
    from helpdesk_tui.tickets.timeline import action_details

    t = labels.t
    if kind == "done" and getattr(value, "guided", False):  # LINE WORKS: the admin-screen steps
        return guided_lines(value, action=action, labels=labels)
    if kind == "done":
        details = action_details(value.details, labels, mask=False)
        lines = [t("action-pane.done", action=t(f"action.{action}"), details=f" — {details}" if details else ""),
                 t("action-pane.notified", count=value.notifications)]
        return lines + ([t("action-pane.password-shown")] if sets_password else [])
    if kind == "refused":
        return [value.message(labels.lang)]
    if kind == "failed":
        return [t("action-pane.failed", detail=value)]
    if kind == "verified":
        return [t("action-pane.verify-saved", ticket=ticket)]
    if kind == "local":
        return [t(value)]
    return [t("action-pane.running" if kind == "running" else "action-pane.hint")]


def guided_lines(value, *, action: str, labels) -> list[str]:
    """A guided result (the live directory has no such operation): what to do in the admin
    screen, as seed 003's numbered steps in ``labels``' language."""
    from helpdesk_tui.directory import guided

    heading = " / ".join(value.details.get("headings") or [])
    lines = [labels.t("action-pane.guided", action=labels.t(f"action.{action}"),
                      seed=value.details.get("seed"), heading=heading)]
    return lines + [f"{number}. {step}" for number, step in enumerate(guided.steps(action, labels.lang), 1)]
