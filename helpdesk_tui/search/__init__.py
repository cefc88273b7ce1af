"""Member search as you type (name, kana, id, e-mail, phone in any written form)."""

from helpdesk_tui.search.index import SUMMARY_FIELDS, MemberIndex, SearchResult
from helpdesk_tui.search.normalize import fold

__all__ = ["SUMMARY_FIELDS", "MemberIndex", "SearchResult", "fold"]
