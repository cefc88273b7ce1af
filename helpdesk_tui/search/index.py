"""In-memory member search, fast enough to run on every keystroke at 100k members.

Every member becomes one folded line ("haystack") holding name, kana, id, e-mail,
personal e-mail and the domestic digits of each phone number. All lines are joined into
one string, so a query is a handful of C-level ``str.find`` calls rather than a Python
loop over 100k records; a match position maps back to its member through ``bisect``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from helpdesk_tui.phone import digits_for_search, looks_like_phone
from helpdesk_tui.search.normalize import fold

_FIELD_SEP = "\x1f"  # never produced by fold(): keeps a match from spanning two fields
_LINE_SEP = "\x1e"
_TEXT_FIELDS = ("name", "kana", "id", "email", "recovery_email")
_PHONE_FIELDS = ("phone", "mobile", "recovery_mobile")

# What a result row carries: enough for a results table, the palette and
# ``member search --json``. The full record is read from the store when a member is
# opened, so 100k members cost ~150 MiB less than keeping every field in memory.
SUMMARY_FIELDS = ("id", "name", "kana", "email", "department", "status",
                  "app_access_blocked", "is_admin", "is_top_admin")


@dataclass(frozen=True)
class SearchResult:
    rows: list[dict]
    """Member summaries (:data:`SUMMARY_FIELDS`), best first."""
    total: int
    """Matches found; when ``truncated`` there are more than ``total``."""
    truncated: bool


def _haystack(record: dict) -> str:
    # One fold() over the joined fields: NFKC is the costly step, and the separator
    # survives it untouched.
    values = (str(record.get(field) or "").replace(_FIELD_SEP, "") for field in _TEXT_FIELDS)
    text = fold(_FIELD_SEP.join(values))
    phones = [digits_for_search(str(record[f])) for f in _PHONE_FIELDS if record.get(f)]
    return _FIELD_SEP.join([text, *phones]).replace(_LINE_SEP, "")


class _Entry(NamedTuple):
    sort_key: tuple[str, str]
    haystack: str
    row: dict
    keys: tuple[str, str]  # folded id and e-mail, for exact lookups
    group: object  # e.g. the store shard the member lives in


def _entry(record: dict, group: Callable[[str], object] | None) -> _Entry:
    haystack = _haystack(record)
    name, kana, member_id, email = haystack.split(_FIELD_SEP, 4)[:4]
    row = {f: record.get(f) for f in SUMMARY_FIELDS}
    return _Entry((kana or name, member_id), haystack, row, (member_id, email),
                  group(str(row["id"])) if group else None)


class MemberIndex:
    """Search over member records; immutable (:meth:`replace` makes an updated copy)."""

    def __init__(self, entries: list[_Entry], group: Callable[[str], object] | None,
                 by_id: dict[str, dict] | None = None, by_email: dict[str, dict] | None = None
                 ) -> None:
        """``entries`` in sort order; use :meth:`build`."""
        self._entries = entries
        self._group = group
        self._records = [entry.row for entry in entries]
        haystacks = [entry.haystack for entry in entries]
        self._text = _LINE_SEP.join(haystacks) + _LINE_SEP
        self._starts = [0, *accumulate(map(len, haystacks), lambda total, n: total + n + 1)][:-1]
        if by_id is None or by_email is None:
            by_id, by_email = {}, {}
            for entry in entries:
                by_id[entry.keys[0]] = entry.row
                if entry.keys[1]:
                    by_email.setdefault(entry.keys[1], entry.row)
        # Exact lookups map to the row itself, not a position: positions shift on every
        # replace(), rows don't, so a refresh patches these instead of rebuilding them.
        self._by_id, self._by_email = by_id, by_email

    @classmethod
    def build(cls, records: Iterable[dict], group: Callable[[str], object] | None = None
              ) -> MemberIndex:
        """Index member records; rows keep only :data:`SUMMARY_FIELDS`.

        ``group(member_id)`` names the unit in which members are refreshed (the store's
        shard): :meth:`replace` swaps whole groups.
        """
        entries = sorted((_entry(record, group) for record in records), key=itemgetter(0))
        return cls(entries, group)

    def replace(self, groups: set, records: Iterable[dict]) -> MemberIndex:
        """A new index in which the members of ``groups`` are exactly ``records``.

        Refreshing after another operator's write re-folds only the members of the
        shards that changed, not all 100k (folding is most of the cost of building).
        """
        by_id, by_email = self._by_id.copy(), self._by_email.copy()
        kept = []
        for entry in self._entries:
            if entry.group in groups:
                by_id.pop(entry.keys[0], None)
                if by_email.get(entry.keys[1]) is entry.row:
                    del by_email[entry.keys[1]]
            else:
                kept.append(entry)
        for entry in (_entry(record, self._group) for record in records):
            kept.append(entry)
            by_id[entry.keys[0]] = entry.row
            if entry.keys[1]:
                by_email.setdefault(entry.keys[1], entry.row)
        kept.sort(key=itemgetter(0))  # nearly sorted already: timsort is quick
        return type(self)(kept, self._group, by_id, by_email)

    def __len__(self) -> int:
        return len(self._records)

    def get(self, member_id: str) -> dict | None:
        """The member whose id (else e-mail) is exactly ``member_id``, folded."""
        key = fold(member_id)
        return self._by_id.get(key) or self._by_email.get(key)

    def search(self, query: str, limit: int = 200) -> SearchResult:
        terms = _terms(query)
        if not terms:
            rows = self._records[:limit]
            return SearchResult(rows, len(rows), len(self._records) > limit)
        exact = self.get(query)
        rows: list[dict] = [] if exact is None else [exact]
        # Scan for the longest term (likely the rarest); check the others in the same line.
        anchor = max(terms, key=len)
        others = [term for term in terms if term is not anchor]
        text, starts = self._text, self._starts
        position = text.find(anchor)
        truncated = False
        while position != -1:
            line = bisect_right(starts, position) - 1
            end = text.find(_LINE_SEP, position)
            row = self._records[line]
            if row is not exact and all(text.find(term, starts[line], end) != -1 for term in others):
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append(row)
            position = text.find(anchor, end + 1)
        return SearchResult(rows, len(rows), truncated)


def _terms(query: str) -> list[str]:
    """Split a query into folded terms; a phone number is one term of digits."""
    if looks_like_phone(query):
        digits = digits_for_search(query)
        return [digits] if digits else []
    terms = [fold(word) for word in query.split()]
    return [term for term in terms if term]
