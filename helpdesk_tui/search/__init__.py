"""Member search as you type (name, kana, id, e-mail, phone in any written form)."""

from helpdesk_tui.search.index import MemberIndex, SearchResult
from helpdesk_tui.search.normalize import fold

__all__ = ["MemberIndex", "SearchResult", "fold"]
