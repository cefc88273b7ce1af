"""One device of a member (seed 003 「使用中のデバイス」), everything the admin screen
shows: model, OS, device ID, vendor ID, serial, the apps with their versions, MDM
enrolment, the wipe / factory-reset state, first and last seen.

Opened with ``enter`` on a row of the member's device pane. ``w`` / ``f`` open the wipe
or factory-reset pane for this device (MDM-enrolled devices only, as seed 003 offers
them); the pane states its consequences and checks before anything runs. The screen
re-reads the device when the store changes (after a wipe, the state line says so).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen

from helpdesk_tui import clock
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.safe_text import visible
from helpdesk_tui.widgets.banner import Banner
from helpdesk_tui.widgets.fact_list import FactList
from helpdesk_tui.widgets.key_footer import KeyFooter
from helpdesk_tui.widgets.safe import cell, safe
from helpdesk_tui.widgets.title_bar import TitleBar
from helpdesk_tui.screens.base import HelpdeskScreenMixin

MDM_ACTIONS = {"wipe": "wipe-app-data", "reset": "factory-reset-device"}


class DeviceScreen(HelpdeskScreenMixin, Screen):
    DEFAULT_CSS = """
    DeviceScreen #device-body {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("w", "act('wipe')", "key.device-wipe", id="device-wipe"),
        Binding("f", "act('reset')", "key.device-reset", id="device-reset"),
    ]

    class Loaded(Message):
        def __init__(self, member: dict | None, device: dict | None, now, error: str | None = None) -> None:
            super().__init__()
            self.member, self.device, self.now, self.error = member, device, now, error

    def __init__(self, member_id: str, device_id: str, ticket: str | None = None) -> None:
        super().__init__()
        self.member_id, self.device_id, self.ticket = member_id, device_id, ticket
        self.member: dict | None = None
        self.device: dict | None = None
        self.now = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Banner(id="banner")
        with VerticalScroll(id="device-body"):
            yield FactList(id="device-facts")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())
        self.query_one("#device-body").focus()
        self.relabel()
        self.load()

    @work(thread=True, exclusive=True, group="device-load")
    def load(self) -> None:
        store, now = self.helpdesk.store, clock.now()
        try:
            member = store.get_member(self.member_id)
            device = next((d for d in store.devices_for(self.member_id) if d.get("device_id") == self.device_id),
                          None)
        except Exception as problem:  # a damaged store file: say so, stay usable
            self.post_message(self.Loaded(None, None, now, error=visible(str(problem))))
            return
        self.post_message(self.Loaded(member, device, now))

    def on_device_screen_loaded(self, message: Loaded) -> None:
        self.member, self.device, self.now, self.error = message.member, message.device, message.now, message.error
        self.relabel()
        self.refresh_bindings()

    def store_changed(self) -> None:
        self.load()

    def index_changed(self) -> None:
        self.query_one(Banner).show(self.helpdesk.banner_text())

    # -- rendering ------------------------------------------------------------------------
    def when(self, moment) -> str:
        return format_datetime(moment, self.helpdesk.lang)

    def relabel(self) -> None:
        app, t = self.helpdesk, self.helpdesk.t
        left = Text(t("console.device.title"))
        left.append(" · ")
        left.append_text(safe((self.device or {}).get("model") or self.device_id, max_length=30))
        if self.member and self.member.get("name"):
            left.append(" · ")
            left.append_text(safe(self.member["name"], max_length=30))
        self.query_one(TitleBar).show(left, app.operator_label())
        facts = self.query_one("#device-facts", FactList)
        if self.device is None:
            key = "console.device.loading" if self.now is None else "console.device.not-found"
            text = self.error or t(key, device=visible(self.device_id))
            facts.show([(t("console.device.id"), safe(self.device_id)), ("", Text(text, style="italic"))])
            return
        facts.show(self._facts(self.device))

    def _facts(self, device: dict) -> list:
        t = self.helpdesk.t
        unknown = Text(t("console.device.unknown"), style="dim")

        def value(field: str) -> Text:
            return safe(device.get(field)) if device.get(field) else unknown

        enrolled = bool(device.get("mdm_registered"))
        mdm = Text(t("console.device.mdm-yes" if enrolled else "console.device.mdm-no"),
                   style="bold green" if enrolled else "yellow")
        apps = [cell(f"{visible(a.get('name'))}  {visible(a.get('version') or '—')}")
                for a in device.get("apps") or []] or [Text(t("console.device.no-apps"), style="dim")]
        return [
            (t("console.device.model"), value("model")),
            (t("console.device.os"), value("os")),
            (t("console.device.id"), safe(device.get("device_id"))),
            (t("console.device.vendor-id"), value("vendor_id")),
            (t("console.device.serial"), value("serial")),
            (t("console.device.mdm"), mdm),
            (t("console.device.apps"), apps),
            (t("console.device.wiped"), self._moment(device.get("app_data_wiped_at"))),
            (t("console.device.reset"), self._moment(device.get("factory_reset_at"))),
            (t("console.device.first-seen"), self._moment(device.get("first_seen"), "console.device.unknown")),
            (t("console.device.last-seen"), self._moment(device.get("last_seen"), "console.device.unknown")),
        ]

    def _moment(self, moment, missing: str = "console.device.never") -> Text:
        if not moment:
            return Text(self.helpdesk.t(missing), style="dim")
        return Text(self.when(moment), style="bold" if missing == "console.device.never" else "")

    # -- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act":  # seed 003: remote wipe / reset only with the MDM profile
            return bool(self.device and self.device.get("mdm_registered"))
        return True

    def action_act(self, which: str) -> None:
        if self.device is not None and self.device.get("mdm_registered"):
            self.helpdesk.open_action(self.member_id, MDM_ACTIONS[which], self.ticket, device=self.device_id)

    def action_back(self) -> None:
        self.dismiss()
