"""What the helpdesk sent to a member and where each message stands (the delivery worker's
state: sent, failed and why, retrying, no channel). An SMS that could not be sent tells the
operator to read it out on the callback. Everything outside our control (addresses, the
worker's reasons) is shown literally, never as markup."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from helpdesk_tui.widgets.safe import safe

STATE_STYLES = {"sent": "green", "failed": "bold red", "retrying": "yellow", "no-channel": "yellow",
                "queued": "dim", "sending": "yellow"}
MAX_SHOWN = 100


class MessageList(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    MessageList { height: 1fr; padding: 0 1; }
    MessageList > Static { height: auto; }
    """

    def compose(self):
        yield Static(id="message-lines")

    def show(self, title: str, messages: list, t, when) -> None:
        """``messages``: delivery.Message objects, oldest first (shown newest first)."""
        out = Text(title, style="bold underline")
        if not messages:
            out.append("\n" + t("delivery.pane.none"), style="dim")
        for message in messages[-MAX_SHOWN:][::-1]:
            entry = message.entry
            out.append("\n")
            out.append(f"{when(entry.get('at'))}  ", style="dim")
            out.append(t(f"delivery.channel.{entry.get('channel')}") + " → ")
            out.append_text(safe(entry.get("to"), max_length=60))
            out.append("  ")
            out.append(t(f"action.{entry.get('action')}") if entry.get("action") else "")
            out.append("\n    ")
            out.append(t(f"delivery.state.{message.state}"), style=STATE_STYLES.get(message.state, ""))
            if message.why:
                out.append(" — ")
                out.append_text(safe(message.why, max_length=200))
            if entry.get("channel") == "sms" and message.state in ("no-channel", "failed"):
                out.append("\n    ")
                out.append(t("delivery.read-out"), style="bold yellow")
        self.query_one("#message-lines", Static).update(out)
