"""Seed 003 「使用中のデバイス」: model, OS, MDM enrolment, last seen; ``enter`` on a row
opens the device screen (vendor ID, serial, apps, wipe state: screens/device.py)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.widgets import DataTable

from helpdesk_tui.widgets.safe import cell
from helpdesk_tui.widgets.titled_table import TitledTable


class DeviceList(TitledTable):
    """Title line plus one table row per device, most recently seen first."""

    _devices: dict[str, dict] = {}

    COLUMNS = (
        ("model", "devices.model", 16),
        ("os", "devices.os", 12),
        ("mdm", "devices.mdm", 8),
        ("last_seen", "devices.last-seen", 16),
        ("first_seen", "devices.first-seen", 16),
    )
    TIME_COLUMNS = ("last_seen", "first_seen")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        device = self._devices.get(str(event.row_key.value))
        if device is not None and device.get("member_id"):
            self.app.open_device(device["member_id"], str(device.get("device_id")))

    def show(self, devices: list[dict], t: Callable[..., str], when: Callable[[object], str]) -> None:
        self._devices = {str(d.get("device_id")): d for d in devices}
        title = t("devices.title", count=len(devices)) if devices else t("devices.empty")

        def row(number: int, device: dict):
            enrolled = bool(device.get("mdm_registered"))
            return (
                str(device.get("device_id") or number),
                [
                    cell(device.get("model")),
                    cell(device.get("os")),
                    cell(t("devices.mdm-yes" if enrolled else "devices.mdm-no"),
                         "green" if enrolled else "dim"),
                    cell(when(device.get("last_seen"))),
                    cell(when(device.get("first_seen"))),
                ],
            )

        self.fill(title, (row(number, device) for number, device in enumerate(devices)), t)
