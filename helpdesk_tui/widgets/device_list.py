"""Seed 003 「使用中のデバイス」: model, OS, MDM enrolment, last seen."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from helpdesk_tui.widgets.safe import cell, label


class DeviceList(Vertical):
    """Title line plus one table row per device, most recently seen first."""

    DEFAULT_CSS = """
    DeviceList {
        height: 1fr;
    }
    DeviceList > #devices-title {
        padding: 0 1;
        height: 1;
    }
    DeviceList > DataTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    COLUMNS = (
        ("model", "devices.model", 16),
        ("os", "devices.os", 12),
        ("mdm", "devices.mdm", 8),
        ("last_seen", "devices.last-seen", 16),
        ("first_seen", "devices.first-seen", 16),
    )

    def compose(self) -> ComposeResult:
        yield Static(id="devices-title")
        yield DataTable(id="devices-table", cursor_type="row")

    def show(self, devices: list[dict], t: Callable[..., str], when: Callable[[object], str]) -> None:
        title = t("devices.title", count=len(devices)) if devices else t("devices.empty")
        self.query_one("#devices-title", Static).update(Text(title, style="bold"))
        table = self.query_one("#devices-table", DataTable)
        table.clear(columns=True)
        for key, label_key, width in self.COLUMNS:
            table.add_column(label(t(label_key), "bold"), width=width, key=key)
        for number, device in enumerate(devices):
            enrolled = bool(device.get("mdm_registered"))
            table.add_row(
                cell(device.get("model")),
                cell(device.get("os")),
                cell(t("devices.mdm-yes" if enrolled else "devices.mdm-no"), "green" if enrolled else "dim"),
                cell(when(device.get("last_seen"))),
                cell(when(device.get("first_seen"))),
                key=str(device.get("device_id") or number),
            )
