"""Where the members' truth lives: the local store (TinyDB) or LINE WORKS API 2.0.

Screens and commands read members from the local store; with the TinyDB backend the
store IS the directory (demo tenants, training). With the LINE WORKS backend the store's
member table is a mirror of the vendor directory, and what shows or decides a member's
state is read from the API first:

* ``read_member(store, id)`` (:mod:`.live`): one ``GET /users/{userId}`` written to the
  mirror, or the mirror marked "not live" when the API cannot be reached. Every read that
  shows or decides a member's state goes through it (member view, ``member show``,
  ``diagnose``, the action gate and preflight).
* ``sync(store, progress=…)`` pulls every user (``Directory.iter_users``) into the mirror in
  one transaction, reporting ``progress(done, expected)`` page by page. The keys the API
  owns (:data:`API_KEYS`) are replaced, absent ones cleared; the others are kept: what the
  API does not know (``is_top_admin``, ``app_access_blocked``, ``line_linked`` …) and what
  the actions write locally (``login_id``, ``temp_password_hash``, ``must_change_password``).
  Members the API no longer lists stay in the mirror (tickets refer to them) marked as
  gone from the directory (:mod:`.mirror`).
* ``apply(action, member, params)`` is the write of :func:`helpdesk_tui.actions.run_action`:
  "local" (the effect's change is the change: TinyDB), "api" (the API call was made and
  ``member`` is the user as the API now has it, for the mirror), or "guided" (the API
  has no such operation: the admin-screen steps of seed 003, nothing changed anywhere).
  A failed API call raises :class:`~helpdesk_tui.actions.ActionFailed` (outcome "failed";
  a write whose reply was lost is settled by re-reading the user, "unknown" only when
  that cannot tell: :mod:`.api_actions`).
* ``waives(action, code)``: a local refusal that does not hold for the live directory
  (force-logout with no connected session in the mirror: the API knows sessions we do not;
  restore-member's 7-day window: the API judges it, the User object has no deletion time).
* ``member_audit``: the member's logins from one shared audit download (:mod:`.audit_cache`).

No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpdesk_tui.directory import guided
from helpdesk_tui.directory.live import LiveRead, tinydb_read
from helpdesk_tui.directory.mirror import API_KEYS, SYNC_DOC, as_of, marked_gone, mirror_record  # noqa: F401 (API_KEYS re-exported)

TINYDB, LINEWORKS = "tinydb", "lineworks"
NAMES = (TINYDB, LINEWORKS)
LOCAL, API, GUIDED = "local", "api", "guided"

# The actions LINE WORKS API 2.0 offers (PRODUCT "Live tenants"); the others are guided.
API_ACTIONS = ("suspend", "unsuspend", "force-logout", "update-recovery-contact", "restore-member")
# A preflight may reuse a member read this recent (the action menu runs one per action);
# the action itself always reads again.
PREFLIGHT_MAX_AGE = 30.0


@dataclass(frozen=True)
class Applied:
    """What :meth:`DirectoryBackend.apply` did (see the module doc)."""

    kind: str
    member: dict | None = None  # "api": the fresh member record for the mirror (None: not re-read)
    steps: tuple[str, ...] = ()  # "guided": seed 003's steps, in Japanese (guided.steps for others)
    headings: tuple[str, ...] = field(default=())
    settled: bool = False  # "api": the outcome was unknown and a re-read showed it done

    @property
    def guided(self) -> bool:
        return self.kind == GUIDED


# The API's login log (service "auth") for the security view; the download is limited to
# 10 a minute, one at a time, a minute apart: one tenant-wide CSV serves every member view
# for AUDIT_CACHE_SECONDS (directory/audit_cache.py).
AUDIT_SERVICE = "auth"
AUDIT_DAYS = 7


class DirectoryBackend:
    """The interface; :class:`TinyDbBackend` and :class:`LineWorksBackend` implement it."""

    name = ""
    is_live = False  # True: a directory outside the store that must be asked (LINE WORKS)

    def read_member(self, store, member_id: str, *, max_age: float = 0.0) -> LiveRead:
        """The member as the directory has it now (:mod:`.live`)."""
        return tinydb_read(store, member_id)

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

    def sync(self, store, *, operator: str | None = None, progress=None) -> int:
        """Pull the directory into the store; the number of members written.
        ``progress(done, expected)`` is called as pages arrive."""
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

    def sync(self, store, *, operator: str | None = None, progress=None) -> int:
        return 0

    def refresh_member(self, store, member_id: str) -> dict | None:
        return store.get_member(member_id)

    def apply(self, action: str, member: dict, params: dict) -> Applied:
        return Applied(LOCAL)


class LineWorksBackend(DirectoryBackend):
    """LINE WORKS API 2.0 (``helpdesk_tui.lineworks``); the store's members are a mirror."""

    name = LINEWORKS
    is_live = True

    def __init__(self, config, *, client=None, monotonic=None) -> None:
        import threading
        import time

        from helpdesk_tui.directory.audit_cache import AuditCache

        self.config = config
        self._client = client
        self._monotonic = monotonic or time.monotonic
        self._reads: dict[str, tuple[float, LiveRead]] = {}
        self._reads_lock = threading.Lock()
        self.audit_cache = AuditCache(lambda service, start, end: self.directory.audit_logs(service, start, end),
                                      monotonic=self._monotonic)

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
        # the mirror has no access log from the API: its sessions are not the tenant's;
        # the 7-day restore window is the API's to judge (the User object has no deletion time)
        return (action, code) in (("force-logout", "no-connected-session"),
                                  ("restore-member", "restore-window-over"))

    def member_audit(self, member: dict, now, days: int = AUDIT_DAYS) -> list[dict] | None:
        """The security view's login history on a live tenant (the mirror has no sessions):
        the ``auth`` audit log of the last ``days`` days, the rows naming the member's id
        or e-mail in any column. The columns are the API's own and shown as they come. One
        tenant-wide download serves every member view for its window (:mod:`.audit_cache`)."""
        names = {str(v).strip().lower() for v in (member.get("id"), member.get("email")) if v}
        rows = self.audit_cache.rows(AUDIT_SERVICE, now, days)
        return [row for row in rows if any(str(v).strip().lower() in names for v in row.values())]

    def read_member(self, store, member_id: str, *, max_age: float = 0.0) -> LiveRead:
        """One ``GET /users/{userId}`` (or a read of the last ``max_age`` seconds), written
        to the mirror; the mirror, marked not live, when the API cannot be reached."""
        from helpdesk_tui import clock
        from helpdesk_tui.lineworks import ApiNotFound, LineWorksError

        if max_age > 0:
            with self._reads_lock:
                cached = self._reads.get(member_id)
            if cached is not None and self._monotonic() - cached[0] <= max_age:
                return cached[1]
        now = clock.now()
        try:
            user = self.directory.get_user(member_id)
        except ApiNotFound:
            with store.transaction() as tx:
                local = tx.members.get(member_id)
                if local is not None:
                    local = marked_gone(local, now)
                    tx.members.put(local)
            read = LiveRead(local, True, now, gone=True, source="api")
        except LineWorksError as problem:
            local = store.get_member(member_id)
            return LiveRead(local, False, as_of(store, local), problem=str(problem), source="mirror")
        else:
            with store.transaction() as tx:
                # the API's userId is the key (a login e-mail may have been asked for)
                local = tx.members.get(user.user_id)
                record = mirror_record(local, user.member, seen_at=now, awaiting=user.awaiting)
                tx.members.put(record)
            read = LiveRead(record, True, now, source="api")
        with self._reads_lock:
            self._reads[member_id] = (self._monotonic(), read)
        return read

    def sync(self, store, *, operator: str | None = None, progress=None) -> int:
        """Every user into the mirror; members the API no longer lists marked gone."""
        from helpdesk_tui import audit, clock

        expected = max(1, (store.counter(SYNC_DOC) or {}).get("members") or 0)
        users = []
        for user in self.directory.iter_users():  # the network, outside the lock
            users.append(user)
            if progress is not None and len(users) % 100 == 0:
                progress(len(users), max(expected, len(users)))
        if progress is not None:
            progress(len(users), len(users))
        now = clock.now()
        listed = {user.user_id for user in users}
        with store.transaction() as tx:
            # inside the transaction nobody else can commit: this read is the current state
            local = {m["id"]: m for m in store.iter_members()}
            count = tx.members.put_many(mirror_record(local.get(u.user_id), u.member, seen_at=now,
                                                      awaiting=u.awaiting) for u in users)
            gone = [marked_gone(m, now) for mid, m in local.items()
                    if mid not in listed and not (m.get("mirror") or {}).get("gone_at")]
            tx.members.put_many(gone)
            tx.counters.put_doc(SYNC_DOC, {"at": clock.iso(now), "members": count, "gone": len(gone),
                                           "backend": self.name, "domain": self.config.domain_id})
            if operator is not None:
                audit.record(tx, operator=operator, action="directory-sync", backend=self.name,
                             domain=self.config.domain_id, members=count, gone=len(gone))
        with self._reads_lock:
            self._reads.clear()
        return count

    def refresh_member(self, store, member_id: str) -> dict | None:
        """The member re-read from the API into the mirror (None: the API has no such user)."""
        read = self.read_member(store, member_id)
        return None if read.gone or not read.live else read.member

    def apply(self, action: str, member: dict, params: dict) -> Applied:
        """The API call for ``action`` on ``member`` (the effect's copy, already checked
        and changed locally), then the user re-read for the mirror (:mod:`.api_actions`)."""
        if action not in API_ACTIONS:
            return Applied(GUIDED, steps=tuple(guided.steps(action, "ja")),
                           headings=tuple(guided.headings(action)))
        from helpdesk_tui.directory.api_actions import apply_api

        with self._reads_lock:
            self._reads.pop(member["id"], None)  # the member is about to change
        return apply_api(self.directory, action, member, params)


def make_backend(name: str, *, config=None, store_path=None) -> DirectoryBackend:
    if name == LINEWORKS:
        return LineWorksBackend(config)
    if name == TINYDB:
        return TinyDbBackend(store_path)
    raise ValueError(f"unknown backend {name!r}; expected one of {', '.join(NAMES)}")
