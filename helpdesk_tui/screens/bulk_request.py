"""Seed 003 「ログイン情報の変更を要請する」 for many members at once.

Paste member IDs or e-mail addresses, one per line; a live preview (the domain's
``plan_bulk``, in a worker) says how many the request reaches, which are not found,
deleted or pending, administrators' accounts, or already asked. Being wide, it runs
only with the count typed back; ``ctrl+s`` sends it in a worker. The domain refuses the
whole request (and records the refusal) when anything is wrong; its sentence is shown
literally and nothing changes.
"""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from helpdesk_tui.actions import ActionError, plan_bulk, request_login_info_change
from helpdesk_tui.actions.bulk import ACTION
from helpdesk_tui.actions.catalog import SPECS
from helpdesk_tui.safe_text import visible
from helpdesk_tui.seeds import title as seed_title
from helpdesk_tui.text.linebreak import phrased
from helpdesk_tui.widgets.action_status import ActionStatus
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin


PREVIEW_DELAY = 0.25  # seconds of quiet typing before the preview is recomputed
SHOWN_IDS = 5  # ids listed per preview line


def listed(ids: list[str]) -> str:
    shown = ", ".join(visible(i, max_length=60) for i in ids[:SHOWN_IDS])
    return shown + (f", … (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else "")


class BulkRequestScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    BulkRequestScreen #bulk-body {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    BulkRequestScreen #bulk-ids {
        height: 6;
        background: $boost;
    }
    BulkRequestScreen .bulk-label {
        text-style: bold;
    }
    BulkRequestScreen #bulk-confirm {
        background: $boost;
        width: 24;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+s", "send", "key.bulk-send", id="bulk-send", priority=True),
    ]

    class Planned(Message):
        def __init__(self, ids: list[str], plan) -> None:
            super().__init__()
            self.ids, self.plan = ids, plan

    class Finished(Message):
        """``kind`` done (value: the plan after) / refused (the ActionError) / failed (text)."""

        def __init__(self, kind: str, value) -> None:
            super().__init__()
            self.kind, self.value = kind, value

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.plan = None
        self.busy = False
        self.outcome: tuple[str, object] = ("hint", None)
        self._timer = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        with VerticalScroll(id="bulk-body"):
            yield Static(id="bulk-about")
            yield Static(id="bulk-paste-label", classes="bulk-label")
            yield TextArea(id="bulk-ids", soft_wrap=False, show_line_numbers=False, compact=True)
            yield Static(id="bulk-preview")
            yield Static(id="bulk-confirm-label", classes="bulk-label")
            yield Input(id="bulk-confirm", max_length=10, restrict=r"[0-9０-９]*", compact=True)
        yield ActionStatus(id="bulk-status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.query_one(TextArea).focus()
        self.relabel()

    # -- the preview -------------------------------------------------------------------
    def resolve(self) -> list[str]:
        """The pasted lines as member ids (an e-mail found in the index → its member's id;
        anything else stays as typed, and the preview lists it as not found)."""
        index = self.helpdesk.index
        ids = []
        for line in self.query_one(TextArea).text.splitlines():
            line = line.strip().strip(",;")
            if not line:
                continue
            record = index.get(line) if index is not None else None
            ids.append(str(record["id"]) if record else line)
        return list(dict.fromkeys(ids))

    @on(TextArea.Changed, "#bulk-ids")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, self._preview)

    def _preview(self) -> None:
        self._plan(self.resolve())

    @work(thread=True, exclusive=True, group="bulk-plan")
    def _plan(self, ids: list[str]) -> None:
        try:
            plan = plan_bulk(self.helpdesk.store, ids) if ids else None
        except Exception as problem:  # a damaged store file
            self.post_message(self.Finished("failed", visible(str(problem))))
            return
        self.post_message(self.Planned(ids, plan))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        if message.ids == self.resolve():  # not an older preview overtaken by typing
            self.ids, self.plan = message.ids, message.plan
            self.relabel()

    # -- rendering ----------------------------------------------------------------------
    def relabel(self) -> None:
        app, t = self.helpdesk, self.helpdesk.t
        self.query_one(TitleBar).show(Text(t("bulk.title")), app.operator_label())
        spec = SPECS[ACTION]
        self.query_one("#bulk-about", Static).update(phrased(Text.assemble(  # Japanese: by phrase
            (t(f"actions.consequence.{ACTION}"), "bold yellow"), "\n",
            (t("action-pane.source", title=seed_title(spec.seed), heading=spec.heading), "italic"))))
        self.query_one("#bulk-paste-label", Static).update(Text(t("bulk.paste-label")))
        self.query_one("#bulk-preview", Static).update(self._preview_text())
        count = self.plan.count if self.plan is not None else 0
        self.query_one("#bulk-confirm-label", Static).update(Text(t("bulk.confirm-label", count=count)))
        self.query_one("#bulk-confirm", Input).placeholder = t("bulk.confirm-placeholder")
        self._status()

    def _preview_text(self) -> Text:
        t, plan = self.helpdesk.t, self.plan
        if plan is None:
            return Text(t("bulk.preview.empty"), style="italic")
        lines = [Text(t("bulk.preview.count", count=plan.count), style="bold")]
        for key, ids, style in (("missing", plan.missing, "red"), ("unusable", plan.unusable, "red"),
                                ("admins", plan.admins, "yellow"), ("already", plan.already, "dim")):
            if ids:
                lines.append(safe(t(f"bulk.preview.{key}", count=len(ids), members=listed(ids)), style,
                                  max_length=800))
        return Text("\n").join(lines)

    def _status(self) -> None:
        t, (kind, value) = self.helpdesk.t, self.outcome
        if kind == "done":
            line = t("bulk.done", count=value)
        elif kind == "refused":
            line = value.message(self.helpdesk.lang)
        elif kind == "failed":
            line = t("bulk.failed", detail=value)
        else:
            line = t("bulk.running" if kind == "running" else "bulk.hint")
        self.query_one(ActionStatus).say(kind, [line])

    # -- sending ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return None if self.busy or self.helpdesk.read_only else True
        return True

    def action_send(self) -> None:
        if self.busy:
            return
        ids = self.resolve()
        typed = unicodedata.normalize("NFKC", self.query_one("#bulk-confirm", Input).value).strip()
        self.busy = True
        self.outcome = ("running", None)
        self._status()
        self.refresh_bindings()
        self._send(ids, typed or None)

    @work(thread=True, exclusive=True, group="bulk-send")
    def _send(self, ids: list[str], confirm: str | None) -> None:
        app = self.helpdesk
        try:
            request_login_info_change(app.store, app.operator, ids, confirm=confirm)
        except ActionError as problem:  # the domain recorded the refusal
            self.post_message(self.Finished("refused", problem))
        except Exception as problem:  # a store failure
            self.post_message(self.Finished("failed", visible(str(problem))))
        else:
            self.post_message(self.Finished("done", len(ids)))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.busy = False
        self.outcome = (message.kind, message.value)
        self.refresh_bindings()
        if message.kind == "done":
            self.query_one("#bulk-confirm", Input).value = ""
            self._preview()
            for screen in self.app.screen_stack:
                if screen is not self and hasattr(screen, "store_changed"):
                    screen.store_changed()
        self._status()

    def action_back(self) -> None:
        self.dismiss()
