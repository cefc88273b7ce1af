"""The summary and login-info panes of the member screen (seed 003)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from helpdesk_tui.widgets.fact_list import FactList
from helpdesk_tui.widgets.security_facts import Formatter


class SecuritySummary(VerticalScroll):
    """Profile, status, app access, last access, password, recovery contacts, LINE login."""

    DEFAULT_CSS = """
    SecuritySummary {
        height: 1fr;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    SecuritySummary > #heading {
        padding: 0 1;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="heading")
        yield FactList(id="security")
        yield FactList(id="recovery")
        yield FactList(id="profile", classes="-flush")

    def show(self, fmt: Formatter) -> None:
        t = fmt.t
        self.query_one("#heading", Static).update(fmt.heading())
        self.query_one("#security", FactList).show(fmt.security(), title=t("section.security"))
        self.query_one("#recovery", FactList).show(fmt.recovery(), title=t("section.recovery"))
        self.query_one("#profile", FactList).show(fmt.profile(), title=t("section.profile"))

    def show_message(self, message: Text) -> None:
        self.query_one("#heading", Static).update(message)


class LoginInfo(VerticalScroll):
    """ID, password age and change request, LINE login, initial-ID state."""

    DEFAULT_CSS = """
    LoginInfo {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield FactList(id="login", classes="-flush")

    def show(self, fmt: Formatter) -> None:
        self.query_one("#login", FactList).show(fmt.login_info(), title=fmt.t("tab.login"))
