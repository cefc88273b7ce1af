"""A SecurityView as label / value facts (seed 003 「メンバーのセキュリティ情報」).

Pure formatting: catalogue labels for the words, ``safe()`` for member data. Used by the
summary and login-info panes of the member screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text

from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.text.wording import environment
from helpdesk_tui.members import recovery_mobile_notes, security
from helpdesk_tui.phone import PhoneInfo, national
from helpdesk_tui.widgets.fact_list import Fact
from helpdesk_tui.widgets.safe import joined, safe

Translate = Callable[..., str]

ALERT = "bold red"
WARN = "bold yellow"
OK = "green"
NOTE_STYLES = {security.ALERT: ALERT, security.WARN: WARN, security.OK: OK}
NOTE = "italic"

STATUS_STYLES = {
    "active": "bold green",
    "pending": "bold yellow",
    "away": "bold yellow",
    "deleted": ALERT,
    "suspended-admin": ALERT,
    "suspended-login-failure": ALERT,
}


class Formatter:
    """Turns one SecurityView into facts in one language and time zone."""

    def __init__(self, view, t: Translate, lang: str, now: datetime) -> None:
        self.view = view
        self.t = t
        self.lang = lang
        self.now = now
        self.tz: tzinfo | None = now.tzinfo

    def when(self, moment: datetime | str | None) -> str:
        """In the tenant's zone, named when the operator's zone differs."""
        return format_datetime(moment, self.lang)

    def cell_when(self, moment: datetime | str | None) -> str:
        """For a table cell: the column header names the zone."""
        return format_datetime(moment, self.lang, zone_mark=False)

    def ago(self, moment: datetime | None) -> str:
        if moment is None:
            return self.t("security.never-changed")
        days = max(0, (self.now - moment).days)
        return self.t("security.days-ago", date=self.when(moment), days=days)

    # -- profile -------------------------------------------------------------------
    def heading(self) -> Text:
        member = self.view.member
        parts: list[Text | str] = [safe(member.get("name"), "bold")]
        if member.get("kana"):
            parts.append(safe(member.get("kana"), "italic"))
        if self.view.is_top_admin:
            parts.append(Text(f" {self.t('badge.top-admin')} ", style="bold reverse magenta"))
        elif self.view.is_admin:
            parts.append(Text(f" {self.t('badge.admin')} ", style="bold reverse blue"))
        status = self.view.status
        parts.append(Text(f" {self.t(f'status.{status}')} ", style=f"reverse {STATUS_STYLES.get(status, 'bold')}"))
        if self.view.app_access_blocked:
            parts.append(Text(f" {self.t('flag.app-access-blocked')} ", style=f"reverse {ALERT}"))
        return joined(parts)

    def profile(self) -> list[Fact]:
        member, t = self.view.member, self.t
        organisation = joined(
            [safe(member.get(key)) for key in ("department", "rank", "position")], " / "
        )
        phones = joined(
            [safe(national(member.get("phone"))), safe(national(member.get("mobile")))], " / "
        )
        facts: list[Fact] = [
            (t("field.id"), safe(member.get("id"))),
            (t("field.email"), safe(member.get("email")) or Text(t("value.none"))),
            (t("field.organisation"), organisation or Text(t("value.none"))),
            (t("field.workplace"), safe(member.get("workplace")) or Text(t("value.none"))),
            (t("field.phones"), phones or Text(t("value.none"))),
        ]
        return facts

    # -- security --------------------------------------------------------------------
    def status_lines(self) -> list[Text]:
        view, t = self.view, self.t
        lines = [
            Text(t(f"status.{view.status}"), style=STATUS_STYLES.get(view.status, "bold")),
            Text(t(f"status-help.{view.status}"), style=NOTE),
        ]
        if (view.member.get("mirror") or {}).get("awaiting"):  # the API's isAwaiting, its own flag
            lines.append(Text(t("live.awaiting"), style=WARN))
        if view.status == "deleted":
            if view.deleted_at is not None:
                lines.append(Text(f"{t('field.deleted-at')}: {self.when(view.deleted_at)}"))
            if view.restorable_until is not None:
                key = "security.restorable-until" if view.restorable else "security.restore-expired"
                lines.append(
                    Text(t(key, date=self.when(view.restorable_until)), style=WARN if view.restorable else ALERT)
                )
        return lines

    def app_access(self) -> list[Text]:
        if self.view.app_access_blocked:
            return [
                Text(self.t("flag.app-access-blocked"), style=ALERT),
                Text(self.t("security.app-blocked"), style=NOTE),
            ]
        return [Text(self.t("security.app-not-blocked"))]

    def last_access(self) -> Text:
        access = self.view.last_access
        if not access:
            return Text(self.t("security.never-accessed"), style=NOTE)
        location = joined([safe(access.get("country")), safe(access.get("ip"))], " ")
        return joined(
            [Text(self.when(access.get("at"))), safe(environment(access.get("environment"), self.t)),
             location], " · "
        )

    def password(self) -> list[Text]:
        lines = [Text(self.ago(self.view.password_changed_at))]
        if self.view.password_change_requested:
            lines.append(Text(self.t("security.password-change-requested"), style=WARN))
        if self.view.member.get("must_change_password"):
            lines.append(Text(self.t("security.must-change-password"), style=WARN))
        return lines

    def recovery_mobile(self) -> list[Text]:
        view, t = self.view, self.t
        if not view.recovery_mobile:
            return [Text(t("value.not-registered"), style=NOTE)]
        info: PhoneInfo | None = view.recovery_mobile_info
        lines = [safe(national(view.recovery_mobile))]
        if info is not None and info.problems:  # the format problem is in what was typed
            lines.append(safe(t("display.phone.as-entered", raw=view.recovery_mobile), NOTE))
        for severity, sentence in recovery_mobile_notes(info, t):
            lines.append(Text(sentence, style=NOTE_STYLES[severity]))
        return lines

    def recovery_email(self) -> Text:
        if not self.view.recovery_email:
            return Text(self.t("value.not-registered"), style=NOTE)
        return safe(self.view.recovery_email)

    def line_login(self) -> Text:
        if self.view.line_linked:
            return Text(self.t("line.linked"), style="bold")
        return Text(self.t("line.not-linked"))

    def initial_id(self) -> Text:
        if self.view.initial_id_changed:
            return Text(self.t("initial-id.changed"))
        if self.view.initial_id:
            return Text(self.t("initial-id.yes"), style=WARN)
        return Text(self.t("initial-id.no"))

    def security(self) -> list[Fact]:
        t = self.t
        facts: list[Fact] = [
            (t("field.status"), self.status_lines()),
            (t("field.app-access"), self.app_access()),
            (t("field.last-access"), self.last_access()),
            (t("field.password-changed"), self.password()),
        ]
        return facts

    def recovery(self) -> list[Fact]:
        t = self.t
        facts: list[Fact] = []
        if not self.view.has_recovery_contact:
            facts.append(("", Text(t("recovery.none"), style=ALERT)))
        facts += [
            (t("field.recovery-mobile"), self.recovery_mobile()),
            (t("field.recovery-email"), self.recovery_email()),
            (t("field.line-login"), self.line_login()),
        ]
        return facts

    def login_info(self) -> list[Fact]:
        t = self.t
        return [
            (t("login.id"), safe(self.view.member.get("login_id") or self.view.member.get("id"))),
            (t("field.password"), self.password()),
            (t("field.line-login"), self.line_login()),
            (t("field.initial-id"), self.initial_id()),
        ]
