"""Download the blocked-member list (seed 003 「ブロックリストをダウンロードする」).

The operator names the file (prefilled ``~/blocked-members-YYYYMMDD.xlsx``; the format
follows the extension, .xlsx or .csv); enter writes it in a thread worker and the modal
shows how many members went to which file, or why nothing was written (an agent's
refusal, an existing file, a missing folder), always as literal text. After "already
exists", ctrl+o overwrites that file. Escape cancels; once written, enter or escape
closes and returns the :class:`~helpdesk_tui.exports.ExportResult`.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from helpdesk_tui import clock
from helpdesk_tui.exports import ExportError, ExportResult, export_blocked_members, format_for
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import safe
from helpdesk_tui.screens.base import HelpdeskScreenMixin


def default_path(directory: str | Path) -> str:
    """``DIR/blocked-members-YYYYMMDD.xlsx`` (today by the console's clock), with the
    home directory shown as ``~``."""
    name = f"blocked-members-{clock.now():%Y%m%d}.xlsx"
    folder = Path(directory).expanduser()
    try:
        relative = folder.absolute().relative_to(Path.home())
    except ValueError:
        return str(folder / name)
    return str(Path("~") / relative / name)


class PathInput(Input):
    """An Input that keeps "/" for itself. Textual asks a focused field whether it
    consumes a key by the key's character, and "slash" has none, so the app's priority
    "/" (focus search) would otherwise fire while a path is typed."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key == "slash" or super().check_consume_key(key, character)


class ExportBlockedModal(HelpdeskScreenMixin, ModalScreen[ExportResult | None]):
    """Returns the result once a file is written, or None when cancelled."""

    DEFAULT_CSS = """
    ExportBlockedModal {
        align: center middle;
    }
    ExportBlockedModal > #export-box {
        width: 76;
        max-width: 100%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    ExportBlockedModal #export-status {
        height: auto;
        min-height: 1;
    }
    ExportBlockedModal #export-status.-error {
        color: $error;
        text-style: bold;
    }
    ExportBlockedModal #export-status.-done {
        color: $success;
        text-style: bold;
    }
    ExportBlockedModal #export-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        # Priority: enter in the input writes (an Input would only post Submitted).
        Binding("enter", "write", "exports.key.write", id="export-blocked-write", priority=True),
        Binding("ctrl+o", "overwrite", "exports.key.overwrite", id="export-blocked-overwrite",
                priority=True),
        Binding("escape", "cancel", "key.modal-cancel", id="export-blocked-cancel"),
        Binding("enter", "close", "exports.key.close", id="export-blocked-close", priority=True),
        Binding("escape", "close", "exports.key.close", id="export-blocked-close-escape", show=False),
    ]

    class Written(Message):
        def __init__(self, result: ExportResult) -> None:
            super().__init__()
            self.result = result

    class Failed(Message):
        def __init__(self, text: str, code: str | None, path: Path | None) -> None:
            super().__init__()
            self.text, self.code, self.path = text, code, path

    def __init__(self, default_dir: str | Path = "~") -> None:
        super().__init__()
        self.initial = default_path(default_dir)
        self.busy = False
        self.result: ExportResult | None = None
        self.exists_path: Path | None = None  # "already exists": ctrl+o may overwrite it

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(id="export-prompt")
            yield PathInput(self.initial, id="export-path", max_length=1000)
            yield Static(id="export-status")
            yield Static(id="export-hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one(Input).focus()

    def relabel(self) -> None:
        t = self.helpdesk.t
        self.query_one("#export-box").border_title = Content(t("exports.modal.title"))
        self.query_one("#export-prompt", Static).update(Text(t("exports.modal.prompt")))
        self.query_one("#export-hint", Static).update(Text(t("exports.modal.hint")))

    # -- state -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        done = self.result is not None
        if action == "close":
            return done
        if action == "overwrite":
            return not done and not self.busy and self.exists_path is not None
        if action in ("write", "cancel"):
            return not done
        return True

    def _status(self, text: str, kind: str = "", hint: str = "") -> None:
        status = self.query_one("#export-status", Static)
        shown = safe(text, max_length=400)  # the path is typed text: never markup
        if hint:
            shown.append("\n" + hint, style="not bold")
        status.update(shown)
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "done", "-done")

    @on(Input.Changed, "#export-path")
    def _changed(self) -> None:
        if self.exists_path is not None:
            self.exists_path = None
            self.refresh_bindings()

    # -- writing -------------------------------------------------------------------------
    def action_write(self) -> None:
        self._start(overwrite=False)

    def action_overwrite(self) -> None:
        self._start(overwrite=True)

    def _start(self, *, overwrite: bool) -> None:
        if self.busy or self.result is not None:
            return
        t = self.helpdesk.t
        typed = self.query_one(Input).value.strip()
        if not typed:
            return
        path = Path(typed).expanduser()
        fmt = format_for(path)
        if fmt is None:
            self._status(t("exports.error.unknown-extension", path=typed), "error")
            return
        if self.helpdesk.store is None or self.helpdesk.operator is None:
            self._status(t("exports.error.no-store"), "error")
            return
        self.busy = True
        self.query_one(Input).disabled = True
        self._status(t("exports.modal.writing"))
        self.refresh_bindings()
        self.write_file(path, fmt, overwrite)

    @work(thread=True, exclusive=True, group="export-blocked")
    def write_file(self, path: Path, fmt: str, overwrite: bool) -> None:
        """Worker thread: the store read, the file and the audit entry."""
        app = self.helpdesk
        try:
            result = export_blocked_members(app.store, app.operator, fmt, path,
                                            overwrite=overwrite, lang=app.lang)
        except ExportError as problem:
            self.post_message(self.Failed(problem.message(app.lang), problem.code, path))
        except Exception as problem:  # a store or file-system failure: say it, stay open
            self.post_message(self.Failed(app.t("exports.error.failed", detail=problem), None, None))
        else:
            self.post_message(self.Written(result))

    @on(Written)
    def _written(self, message: Written) -> None:
        self.busy = False
        self.result = message.result
        self.query_one(Input).disabled = True  # written: enter / escape now close
        t = self.helpdesk.t
        self._status(t("exports.done", count=message.result.count, path=message.result.path), "done")
        self.query_one("#export-hint", Static).update(Text(t("exports.modal.done-hint")))
        self.refresh_bindings()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.busy = False
        field = self.query_one(Input)
        field.disabled = False
        field.focus()
        self.exists_path = message.path if message.code == "exists" else None
        hint = self.helpdesk.t("exports.modal.overwrite-hint") if self.exists_path else ""
        self._status(message.text, "error", hint)
        self.refresh_bindings()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(self.result)
