"""What every console screen shares: ``self.helpdesk``, the app with its store, operator
and labels, typed (Textual's ``self.app`` is typed as a plain App)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from helpdesk_tui.app import HelpdeskApp


class HelpdeskScreenMixin:
    """Mixed into Screen / ModalScreen subclasses (first, before the Textual base)."""

    @property
    def helpdesk(self) -> HelpdeskApp:
        return cast("HelpdeskApp", self.app)  # type: ignore[attr-defined]
