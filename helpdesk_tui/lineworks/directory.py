"""Member operations of LINE WORKS API 2.0, returning our member records.

Source: LINE WORKS API 2.0 reference (developers.worksmobile.com/jp/reference/…), "Users"
(Directory API) — list users ``GET /users`` (user-list), get a user ``GET /users/{userId}``
(user-get), update part of a user ``PATCH /users/{userId}`` (user-update-partially; PATCH
replaces only the properties sent: developers.worksmobile.com/jp/docs/api-call "HTTP メソッド"),
``POST /users/{userId}/suspend`` (204), ``…/unsuspend`` (204), ``…/force-logout`` (202;
takes effect within 5 minutes), ``…/undelete`` (204; a deleted user, within 7 days of the
deletion) — "Bot" ``POST /bots/{botId}/users/{userId}/messages`` (bot-send-user-message,
scope ``bot.message``; developers.worksmobile.com/jp/docs/bot) — and "Audit"
``GET /audits/logs/download`` (scope ``audit.read``, 10 requests/min, one at a time, a CSV
behind a 302 redirect).

``{userId}`` may be the resource id, the login e-mail, or ``externalKey:{key}``; it is
percent-encoded as ONE path segment (``@`` → ``%40``, ``:`` → ``%3A``, spaces, non-ASCII).

The mapping of the API's User object to our member records is :mod:`.mapping`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from helpdesk_tui.lineworks.client import LineWorksClient
from helpdesk_tui.lineworks.errors import LineWorksError
from helpdesk_tui.lineworks.mapping import (  # noqa: F401  (re-exported: the mapping lives there)
    SUSPENDED_REASON_STATUS,
    DirectoryUser,
    _text,
    lang_of,
    member_status,
    to_directory_user,
    user_to_member,
)

__all__ = [
    "AUDIT_SERVICES",
    "MAX_PAGE_SIZE",
    "SUSPENDED_REASON_STATUS",
    "Directory",
    "DirectoryUser",
    "lang_of",
    "member_status",
    "to_directory_user",
    "user_path",
    "user_to_member",
]

MAX_PAGE_SIZE = 100  # GET /users: count is 1..100
# The service types of GET /audits/logs/download that matter to a helpdesk ("where useful";
# the API knows many more, any of which may be passed).
AUDIT_SERVICES = ("auth", "admin")
_AUDIT_ERROR_MARK = "downloadLogs error"


def user_path(user_id: str, *suffix: str) -> str:
    """``/users/{userId}[/suffix…]`` with ``user_id`` encoded as one path segment."""
    if not isinstance(user_id, str) or not user_id.strip():
        raise ValueError("a user id (resource id, login e-mail or externalKey:…) is required")
    path = "/users/" + quote(user_id.strip(), safe="")
    return "/".join((path, *suffix)) if suffix else path


# --------------------------------------------------------------------------- operations

class Directory:
    """The member operations, over a :class:`LineWorksClient`."""

    def __init__(self, client: LineWorksClient, *, page_size: int = MAX_PAGE_SIZE) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}")
        self.client = client
        self.page_size = page_size

    # reads ------------------------------------------------------------------

    def iter_users(self) -> Iterator[DirectoryUser]:
        """Every user of the configured domain, page by page (``count`` / ``cursor``)."""
        params: dict[str, Any] = {"domainId": self.client.config.domain_id, "count": self.page_size}
        seen: set[str] = set()
        while True:
            page = self.client.get_json("/users", params=params)
            if not isinstance(page, Mapping) or not isinstance(page.get("users", []), list):
                raise LineWorksError("the LINE WORKS API sent an unexpected user list (GET /users)")
            for user in page.get("users") or []:
                if isinstance(user, Mapping):
                    yield to_directory_user(user)
            meta = page.get("responseMetaData")
            cursor = _text(meta.get("nextCursor")) if isinstance(meta, Mapping) else None
            if not cursor:
                return
            if cursor in seen:
                raise LineWorksError("the LINE WORKS API repeated a page cursor (GET /users); stopped")
            seen.add(cursor)
            params = {**params, "cursor": cursor}

    def iter_members(self) -> Iterator[dict[str, Any]]:
        """:meth:`iter_users` as plain member dicts."""
        for user in self.iter_users():
            yield user.member

    def get_user(self, user_id: str) -> DirectoryUser:
        """One user by resource id, login e-mail or ``externalKey:…``; ApiNotFound if none."""
        user = self.client.get_json(user_path(user_id))
        if not isinstance(user, Mapping):
            raise LineWorksError(f"the LINE WORKS API sent an unexpected user (GET {user_path(user_id)})")
        return to_directory_user(user)

    # writes -----------------------------------------------------------------

    def update_recovery_contact(self, user_id: str, *, mobile: str | None = None,
                                email: str | None = None) -> None:
        """Set the recovery mobile and / or personal e-mail: ``PATCH /users/{userId}`` with
        ``{"cellPhone": mobile, "privateEmail": email}``, only the fields given (a field
        sent as null would be erased, so absent ones are not sent)."""
        body: dict[str, str] = {}
        if mobile is not None:
            if not mobile.strip():
                raise ValueError("mobile must not be blank")
            body["cellPhone"] = mobile.strip()
        if email is not None:
            if not email.strip():
                raise ValueError("email must not be blank")
            body["privateEmail"] = email.strip()
        if not body:
            raise ValueError("give mobile and/or email")
        self.client.request("PATCH", user_path(user_id), json=body)

    def suspend(self, user_id: str) -> None:
        """``POST /users/{userId}/suspend`` (204). The API refuses (400) for the top
        administrator and for a member who is not 使用中."""
        self.client.request("POST", user_path(user_id, "suspend"))

    def unsuspend(self, user_id: str) -> None:
        """``POST /users/{userId}/unsuspend`` (204)."""
        self.client.request("POST", user_path(user_id, "unsuspend"))

    def undelete(self, user_id: str) -> None:
        """``POST /users/{userId}/undelete`` (204): restore a deleted user; the API refuses
        (400) after the 7-day window or for a user who is not deleted."""
        self.client.request("POST", user_path(user_id, "undelete"))

    def send_bot_message(self, bot_id: str | int, user_id: str, text: str) -> None:
        """``POST /bots/{botId}/users/{userId}/messages`` (201): a text message from the
        bot to one user (scope ``bot.message``)."""
        if not str(bot_id).strip():
            raise ValueError("a bot id is required")
        path = "/bots/" + quote(str(bot_id).strip(), safe="") + user_path(user_id, "messages")
        self.client.request("POST", path, json={"content": {"type": "text", "text": text}})

    def force_logout(self, user_id: str) -> None:
        """``POST /users/{userId}/force-logout`` (202): every session ends within 5 minutes."""
        self.client.request("POST", user_path(user_id, "force-logout"))

    # audit ------------------------------------------------------------------

    def audit_logs(self, service: str, start: datetime, end: datetime) -> list[dict[str, str]]:
        """Audit rows of ``service`` (``"auth"`` = logins, ``"admin"`` = admin screen …)
        between ``start`` and ``end`` (timezone-aware), each a dict keyed by the CSV's own
        header. The columns differ per service and are not interpreted here."""
        for name, moment in (("start", start), ("end", end)):
            if not isinstance(moment, datetime) or moment.utcoffset() is None:
                raise ValueError(f"{name} must be a timezone-aware datetime")
        if end <= start:
            raise ValueError("end must be after start")
        if not isinstance(service, str) or not service.strip():
            raise ValueError("service is required (e.g. 'auth')")
        params = {
            "service": service.strip(),
            "startTime": start.isoformat(timespec="seconds"),
            "endTime": end.isoformat(timespec="seconds"),
        }
        data = self.client.download("/audits/logs/download", params=params)
        text = data.decode("utf-8-sig", errors="replace")
        if _AUDIT_ERROR_MARK in text:
            said = text.split(_AUDIT_ERROR_MARK, 1)[1].strip(" :\r\n")
            raise LineWorksError(f"the audit log download failed part-way: {said or 'no detail'}",
                                 operation="GET /audits/logs/download")
        rows = csv.DictReader(io.StringIO(text))
        return [{key: value for key, value in row.items() if key is not None} for row in rows]
