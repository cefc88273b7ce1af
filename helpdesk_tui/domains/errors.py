"""Why a domain or migration operation did not happen, in words an operator can act on.

Each failure has a stable ``code`` (for JSON, the audit log and tests) and parameters; the
sentence itself comes from the label catalogue (``domains.error.<code>`` /
``mail.error.<code>``) so the console and the command line say the same thing in Japanese
or English. ``str(error)`` is the English sentence, for logs and tracebacks.

``kind`` tells the caller how to react: ``not-found`` (nothing by that name), ``input``
(the request itself is malformed; nothing was attempted), ``refused`` (well-formed, but a
rule forbids it now: role, state, the 24 h lock, an unacknowledged warning). The command
line maps them to exit codes 1, 2 and 4.
"""

from __future__ import annotations

from helpdesk_tui.localized import INPUT, NOT_FOUND, REFUSED, LocalizedError

__all__ = ["INPUT", "NOT_FOUND", "REFUSED", "LocalizedError", "DomainError", "DomainNotFound",
           "DomainInputError", "DomainRefused", "LookupFailed"]


class DomainError(LocalizedError):
    """Base of the domain-ownership failures."""


class DomainNotFound(DomainError):
    kind = NOT_FOUND


class DomainInputError(DomainError):
    kind = INPUT


class DomainRefused(DomainError):
    kind = REFUSED


class LookupFailed(Exception):
    """The DNS lookup behind a verification could not say whether the record exists.

    ``finding`` is a glossary DNS finding id: ``nxdomain`` (the name does not exist at
    all: counts as "record not seen"), ``resolver-timeout`` or ``resolver-error`` (no
    verdict: the domain's status is left as it was)."""

    def __init__(self, finding: str, detail: str = "") -> None:
        self.finding = finding
        self.detail = detail
        super().__init__(f"{finding}: {detail}" if detail else finding)
