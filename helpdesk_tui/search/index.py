"""In-memory member search, fast enough to run on every keystroke at 100k members.

Every member becomes one folded line ("haystack") holding name, kana, id, e-mail,
personal e-mail and the domestic digits of each phone number. All lines are joined into
one string, so a query is a handful of C-level ``str.find`` calls rather than a Python
loop over 100k records; a match position maps back to its member through ``bisect``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

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


def _sort_key(haystack: str) -> tuple[str, str]:
    name, kana, member_id = haystack.split(_FIELD_SEP, 3)[:3]
    return (kana or name, member_id)


class MemberIndex:
    """Search over member records; immutable once built (rebuild to refresh)."""

    def __init__(self, records: list[dict], haystacks: list[str]) -> None:
        """``haystacks[i]`` is ``_haystack(records[i])``; use :meth:`build`."""
        self._records = records
        self._text = _LINE_SEP.join(haystacks) + _LINE_SEP
        self._starts: list[int] = []
        position = 0
        for line in haystacks:
            self._starts.append(position)
            position += len(line) + 1
        self._by_key: dict[str, int] = {}
        for number, line in enumerate(haystacks):
            # Fields 2 and 3 of a haystack are the folded id and e-mail.
            for key in line.split(_FIELD_SEP, 4)[2:4]:
                if key:
                    self._by_key.setdefault(key, number)

    @classmethod
    def build(cls, records: Iterable[dict]) -> MemberIndex:
        """Index member records; rows keep only :data:`SUMMARY_FIELDS`."""
        pairs = sorted(
            ((_haystack(r), {f: r.get(f) for f in SUMMARY_FIELDS}) for r in records),
            key=lambda pair: _sort_key(pair[0]),
        )
        return cls([row for _, row in pairs], [line for line, _ in pairs])

    def __len__(self) -> int:
        return len(self._records)

    def get(self, member_id: str) -> dict | None:
        number = self._by_key.get(fold(member_id))
        return self._records[number] if number is not None else None

    def search(self, query: str, limit: int = 200) -> SearchResult:
        terms = _terms(query)
        if not terms:
            rows = self._records[:limit]
            return SearchResult(rows, len(rows), len(self._records) > limit)
        exact = self._by_key.get(fold(query))
        found: list[int] = [] if exact is None else [exact]
        # Scan for the longest term (likely the rarest); check the others in the same line.
        anchor = max(terms, key=len)
        others = [term for term in terms if term is not anchor]
        text, starts = self._text, self._starts
        position = text.find(anchor)
        truncated = False
        while position != -1:
            line = bisect_right(starts, position) - 1
            end = text.find(_LINE_SEP, position)
            if line != exact and all(text.find(term, starts[line], end) != -1 for term in others):
                if len(found) >= limit:
                    truncated = True
                    break
                found.append(line)
            position = text.find(anchor, end + 1)
        return SearchResult([self._records[i] for i in found], len(found), truncated)


def _terms(query: str) -> list[str]:
    """Split a query into folded terms; a phone number is one term of digits."""
    if looks_like_phone(query):
        digits = digits_for_search(query)
        return [digits] if digits else []
    terms = [fold(word) for word in query.split()]
    return [term for term in terms if term]
