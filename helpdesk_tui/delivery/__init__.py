"""Notification delivery: the outbox's messages sent through their channels.

``channels.py`` (talk via the LINE WORKS Bot API, e-mail via an SMTP relay, SMS: no
gateway), ``config.py`` (the ``[smtp]`` table), ``state.py`` (per-message state in the
``delivery`` log), ``worker.py`` (at-least-once delivery, retries). The e-mailed
verification code uses the e-mail channel from ``tickets/email_code.py``.
CLI: ``helpdesk-tui outbox deliver [--once]``, ``outbox list``. No Textual here.
"""

from helpdesk_tui.delivery.channels import EmailChannel, NoChannel, Permanent, SmsChannel, TalkChannel, Temporary
from helpdesk_tui.delivery.config import SmtpConfig, load_smtp, parse_smtp
from helpdesk_tui.delivery.state import STATES, Message, message_id, messages
from helpdesk_tui.delivery.worker import Report, deliver_once, run


def make_channels(*, smtp: SmtpConfig | None, directory=None, bot_id: str | None = None,
                  talk_missing: str | None = None) -> dict:
    """The channel for each outbox channel id."""
    return {"email": EmailChannel(smtp), "talk": TalkChannel(directory, bot_id, missing=talk_missing),
            "sms": SmsChannel()}


__all__ = ["STATES", "EmailChannel", "Message", "NoChannel", "Permanent", "Report", "SmsChannel", "SmtpConfig",
           "TalkChannel", "Temporary", "deliver_once", "load_smtp", "make_channels", "message_id", "messages",
           "parse_smtp", "run"]
