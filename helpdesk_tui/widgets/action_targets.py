"""What a device or session action works on: the member's devices (MDM flag shown,
devices without the MDM profile dimmed and marked: seed 003 offers remote wipe and
reset only with it) and the member's connected sessions (environment, country, IP,
started).

``enter`` on a row asks the screen to run the action (``TargetTable.Run``); a mouse
click only moves the cursor, so nothing destructive happens on a click.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from helpdesk_tui.text.wording import environment
from helpdesk_tui.widgets.keyed_table import KeyedTable
from helpdesk_tui.widgets.safe import cell


class TargetTable(KeyedTable):
    DEFAULT_CSS = """
    TargetTable {
        height: auto;
        max-height: 7;
        margin: 0 1;
    }
    """

    class Run(Message):
        """Enter on a row: run the action on it."""

    def action_select_cursor(self) -> None:  # enter (a click does not come here)
        if self.row_count:
            self.post_message(self.Run())


class TargetPane(Vertical):
    """A bold title line over the device or session table of an action."""

    DEFAULT_CSS = """
    TargetPane {
        height: auto;
        margin-top: 1;
    }
    TargetPane > Static {
        padding: 0 1;
        text-style: bold;
    }
    """

    def __init__(self, target: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.target = target  # "device" or "session"

    def compose(self) -> ComposeResult:
        yield Static()
        yield DeviceTable(id="targets") if self.target == "device" else SessionTable(id="targets")

    @property
    def table(self) -> DeviceTable | SessionTable:
        return self.query_one(TargetTable)

    def show(self, devices: list[dict], sessions, t: Callable[..., str], when: Callable[[object], str]) -> None:
        table = self.table
        table.show(devices if isinstance(table, DeviceTable) else sessions, t, when)
        self.relabel(t)

    def relabel(self, t: Callable[..., str]) -> None:
        key = "action-pane.devices" if self.target == "device" else "action-pane.sessions"
        self.query_one(Static).update(Text(t(key if self.table.row_count else f"{key}-empty")))


class DeviceTable(TargetTable):
    COLUMNS = (
        ("model", "devices.model", 14),
        ("os", "devices.os", 12),
        ("mdm", "devices.mdm", 8),
        ("device", "action-pane.field.device-id", 16),
        ("last_seen", "devices.last-seen", 16),
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.devices: dict[str, dict] = {}

    def show(self, devices: list[dict], t: Callable[..., str], when: Callable[[object], str]) -> None:
        previous = self.current_key
        self.set_labels(t)
        self.clear()
        self.devices = {str(d.get("device_id")): d for d in devices}
        # MDM-registered devices first: those are the ones the action can reach.
        ordered = sorted(devices, key=lambda d: not d.get("mdm_registered"))
        for device in ordered:
            enrolled = bool(device.get("mdm_registered"))
            dim = "" if enrolled else "dim"
            self.add_row(
                cell(device.get("model"), dim), cell(device.get("os"), dim),
                cell(t("devices.mdm-yes" if enrolled else "devices.mdm-no"), "bold green" if enrolled else "dim"),
                cell(device.get("device_id"), dim), cell(when(device.get("last_seen")), dim),
                key=str(device.get("device_id")),
            )
        self.keep_cursor_on(previous)

    @property
    def current(self) -> dict | None:
        key = self.current_key
        return self.devices.get(key) if key is not None else None


class SessionTable(TargetTable):
    COLUMNS = (
        ("at", "history.at", 16),
        ("environment", "history.environment", 22),
        ("country", "action-pane.col.country", 7),
        ("ip", "action-pane.col.ip", 20),
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sessions: dict[str, object] = {}

    def show(self, sessions, t: Callable[..., str], when: Callable[[object], str]) -> None:
        """Only the connected sessions: the ended ones cannot be disconnected."""
        previous = self.current_key
        self.set_labels(t)
        self.clear()
        connected = [row for row in sessions if row.connected]
        self.sessions = {row.session_id: row for row in connected}
        for row in connected:
            self.add_row(cell(when(row.started_at), "bold"), cell(environment(row.environment, t)), cell(row.country),
                         cell(row.ip), key=row.session_id)
        self.keep_cursor_on(previous)
