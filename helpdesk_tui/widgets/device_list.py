"""Seed 003 「使用中のデバイス」: model, OS, MDM enrolment, last seen."""

from __future__ import annotations

from collections.abc import Callable

from helpdesk_tui.widgets.safe import cell
from helpdesk_tui.widgets.titled_table import TitledTable


class DeviceList(TitledTable):
    """Title line plus one table row per device, most recently seen first."""

    COLUMNS = (
        ("model", "devices.model", 16),
        ("os", "devices.os", 12),
        ("mdm", "devices.mdm", 8),
        ("last_seen", "devices.last-seen", 16),
        ("first_seen", "devices.first-seen", 16),
    )
    TIME_COLUMNS = ("last_seen", "first_seen")

    def show(self, devices: list[dict], t: Callable[..., str], when: Callable[[object], str]) -> None:
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
