"""Reading a member from the directory at this moment, or saying plainly that we could not.

``backend.read_member(store, member_id)`` returns a :class:`LiveRead`:

* TinyDB: the store is the directory; always ``live``.
* LINE WORKS: one ``GET /users/{userId}``; the answer is written to the mirror and is the
  member every caller then decides from (``live``). A 404 marks the member as gone from
  the directory (``gone``). When the API cannot be reached (network, 5xx, rate limit,
  credentials) the mirror's copy comes back with ``live`` False, ``as_of`` (when the
  mirror was last true) and ``problem`` (why), so the caller can show "not live — mirror
  as of …" and refuse what needs the API. Nothing is decided silently from stale data.

No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk_tui import clock


@dataclass(frozen=True)
class LiveRead:
    member: dict | None  # the record to show and decide from (None: unknown everywhere)
    live: bool  # the directory itself answered just now (TinyDB: the store is the directory)
    as_of: datetime | None  # live: when it was read; not live: when the mirror was last true
    problem: str | None = None  # why the directory could not be asked
    gone: bool = False  # the directory no longer has this member (the mirror still does)
    source: str = "tinydb"  # "tinydb", "api" or "mirror"

    def to_json(self) -> dict:
        return {"live": self.live, "source": self.source, "gone": self.gone,
                "as_of": clock.iso(self.as_of) if self.as_of else None, "problem": self.problem}

    def marker(self, t, when) -> str | None:
        """The one line a screen shows about where the member's state came from; None for
        TinyDB (nothing to say). ``when(datetime)`` formats a time."""
        if self.source == "tinydb":
            return None
        if self.live and not self.gone:
            return t("live.marker.live", at=when(self.as_of))
        if self.gone:
            return t("live.marker.gone", at=when(self.as_of))
        at = when(self.as_of) if self.as_of else t("live.never-synced")
        return t("live.marker.mirror", at=at, problem=self.problem or "-")


def evidence_note(read: LiveRead, t, when) -> str | None:
    """What `diagnose` adds to a store-answered step's evidence when not live."""
    if read.live or read.source == "tinydb":
        return None
    at = when(read.as_of) if read.as_of else t("live.never-synced")
    return t("live.evidence.mirror", at=at, problem=read.problem or "-")


def tinydb_read(store, member_id: str) -> LiveRead:
    return LiveRead(store.get_member(member_id), True, clock.now(), source="tinydb")
