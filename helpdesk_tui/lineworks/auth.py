"""Service-account access tokens for LINE WORKS API 2.0 ("Service Account 認証 (JWT)").

The flow (RFC 7523 JWT bearer grant, as LINE WORKS documents it):

1. a JWT with header ``{"alg": "RS256", "typ": "JWT"}`` and claims ``iss`` = client id,
   ``sub`` = service account, ``iat`` = now, ``exp`` = now + 3600 (Unix seconds),
   signed with the service account's RSA private key (PyJWT + cryptography);
2. ``POST auth_url`` as ``application/x-www-form-urlencoded`` with ``assertion``,
   ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``, ``client_id``,
   ``client_secret``, ``scope``;
3. the answer is JSON ``access_token``, ``token_type`` ("Bearer"), ``expires_in``
   (seconds; LINE WORKS sends it as a string) and ``refresh_token``.

:class:`TokenCache` keeps the token until shortly before it expires and then fetches a
new one with a fresh JWT. It does not use the refresh token: a service account can
always sign a new assertion, and not keeping a 90-day refresh token around is one secret
less. A 401 from the API means the token died early (revoked, or the app's settings
changed): the client calls :meth:`TokenCache.invalidate` and retries once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import jwt

from helpdesk_tui.lineworks.config import LineWorksConfig, load_private_key
from helpdesk_tui.lineworks.errors import ApiAuthFailed, ApiRateLimited, ApiUnavailable

__all__ = [
    "GRANT_TYPE",
    "JWT_LIFETIME",
    "REFRESH_MARGIN",
    "AccessToken",
    "TokenCache",
    "make_assertion",
    "request_token",
]

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
JWT_LIFETIME = 3600  # seconds; exp = iat + 3600 as in the LINE WORKS examples
REFRESH_MARGIN = 60.0  # fetch a new token this long before the old one expires


@dataclass(frozen=True)
class AccessToken:
    """A token as issued; ``expires_in`` in seconds from when it was obtained."""

    access_token: str = field(repr=False)
    token_type: str
    expires_in: float
    scope: str | None = None
    refresh_token: str | None = field(default=None, repr=False)


def make_assertion(config: LineWorksConfig, *, now: float | None = None) -> str:
    """The signed JWT for the token request; ``now`` is Unix time (default: the clock)."""
    issued = int(time.time() if now is None else now)
    key = config.private_key or load_private_key(config.private_key_file)
    claims = {
        "iss": config.client_id,
        "sub": config.service_account,
        "iat": issued,
        "exp": issued + JWT_LIFETIME,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"typ": "JWT"})


def request_token(config: LineWorksConfig, http: httpx.Client, *, now: float | None = None) -> AccessToken:
    """Exchange a fresh JWT for an access token; raises a :class:`LineWorksError` subclass."""
    form = {
        "assertion": make_assertion(config, now=now),
        "grant_type": GRANT_TYPE,
        "client_id": config.client_id,
        "client_secret": config.client_secret,
        "scope": config.scope,
    }
    operation = "POST token"
    try:
        reply = http.post(config.auth_url, data=form, headers={"Accept": "application/json"})
    except httpx.TimeoutException:
        raise ApiUnavailable("the LINE WORKS login server did not answer in time (token request)",
                             operation=operation) from None
    except httpx.HTTPError as problem:
        raise ApiUnavailable(f"cannot reach the LINE WORKS login server ({type(problem).__name__})",
                             operation=operation) from None

    body = _json_object(reply)
    if reply.status_code == 429:
        raise ApiRateLimited("the LINE WORKS login server is rate limiting token requests; try again shortly",
                             status=429, operation=operation)
    if reply.status_code >= 500:
        raise ApiUnavailable(f"the LINE WORKS login server failed (HTTP {reply.status_code})",
                             status=reply.status_code, operation=operation)
    if reply.status_code != 200:
        error = str(body.get("error") or body.get("code") or "").strip()
        detail = str(body.get("error_description") or body.get("description") or "").strip()
        said = ": ".join(part for part in (error, detail) if part) or f"HTTP {reply.status_code}"
        raise ApiAuthFailed(
            f"LINE WORKS refused the service-account login ({said}); check client_id, "
            f"client_secret, service_account, the private key and that the scope "
            f"'{config.scope}' is enabled for the app",
            status=reply.status_code, code=error or None, operation=operation,
        )

    token = body.get("access_token")
    expires = body.get("expires_in")
    try:
        expires_in = float(str(expires).strip())
    except (TypeError, ValueError):
        expires_in = -1.0
    if not isinstance(token, str) or not token or expires_in <= 0:
        raise ApiAuthFailed("the LINE WORKS login server sent an unexpected token response",
                            status=reply.status_code, operation=operation)
    refresh = body.get("refresh_token")
    scope = body.get("scope")
    return AccessToken(
        access_token=token,
        token_type=str(body.get("token_type") or "Bearer"),
        expires_in=expires_in,
        scope=scope if isinstance(scope, str) else None,
        refresh_token=refresh if isinstance(refresh, str) else None,
    )


def _json_object(reply: httpx.Response) -> dict:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class TokenCache:
    """The current access token, fetched on first use and again shortly before expiry.

    Thread-safe: concurrent callers on a cold or stale cache wait for one token request.
    ``clock`` (monotonic seconds) decides expiry; ``wall_clock`` (Unix seconds) stamps the
    JWT. ``margin`` is how long before expiry a token is replaced (at most half its life).
    """

    def __init__(self, config: LineWorksConfig, http: httpx.Client, *,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time,
                 margin: float = REFRESH_MARGIN) -> None:
        self._config = config
        self._http = http
        self._clock = clock
        self._wall_clock = wall_clock
        self._margin = margin
        self._lock = threading.Lock()
        self._token: AccessToken | None = None
        self._renew_at = 0.0
        self.fetches = 0  # how many tokens were requested (diagnostics, tests)

    def get(self) -> str:
        """A valid access token string (fetching one if needed)."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                started = self._clock()
                token = request_token(self._config, self._http, now=self._wall_clock())
                self.fetches += 1
                margin = min(self._margin, token.expires_in / 2)
                self._token = token
                self._renew_at = started + token.expires_in - margin
            return self._token.access_token

    def invalidate(self, token: str | None = None) -> None:
        """Forget the token (after a 401). With ``token``, only if it is still the current
        one, so that threads that all saw the same 401 cause a single new token request."""
        with self._lock:
            if self._token is None:
                return
            if token is None or token == self._token.access_token:
                self._token = None
                self._renew_at = 0.0
