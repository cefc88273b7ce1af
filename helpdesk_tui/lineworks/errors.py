"""What can go wrong talking to LINE WORKS API 2.0, as exceptions with plain messages.

Every failure of the layer is a :class:`LineWorksError`; the message is a sentence an
operator can read (never a token, a secret or a traceback). The subclasses say what the
caller can do about it:

==========================  ==============================================================
``ApiUnavailable``          network error, timeout, or 5xx after the bounded retries;
                            for a write: the request provably never left (nothing changed)
``ApiRateLimited``          HTTP 429 after the bounded retries, or a ``Retry-After`` too
                            long to wait for (``retry_after`` seconds, when known)
``ApiAuthFailed``           the token endpoint refused us, or the API said 401 again after
                            one fresh token (configuration: client id / secret / key /
                            scope)
``ApiNotFound``             HTTP 404: no such member (or resource)
``ApiRefused``              HTTP 400 / 403 / 409 / other 4xx, with the API's own message
                            (``code`` and ``description`` of the error body)
``WriteOutcomeUnknown``     a POST / PATCH that may or may not have been applied: 5xx,
                            timeout or connection lost after it was sent. Never retried
                            and never assumed done: look at the member before retrying
==========================  ==============================================================
"""

from __future__ import annotations

__all__ = [
    "ApiAuthFailed",
    "ApiNotFound",
    "ApiRateLimited",
    "ApiRefused",
    "ApiUnavailable",
    "LineWorksError",
    "WriteOutcomeUnknown",
]


class LineWorksError(Exception):
    """Base of every error of :mod:`helpdesk_tui.lineworks`.

    ``status`` is the HTTP status when there was a response, ``code`` the API's error
    code (``"NOT_FOUND"``, ``"TOO_MANY_REQUESTS"`` …) when it gave one, ``operation`` the
    request as ``"METHOD /path"`` (no query string, no host).
    """

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 operation: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.operation = operation

    def __str__(self) -> str:
        return self.message


class ApiUnavailable(LineWorksError):
    """The API could not be reached or kept failing (network, timeout, 5xx)."""


class ApiRateLimited(LineWorksError):
    """HTTP 429 that did not clear within the retries; ``retry_after`` in seconds or None."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ApiAuthFailed(LineWorksError):
    """No usable access token: the credentials, key or scope need fixing."""


class ApiNotFound(LineWorksError):
    """HTTP 404."""


class ApiRefused(LineWorksError):
    """The API understood and said no (400, 403, 409 …); the message is the API's."""


class WriteOutcomeUnknown(LineWorksError):
    """A write may or may not have been applied; check before trying again."""
