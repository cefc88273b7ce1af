"""The values an action needs typed in: the new recovery mobile and personal e-mail
(update-recovery-contact; empty means unchanged, the ones on file are shown), or the new
login ID (change-initial-id). The domain checks them when the action runs (digits only,
can take an SMS, a tenant domain…) and its refusal is shown by the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from helpdesk_tui.safe_text import visible

# action -> (parameter, label key, placeholder key, member field shown as "on file")
FIELDS = {
    "update-recovery-contact": (
        ("mobile", "action-pane.mobile-label", "action-pane.mobile-placeholder", "recovery_mobile"),
        ("email", "action-pane.email-label", "action-pane.email-placeholder", "recovery_email"),
    ),
    "change-initial-id": (
        ("new_id", "action-pane.new-id-label", "action-pane.new-id-placeholder", "login_id"),
    ),
}


class ActionFields(Vertical):
    DEFAULT_CSS = """
    ActionFields {
        height: auto;
        padding: 0 1;
        margin-top: 1;
    }
    ActionFields > Static {
        text-style: bold;
    }
    ActionFields > Input {
        background: $boost;
        margin-bottom: 1;
    }
    """

    def __init__(self, action: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = FIELDS.get(action, ())

    def compose(self) -> ComposeResult:
        for name, *_ in self.fields:
            yield Static(id=f"{name}-label")
            yield Input(id=f"field-{name}", max_length=254, compact=True)

    def show(self, member: dict | None, t: Callable[..., str]) -> None:
        member = member or {}
        for name, label_key, placeholder_key, on_file in self.fields:
            # The login ID is the member id until it was changed.
            current = member.get(on_file) or (member.get("id") if on_file == "login_id" else None)
            shown = visible(current, max_length=80) if current else t("value.none")
            self.query_one(f"#{name}-label", Static).update(Text(t(label_key, current=shown)))
            self.query_one(f"#field-{name}", Input).placeholder = t(placeholder_key)

    def values(self) -> dict[str, str]:
        """The parameters typed in (empty fields left out: unchanged)."""
        found = {}
        for name, *_ in self.fields:
            typed = self.query_one(f"#field-{name}", Input).value.strip()
            if typed:
                found[name] = typed
        return found

    def clear(self) -> None:
        for name, *_ in self.fields:
            self.query_one(f"#field-{name}", Input).value = ""

    def focus_first(self) -> bool:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()
            return True
        return False
