"""Domain views of members: the seed-003 security view and access history."""

from helpdesk_tui.members.access import SessionRow, fold_sessions
from helpdesk_tui.members.security import (
    SecurityView,
    build_view,
    recovery_mobile_notes,
    security_view,
)

__all__ = ["SecurityView", "SessionRow", "build_view", "fold_sessions", "recovery_mobile_notes",
           "security_view"]
