"""HTTP client for LINE WORKS API 2.0: token, rate limit, retries, plain errors.

What a request goes through (:meth:`LineWorksClient.request`):

* **Rate limiter** — one client-side token bucket PER API OPERATION (``GET /users/{id}``,
  ``POST /users/{id}/suspend`` …; :mod:`.limits`) at ``requests_per_minute`` (LINE WORKS
  sets its limits per API: 240 requests/min on paid plans, 60 on the free plan), so a
  sync's paging never starves a member read. The audit-log download has its own gate
  (10/min, one at a time, a minute apart). Each bucket starts with a small burst
  (:data:`BURST`), then spaces requests evenly; threads queue fairly.
* **429** — every method is retried (a rate-limited request was not processed), up to
  ``max_retries`` times, waiting what ``Retry-After`` says (seconds or an HTTP date;
  without it, LINE WORKS's ``rateLimit-reset`` header, else an exponential backoff).
  The wait also holds back the other threads. A wait longer than ``max_retry_after`` is
  not slept: :class:`ApiRateLimited` is raised at once with ``retry_after``.
* **401** — the token is invalidated and the request retried ONCE with a new token; a
  second 401 raises :class:`ApiAuthFailed`.
* **5xx, timeouts, dropped connections** — retried with exponential backoff (honouring a
  ``Retry-After``) for GET only. A POST / PATCH is never retried blindly: 5xx or a
  timeout / lost connection after sending raises :class:`WriteOutcomeUnknown`. Only a
  failure to connect at all (nothing was sent) raises :class:`ApiUnavailable` for a write.
* **4xx** — 404 :class:`ApiNotFound`; 400 / 403 / 409 … :class:`ApiRefused` carrying the
  API's ``description`` (LINE WORKS error bodies are ``{"code": …, "description": …}``).

``clock`` / ``sleep`` / ``wall_clock`` are injectable so that tests never sleep for real.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from helpdesk_tui.lineworks.auth import TokenCache
from helpdesk_tui.lineworks.config import LineWorksConfig
from helpdesk_tui.lineworks.limits import AUDIT_DOWNLOAD, BURST, OperationLimits, RateLimiter, operation_key
from helpdesk_tui.lineworks.errors import (
    ApiAuthFailed,
    ApiNotFound,
    ApiRateLimited,
    ApiRefused,
    ApiUnavailable,
    LineWorksError,
    WriteOutcomeUnknown,
)

__all__ = [
    "BURST",
    "IDEMPOTENT_METHODS",
    "LineWorksClient",
    "RateLimiter",
    "parse_retry_after",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})
MAX_REDIRECTS = 3
# Hosts besides api_base_url's that may receive the bearer token (download redirects).
TOKEN_HOST_SUFFIXES = (".worksmobile.com", ".worksapis.com")
_REDIRECTS = {301, 302, 303, 307, 308}
# Failures that happen before a byte of the request was sent: a write is known not done.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds or an HTTP date
    (``now`` is Unix time for the latter). None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None or when.tzinfo is None:
            return None
        return max(0.0, when.timestamp() - now)
    if seconds != seconds or seconds < 0:  # NaN or negative
        return None
    return seconds


class LineWorksClient:
    """Authenticated, rate-limited requests to the API at ``config.api_base_url``.

    ``http`` is an ``httpx.Client`` to use (its timeouts apply); without one the client
    makes its own with ``config.timeout`` and closes it in :meth:`close`.
    """

    def __init__(self, config: LineWorksConfig, *, http: httpx.Client | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 wall_clock: Callable[[], float] = time.time,
                 max_retries: int = 3,
                 backoff: float = 0.5,
                 max_backoff: float = 30.0,
                 max_retry_after: float = 120.0,
                 burst: int | None = None) -> None:
        self.config = config
        self._own_http = http is None
        self._http = http if http is not None else httpx.Client(
            timeout=config.timeout, headers={"User-Agent": "helpdesk-tui"})
        self._sleep = sleep
        self._wall_clock = wall_clock
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.limits = OperationLimits(config.requests_per_minute, burst=burst, clock=clock, sleep=sleep)
        self.tokens = TokenCache(config, self._http, clock=clock, wall_clock=wall_clock)
        base = urlsplit(config.api_base_url)
        self._origin = (base.scheme, base.netloc)

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def __enter__(self) -> "LineWorksClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ requests

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (``/users/…``, already percent-encoded)."""
        if not path.startswith("/"):
            path = "/" + path
        return self.config.api_base_url + path

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``path`` and return its JSON body."""
        reply = self.request("GET", path, params=params)
        try:
            return reply.json()
        except ValueError:
            raise LineWorksError(f"the LINE WORKS API sent a reply that is not JSON (GET {path})",
                                 status=reply.status_code, operation=f"GET {path}") from None

    def download(self, path: str, params: Mapping[str, Any] | None = None) -> bytes:
        """GET ``path``, following the API's redirect to a download URL (LINE WORKS answers
        file downloads with 302 + ``Location``), and return the bytes. The audit-log
        download goes through its gate: one at a time, a minute apart."""
        if operation_key("GET", path) == AUDIT_DOWNLOAD:
            with self.limits.audit:
                return self.request("GET", path, params=params, follow_redirects=True).content
        return self.request("GET", path, params=params, follow_redirects=True).content

    @property
    def limiter(self) -> RateLimiter:
        """The bucket of ``GET /users/{userId}`` (the member read), for callers that wait on it."""
        return self.limits.for_operation(operation_key("GET", "/users/x"))

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                json: Any = None, follow_redirects: bool = False) -> httpx.Response:
        """Send one API request with every safeguard of the module doc; return the 2xx reply."""
        method = method.upper()
        operation = f"{method} {path.split('?', 1)[0]}"
        url = self.url(path)
        idempotent = method in IDEMPOTENT_METHODS
        attempts = 0  # retries used for 429 / 5xx / transport problems
        auth_retried = False
        redirects = 0

        limiter = self.limits.for_operation(operation_key(method, path))
        while True:
            limiter.acquire()
            token = self.tokens.get() if self._may_send_token(url) else None
            headers = {"Accept": "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            try:
                reply = self._http.request(method, url, params=params, json=json, headers=headers)
            except httpx.HTTPError as problem:
                if not idempotent:
                    raise self._write_transport_error(problem, operation) from None
                if attempts < self.max_retries:
                    self._sleep(self._backoff(attempts))
                    attempts += 1
                    continue
                raise self._transport_error(problem, operation) from None

            status = reply.status_code
            if 200 <= status < 300:
                return reply

            if status in _REDIRECTS and follow_redirects and idempotent:
                location = reply.headers.get("Location")
                if not location or redirects >= MAX_REDIRECTS:
                    raise LineWorksError(f"the LINE WORKS API redirected without a usable location ({operation})",
                                         status=status, operation=operation)
                url = urljoin(url, location)
                params = None  # the Location carries its own query
                redirects += 1
                continue

            if status == 401 and token and not auth_retried:
                self.tokens.invalidate(token)
                auth_retried = True
                continue

            if status == 429:
                delay = self._rate_limit_delay(reply, attempts)
                if delay > self.max_retry_after:
                    raise ApiRateLimited(
                        f"the LINE WORKS API rate limit was reached; try again in {delay:.0f} s ({operation})",
                        retry_after=delay, status=429, code=_error_code(reply), operation=operation)
                if attempts < self.max_retries:
                    limiter.defer(delay)
                    attempts += 1
                    continue
                raise ApiRateLimited(
                    f"the LINE WORKS API kept answering 'too many requests' ({operation}); "
                    f"try again in a minute",
                    retry_after=delay, status=429, code=_error_code(reply), operation=operation)

            if status >= 500:
                if not idempotent:
                    raise WriteOutcomeUnknown(
                        f"the LINE WORKS API failed (HTTP {status}) while handling {operation}; "
                        f"the change may or may not have been applied: check the member before trying again",
                        status=status, code=_error_code(reply), operation=operation)
                if attempts < self.max_retries:
                    retry_after = parse_retry_after(reply.headers.get("Retry-After"), now=self._wall_clock())
                    delay = self._backoff(attempts)
                    if retry_after is not None:
                        delay = min(max(delay, retry_after), self.max_retry_after)
                    self._sleep(delay)
                    attempts += 1
                    continue
                raise ApiUnavailable(
                    f"the LINE WORKS API is failing (HTTP {status}, {operation}); try again later",
                    status=status, code=_error_code(reply), operation=operation)

            raise _client_error(reply, operation)

    # ------------------------------------------------------------------ helpers

    def _may_send_token(self, url: str) -> bool:
        """The bearer token goes to the API itself and, over https, to LINE WORKS's own
        download hosts (a download redirect needs it); never to anyone else."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) == self._origin:
            return True
        host = (parts.hostname or "").lower()
        return parts.scheme == "https" and host.endswith(TOKEN_HOST_SUFFIXES)

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * (2 ** attempt))

    def _rate_limit_delay(self, reply: httpx.Response, attempt: int) -> float:
        delay = parse_retry_after(reply.headers.get("Retry-After"), now=self._wall_clock())
        if delay is None:
            # LINE WORKS documents rateLimit-reset (time left until the window resets).
            reset = parse_retry_after(reply.headers.get("rateLimit-reset"), now=self._wall_clock())
            if reset is not None and reset <= 60:
                delay = reset
        if delay is None:
            delay = max(1.0, self._backoff(attempt + 1))
        return delay

    def _transport_error(self, problem: httpx.HTTPError, operation: str) -> LineWorksError:
        if isinstance(problem, httpx.TimeoutException):
            return ApiUnavailable(f"the LINE WORKS API did not answer in time ({operation})", operation=operation)
        return ApiUnavailable(
            f"cannot reach the LINE WORKS API ({type(problem).__name__}, {operation}); "
            f"check the network or try again later", operation=operation)

    def _write_transport_error(self, problem: httpx.HTTPError, operation: str) -> LineWorksError:
        if isinstance(problem, _NOT_SENT):
            return ApiUnavailable(
                f"cannot reach the LINE WORKS API ({type(problem).__name__}); {operation} was not sent, "
                f"nothing was changed", operation=operation)
        what = "no answer in time" if isinstance(problem, httpx.TimeoutException) else "the connection was lost"
        return WriteOutcomeUnknown(
            f"{what} after sending {operation}; the change may or may not have been applied: "
            f"check the member before trying again", operation=operation)


def _error_body(reply: httpx.Response) -> dict:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error_code(reply: httpx.Response) -> str | None:
    code = _error_body(reply).get("code")
    return str(code) if code else None


def _client_error(reply: httpx.Response, operation: str) -> LineWorksError:
    body = _error_body(reply)
    code = str(body.get("code") or "") or None
    description = str(body.get("description") or body.get("message") or "").strip()
    status = reply.status_code
    said = description or reply.reason_phrase or f"HTTP {status}"
    if status == 404:
        return ApiNotFound(f"not found in LINE WORKS ({operation}): {said}",
                           status=status, code=code, operation=operation)
    if status == 401:
        return ApiAuthFailed(
            f"LINE WORKS did not accept the access token even after a new one ({operation}): {said}",
            status=status, code=code, operation=operation)
    if 400 <= status < 500:
        return ApiRefused(f"LINE WORKS refused {operation}: {said} (HTTP {status}{', ' + code if code else ''})",
                          status=status, code=code, operation=operation)
    return LineWorksError(f"unexpected HTTP {status} from the LINE WORKS API ({operation})",
                          status=status, code=code, operation=operation)
