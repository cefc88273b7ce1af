"""The ways a message reaches a member: LINE WORKS talk (Bot API), e-mail (SMTP relay), SMS.

Each channel's ``send(message)`` returns when the message was accepted, or raises:

* :class:`Temporary` — try again later (network, 4xx SMTP, 5xx / 429 API, unknown outcome);
* :class:`Permanent` — will not work as is (address refused, bot unknown …);
* :class:`NoChannel` — nothing configured to send it through.

Idempotency: an e-mail carries ``Message-ID: <{message id}@…>``, the same on every attempt,
so a mailbox that receives it twice (the worker died between the relay's 250 and
recording "sent") keeps one copy. The Bot API takes no idempotency key: a talk message
whose reply was lost is sent again (at least once) and may arrive twice.
No Textual here.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from helpdesk_tui.delivery.config import SmtpConfig


class DeliveryProblem(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class Temporary(DeliveryProblem):
    pass


class Permanent(DeliveryProblem):
    pass


class NoChannel(DeliveryProblem):
    pass


def idempotency_header(message_id: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "helpdesk-tui.invalid"
    return f"<{message_id}@{domain}>"


class EmailChannel:
    name = "email"

    def __init__(self, config: SmtpConfig | None) -> None:
        self.config = config

    def compose(self, message) -> EmailMessage:
        entry, config = message.entry, self.config
        mail = EmailMessage()
        mail["From"] = config.sender
        mail["To"] = entry["to"]
        mail["Subject"] = entry.get("subject") or ""
        mail["Date"] = formatdate(localtime=True)
        mail["Message-ID"] = idempotency_header(message.id, config.sender)
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(entry.get("body") or "")  # clears Content-* headers: language after it
        mail["Content-Language"] = entry.get("lang") or "ja"
        return mail

    def send(self, message) -> None:
        if self.config is None:
            raise NoChannel("no [smtp] table in the settings: e-mail is not configured")
        config = self.config
        try:
            if config.security == "tls":
                smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            with smtp:
                if config.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if config.username:
                    smtp.login(config.username, config.password or "")
                smtp.send_message(self.compose(message))
        except smtplib.SMTPRecipientsRefused as refused:
            codes = [code for code, _ in refused.recipients.values()]
            if all(code >= 500 for code in codes):
                raise Permanent(f"the relay refused the address ({codes[0]})") from None
            raise Temporary(f"the relay deferred the address ({codes[0]})") from None
        except smtplib.SMTPAuthenticationError as problem:
            raise Permanent(f"the relay refused the login ({problem.smtp_code})") from None
        except smtplib.SMTPResponseException as problem:
            kind = Permanent if problem.smtp_code >= 500 else Temporary
            raise kind(f"the relay answered {problem.smtp_code}") from None
        except ssl.SSLError as problem:
            raise Permanent(f"TLS with the relay failed ({problem.reason or problem})") from None
        except (smtplib.SMTPException, OSError, socket.timeout) as problem:
            raise Temporary(f"cannot reach the relay {config.host}:{config.port} ({type(problem).__name__})") from None


class TalkChannel:
    name = "talk"

    def __init__(self, directory=None, bot_id: str | None = None, *, missing: str | None = None) -> None:
        self.directory, self.bot_id = directory, bot_id
        self.missing = missing  # why there is no talk channel, when the caller knows better

    def send(self, message) -> None:
        if self.directory is None or not self.bot_id:
            raise NoChannel(self.missing or "talk needs --backend lineworks and bot_id in the [lineworks] table")
        from helpdesk_tui.lineworks import (ApiNotFound, ApiRateLimited, ApiRefused, ApiUnavailable,
                                            LineWorksError, WriteOutcomeUnknown)

        entry = message.entry
        text = f"{entry.get('subject') or ''}\n\n{entry.get('body') or ''}".strip()
        try:
            self.directory.send_bot_message(self.bot_id, entry["to"], text)
        except (ApiUnavailable, ApiRateLimited, WriteOutcomeUnknown) as problem:
            raise Temporary(str(problem)) from None
        except (ApiNotFound, ApiRefused) as problem:
            raise Permanent(str(problem)) from None
        except LineWorksError as problem:
            raise Permanent(str(problem)) from None


class SmsChannel:
    name = "sms"

    def send(self, message) -> None:
        raise NoChannel("not sent: no SMS gateway")
