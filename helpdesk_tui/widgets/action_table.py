"""The action menu's rows: number key, action (recommended ones marked), kind, and
whether it would run now (ready, or the refusal reason in a few words)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.binding import Binding

from helpdesk_tui.actions import SPECS, Preflight
from helpdesk_tui.tickets.timeline import reason_label
from helpdesk_tui.widgets.keyed_table import KeyedTable
from helpdesk_tui.widgets.safe import cell

# Problems that only say "choose a target" in a dry run: the menu says what is missing.
TARGET_CODES = {"needs-device", "needs-session", "needs-new-id", "needs-contact"}


def availability(pre: Preflight | None, t: Callable[..., str], catalogue, note: str | None = None) -> Text:
    """``✓ ready`` / ``✗ caller not verified`` / ``checking…``."""
    if pre is None:
        return cell(t("action-menu.checking"), "dim italic")
    if pre.ok:
        shown = Text.assemble(("✓ ", "bold green"), (t("action-menu.ready"), "green"))
    else:
        reason = note if note is not None else reason_label(pre.problem.code, catalogue)
        shown = Text.assemble(("✗ ", "bold red"), reason)
    shown.no_wrap, shown.overflow = True, "ellipsis"
    return shown


ROW_KEYS = "1234567890abcd"  # the menu's key for each row (screens/action_menu.py)


class ActionTable(KeyedTable):
    # enter selects the row (the menu opens its pane) and says so in the footer
    BINDINGS = [Binding("enter", "select_cursor", "key.action-open", id="action-menu-open")]

    COLUMNS = (
        ("number", "action-menu.col.number", 1),
        ("action", "action-menu.col.action", 28),
        ("kind", "action-menu.col.kind", 11),
        ("state", "action-menu.col.state", 26),
    )

    def show(self, actions: Sequence[str], recommended: set[str], checks: dict[str, Preflight],
             notes: dict[str, str], t: Callable[..., str], catalogue) -> None:
        previous = self.current_key
        self.set_labels(t)
        self.clear()
        for number, action in enumerate(actions, 1):
            spec = SPECS[action]
            mark = "* " if action in recommended else "  "
            self.add_row(
                cell(ROW_KEYS[number - 1] if number <= len(ROW_KEYS) else "", "bold"),
                cell(mark + t(f"action.{action}"), "bold" if action in recommended else ""),
                cell(t(f"action-menu.kind.{spec.kind}"), "yellow" if spec.kind == "protective" else ""),
                availability(checks.get(action), t, catalogue, notes.get(action)),
                key=action,
            )
        self.keep_cursor_on(previous)
