"""The console's sync of a live directory: in the background, after the first screen.

The store opens, the index of the mirror is built and the operator can search at once;
then a thread worker pulls the directory (``backend.sync``) and posts its progress ("N of
M"), which the search screen's status line shows; when it ends the index is rebuilt from
the fresh mirror. A failed sync is said plainly ("… showing the mirror as of …") and the
console goes on with the mirror — every member view reads its member live anyway.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from helpdesk_tui import clock


class DirectorySync:
    """Mixed into the App (which has ``backend``, ``t``, ``_build_index``, ``_each_screen``)."""

    sync_state: dict | None = None  # {"phase": running|done|failed, "done", "expected", "problem", "as_of"}

    class SyncProgress(Message):
        def __init__(self, done: int, expected: int) -> None:
            super().__init__()
            self.done, self.expected = done, expected

    class SyncDone(Message):
        def __init__(self, problem: str | None, as_of) -> None:
            super().__init__()
            self.problem, self.as_of = problem, as_of

    @work(thread=True, exclusive=True, group="directory-sync")
    def sync_directory(self, store, operator: dict) -> None:
        from helpdesk_tui.directory.mirror import last_sync

        previous = last_sync(store) or {}
        self.post_message(self.SyncProgress(0, previous.get("members") or 0))
        try:
            self.backend.sync(store, operator=operator["username"],
                              progress=lambda done, expected: self.post_message(self.SyncProgress(done, expected)))
        except Exception as problem:  # LineWorksError, StoreError: say it, keep the mirror
            as_of = clock.parse_iso(previous["at"]) if previous.get("at") else None
            self.post_message(self.SyncDone(str(problem), as_of))
            return
        synced = last_sync(store) or {}
        self.post_message(self.SyncDone(None, clock.parse_iso(synced["at"]) if synced.get("at") else None))
        self._build_index(store, store.member_shard_stamps())  # the mirror changed: index it again

    def on_directory_sync_sync_progress(self, message: SyncProgress) -> None:
        as_of = (self.sync_state or {}).get("as_of")
        self.sync_state = {"phase": "running", "done": message.done, "expected": message.expected,
                           "problem": None, "as_of": as_of}
        self._each_screen("sync_changed")

    def on_directory_sync_sync_done(self, message: SyncDone) -> None:
        self.sync_state = {"phase": "failed" if message.problem else "done", "done": 0, "expected": 0,
                           "problem": message.problem, "as_of": message.as_of}
        self._each_screen("sync_changed")

    def directory_status(self) -> str | None:
        """The search screen's word on the live directory: syncing N of M, failed, or as of."""
        if not self.backend.is_live:
            return None
        from helpdesk_tui.i18n import format_datetime

        state = self.sync_state or {}
        when = state.get("as_of")
        now = clock.now()
        at = self.t("live.never-synced")
        if when:  # HH:MM today, the full date otherwise
            local = when.astimezone(now.tzinfo)
            at = local.strftime("%H:%M") if local.date() == now.date() else format_datetime(when, self.lang)
        label = self.backend.short_label()
        if state.get("phase") == "running":
            expected = max(state["expected"], state["done"])
            return self.t("live.sync.progress", label=label, done=f"{state['done']:,}",
                          expected=f"{expected:,}" if expected else "?")
        if state.get("phase") == "failed":
            return self.t("live.sync.failed", label=label, problem=state["problem"], at=at)
        return self.t("live.directory-as-of", at=at) if when else self.t("live.directory-never-synced")
