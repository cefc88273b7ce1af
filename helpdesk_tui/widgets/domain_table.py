"""The tenant's domains: name (Unicode and punycode), state, and what to keep in mind."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widgets import DataTable

from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.widgets.safe import cell, label

STATE_STYLES = {"primary": "bold green", "in-use": "green", "verified": "cyan",
                "pending": "yellow", "failed": "bold red"}


class DomainTable(DataTable):
    """Rows keyed by the ASCII name; :meth:`show` replaces them, keeping the cursor."""

    DEFAULT_CSS = """
    DomainTable {
        height: auto;
        max-height: 8;
        scrollbar-size-vertical: 1;
    }
    """

    COLUMNS = (
        ("name", "domains.col.name", 27),
        ("state", "domains.col.state", 23),
        ("note", "domains.col.note", 22),
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.views: list = []

    def show(self, views: Sequence, t: Callable[..., str], lang: str) -> None:
        keep = self.selected_name
        self.views = list(views)
        self.clear(columns=True)
        for key, label_key, width in self.COLUMNS:
            self.add_column(label(t(label_key), "bold"), width=width, key=key)
        for view in self.views:
            state = t(f"domains.state.{view.state}")
            self.add_row(cell(view.display()), cell(state, STATE_STYLES.get(view.state, "")),
                         cell(note(view, t, lang)), key=view.name)
        self.select(keep)

    def select(self, name: str | None) -> None:
        names = [v.name for v in self.views]
        if name in names:
            self.move_cursor(row=names.index(name))

    @property
    def selected_name(self) -> str | None:
        view = self.selected
        return view.name if view is not None else None

    @property
    def selected(self):
        if not self.views or self.cursor_row is None or not 0 <= self.cursor_row < len(self.views):
            return None
        return self.views[self.cursor_row]


def note(view, t: Callable[..., str], lang: str) -> str:
    notes = []
    if view.provided:
        notes.append(t("domains.note.provided"))
    if view.settles_by:
        notes.append(t("domains.note.settles_by", until=format_datetime(view.settles_by, lang)))
    if view.locked_until:
        notes.append(t("domains.note.locked", until=format_datetime(view.locked_until, lang)))
    return "; ".join(notes)
