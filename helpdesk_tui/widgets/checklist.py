"""Seed 002's zero-loss checklist: one option per step, with its state, who marked it and
when, what it waits for, and the seed heading it comes from. Space or enter asks to
toggle the highlighted step (the screen decides, through ``mail.mark_step``). The seed file
itself is named once, under the list (``mail.checklist.source``)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.widgets.safe import safe


class MigrationChecklist(OptionList):
    DEFAULT_CSS = """
    MigrationChecklist {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("space", "toggle", "key.migration-toggle", id="migration-toggle"),
    ]

    class Toggle(Message):
        """The operator asked to flip ``step`` (currently ``done``)."""

        def __init__(self, step: str, done: bool) -> None:
            super().__init__()
            self.step, self.done = step, done

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.current = None

    def show(self, current, t: Callable[..., str], lang: str) -> None:
        self.current = current
        highlighted = self.highlighted
        self.clear_options()
        for number, step in enumerate(current.steps, 1):
            prompt = Text("[x] " if step.done else "[ ] ", style="bold green" if step.done else "bold")
            prompt.append(f"{number}. {t('mail.step.' + step.id)}", style="bold" if not step.done else "")
            if step.by:
                key = "mail.checklist.by" if step.done else "mail.checklist.undone_by"
                prompt.append("\n     ")
                prompt.append_text(safe(t(key, by=step.by, at=format_datetime(step.at, lang)), "dim"))
            if not step.done and step.waiting_for:
                waiting = ", ".join(t("mail.step." + s) for s in step.waiting_for)
                prompt.append("\n     " + t("mail.checklist.waiting", steps=waiting), style="yellow")
            if step.heading:
                prompt.append(f"\n     「{step.heading}」", style="italic dim")  # the seed's heading
            else:
                prompt.append("\n     " + t("mail.checklist.practice"), style="italic dim")
            self.add_option(Option(prompt, id=step.id))
        self.highlighted = highlighted if highlighted is not None else 0

    @property
    def step(self):
        if self.current is None or self.highlighted is None:
            return None
        return self.current.steps[self.highlighted]

    def action_toggle(self) -> None:
        if self.step is not None:
            self.post_message(self.Toggle(self.step.id, self.step.done))

    def action_select(self) -> None:
        """Enter toggles too (instead of posting OptionSelected)."""
        self.action_toggle()
