"""Where the members' truth lives: the local store (TinyDB) or LINE WORKS API 2.0.

Every screen and command reads members from the local store. With the TinyDB backend
the store IS the directory (demo tenants, training). With the LINE WORKS backend the
store's member table is a mirror of the vendor directory:

* ``sync(store)`` pulls every user (``Directory.iter_users``) into the mirror in one
  transaction. The keys the API owns (:data:`API_KEYS`) are replaced, absent ones cleared;
  the others are kept: what the API does not know (``is_top_admin``, ``app_access_blocked``,
  ``line_linked`` …) and what the actions write locally (``login_id``,
  ``temp_password_hash``, ``must_change_password``). Members the API no longer lists are
  left in the mirror (tickets refer to them).
* ``apply(action, member, params)`` is the write of :func:`helpdesk_tui.actions.run_action`:
  "local" (the effect's change is the change: TinyDB), "api" (the API call was made and
  ``member`` is the user as the API now has it, for the mirror), or "guided" (the API
  has no such operation: the admin-screen steps of seed 003, nothing changed anywhere).
  A failed API call raises :class:`~helpdesk_tui.actions.ActionFailed` (outcome "failed",
  or "unknown" for a write that may have been applied: ``WriteOutcomeUnknown``).
* ``waives(action, code)``: a local refusal that does not hold for the live directory
  (force-logout with no connected session in the mirror: the API knows sessions we do not).

No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpdesk_tui.directory import guided

TINYDB, LINEWORKS = "tinydb", "lineworks"
NAMES = (TINYDB, LINEWORKS)
LOCAL, API, GUIDED = "local", "api", "guided"

# The member keys the API's User object maps to (lineworks/directory.py, user_to_member).
API_KEYS = ("id", "name", "kana", "email", "status", "is_admin", "department", "position", "rank",
            "workplace", "phone", "mobile", "recovery_mobile", "recovery_email")
# The actions LINE WORKS API 2.0 offers (PRODUCT "Live tenants"); the others are guided.
API_ACTIONS = ("suspend", "unsuspend", "force-logout", "update-recovery-contact")


@dataclass(frozen=True)
class Applied:
    """What :meth:`DirectoryBackend.apply` did (see the module doc)."""

    kind: str
    member: dict | None = None  # "api": the fresh member record for the mirror (None: not re-read)
    steps: tuple[str, ...] = ()  # "guided": seed 003's steps, in Japanese (guided.steps for others)
    headings: tuple[str, ...] = field(default=())

    @property
    def guided(self) -> bool:
        return self.kind == GUIDED


# The API's login log (service "auth") for the security view; the download is rate-limited
# to 10 requests a minute, so the console asks once per member view.
AUDIT_SERVICE = "auth"
AUDIT_DAYS = 7


class DirectoryBackend:
    """The interface; :class:`TinyDbBackend` and :class:`LineWorksBackend` implement it."""

    name = ""

    def label(self) -> str:
        """Which directory, for the command line: "LINE WORKS · domain 10000001"."""
        raise NotImplementedError

    def short_label(self) -> str:
        """Which directory, for the console's title bar (always shown)."""
        return self.label()

    def mode(self, action: str) -> str:
        """"local", "api" or "guided": how ``action`` is carried out (decided before the
        transaction: a guided action never draws a temporary password)."""
        raise NotImplementedError

    def sync(self, store, *, operator: str | None = None) -> int:
        """Pull the directory into the store; the number of members written."""
        raise NotImplementedError

    def refresh_member(self, store, member_id: str) -> dict | None:
        """The member as the directory has it now, written to the store; None if unknown."""
        raise NotImplementedError

    def apply(self, action: str, member: dict, params: dict) -> Applied:
        raise NotImplementedError

    def waives(self, action: str, code: str) -> bool:
        """True when the local effect's refusal ``code`` does not apply to this directory."""
        return False

    def member_audit(self, member: dict, now, days: int = AUDIT_DAYS) -> list[dict] | None:
        """The directory's own audit rows that name ``member`` (logins), newest last;
        None when the directory keeps none beyond the store (TinyDB)."""
        return None

    def close(self) -> None:
        pass


class TinyDbBackend(DirectoryBackend):
    """The store is the directory: every action is done by its local effect."""

    name = TINYDB

    def __init__(self, store_path: str | Path | None = None) -> None:
        self.store_path = store_path

    def label(self) -> str:
        where = f" · {self.store_path}" if self.store_path else ""
        return f"TinyDB (demo/training){where}"

    def short_label(self) -> str:
        return "TinyDB"  # the title bar is shared with the screen title at 80 columns

    def mode(self, action: str) -> str:
        return LOCAL

    def sync(self, store, *, operator: str | None = None) -> int:
        return 0

    def refresh_member(self, store, member_id: str) -> dict | None:
        return store.get_member(member_id)

    def apply(self, action: str, member: dict, params: dict) -> Applied:
        return Applied(LOCAL)


def mirror_record(local: dict | None, fresh: dict) -> dict:
    """The mirror's record: ``local`` with the API-owned keys taken from ``fresh`` (an
    import-format member from the API), derived E.164 fields recomputed."""
    from helpdesk_tui.importexport import member_record

    merged = dict(local or {})
    for key in API_KEYS:
        merged[key] = fresh.get(key)
    merged["is_admin"] = bool(merged.get("is_admin"))
    return member_record(merged)


class LineWorksBackend(DirectoryBackend):
    """LINE WORKS API 2.0 (``helpdesk_tui.lineworks``); the store's members are a mirror."""

    name = LINEWORKS

    def __init__(self, config, *, client=None) -> None:
        self.config = config
        self._client = client

    @property
    def directory(self):
        from helpdesk_tui.lineworks import Directory, LineWorksClient

        if self._client is None:
            self._client = LineWorksClient(self.config)
        return Directory(self._client)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def label(self) -> str:
        return f"LINE WORKS · domain {self.config.domain_id}"

    def short_label(self) -> str:
        return f"LINE WORKS · {self.config.domain_id}"

    def mode(self, action: str) -> str:
        return API if action in API_ACTIONS else GUIDED

    def waives(self, action: str, code: str) -> bool:
        # the mirror has no access log from the API: its sessions are not the tenant's
        return action == "force-logout" and code == "no-connected-session"

    def member_audit(self, member: dict, now, days: int = AUDIT_DAYS) -> list[dict] | None:
        """The security view's login history on a live tenant (the mirror has no sessions):
        the ``auth`` audit log of the last ``days`` days, the rows naming the member's id
        or e-mail in any column. The columns are the API's own and shown as they come."""
        from datetime import timedelta

        names = {str(v).strip().lower() for v in (member.get("id"), member.get("email")) if v}
        rows = self.directory.audit_logs(AUDIT_SERVICE, now - timedelta(days=days), now)
        return [row for row in rows if any(str(v).strip().lower() in names for v in row.values())]

    def sync(self, store, *, operator: str | None = None) -> int:
        from helpdesk_tui import audit

        users = [user.member for user in self.directory.iter_users()]  # the network, outside the lock
        with store.transaction() as tx:
            # inside the transaction nobody else can commit: this read is the current state
            local = {m["id"]: m for m in store.iter_members()}
            count = tx.members.put_many(mirror_record(local.get(u["id"]), u) for u in users)
            if operator is not None:
                audit.record(tx, operator=operator, action="directory-sync", backend=self.name,
                             domain=self.config.domain_id, members=count)
        return count

    def refresh_member(self, store, member_id: str) -> dict | None:
        from helpdesk_tui.lineworks import ApiNotFound

        try:
            fresh = self.directory.get_user(member_id).member
        except ApiNotFound:
            return None
        with store.transaction() as tx:
            record = mirror_record(tx.members.get(member_id), fresh)
            tx.members.put(record)
        return record

    def apply(self, action: str, member: dict, params: dict) -> Applied:
        """The API call for ``action`` on ``member`` (the effect's copy, already checked
        and changed locally), then the user re-read for the mirror."""
        if action not in API_ACTIONS:
            return Applied(GUIDED, steps=tuple(guided.steps(action, "ja")),
                           headings=tuple(guided.headings(action)))
        from helpdesk_tui.actions.errors import ActionFailed
        from helpdesk_tui.lineworks import LineWorksError, WriteOutcomeUnknown

        change = _contact_change(member, params) if action == "update-recovery-contact" else {}
        try:
            directory, user_id = self.directory, member["id"]
            if action == "suspend":
                directory.suspend(user_id)
            elif action == "unsuspend":
                directory.unsuspend(user_id)
            elif action == "force-logout":
                directory.force_logout(user_id)
            else:
                directory.update_recovery_contact(user_id, **change)
        except LineWorksError as problem:
            unknown = isinstance(problem, WriteOutcomeUnknown)
            raise ActionFailed("api-outcome-unknown" if unknown else "api-failed",
                               outcome="unknown" if unknown else "failed", action=action,
                               member=member["id"], error=type(problem).__name__, detail=str(problem),
                               operation=problem.operation or "-",
                               status=problem.status if problem.status is not None else "-") from problem
        try:
            fresh = directory.get_user(user_id).member
        except LineWorksError:
            return Applied(API)  # done, but not re-read: the mirror takes the effect's copy
        return Applied(API, member=mirror_record(member, fresh))


def _contact_change(member: dict, params: dict) -> dict[str, Any]:
    """The new recovery contacts as the effect normalised them. The API cannot erase one
    (a null would; ``Directory.update_recovery_contact`` never sends it)."""
    from helpdesk_tui.actions.errors import ActionInputError

    change: dict[str, Any] = {}
    for param, key in (("mobile", "recovery_mobile"), ("email", "recovery_email")):
        if params.get(param) is not None:
            if not member.get(key):
                raise ActionInputError("api-cannot-remove-contact", field=param)
            change[param] = member[key]
    return change


def make_backend(name: str, *, config=None, store_path=None) -> DirectoryBackend:
    if name == LINEWORKS:
        return LineWorksBackend(config)
    if name == TINYDB:
        return TinyDbBackend(store_path)
    raise ValueError(f"unknown backend {name!r}; expected one of {', '.join(NAMES)}")
