"""A contract-test LINE WORKS API 2.0 server: a real HTTP server on loopback.

It implements, as the LINE WORKS reference documents them, the service-account token
endpoint (``POST /oauth2/v2.0/token``, verifying the JWT's RS256 signature with the
PUBLIC key, ``iss`` / ``sub`` / ``exp``, the client secret and the grant type) and the
member endpoints the client uses:

* ``GET /v1.0/users`` (``count`` 1..100, ``cursor``; ``users`` + ``responseMetaData.nextCursor``)
* ``GET|PATCH /v1.0/users/{userId}`` (resource id, login e-mail or ``externalKey:…``)
* ``POST /v1.0/users/{userId}/suspend`` 204, ``/unsuspend`` 204, ``/force-logout`` 202,
  ``/undelete`` 204 (a deleted user, within 7 days of :attr:`deleted_at`)
* ``POST /v1.0/bots/{botId}/users/{userId}/messages`` 201 (kept in :attr:`bot_messages`)
* ``GET /v1.0/audits/logs/download`` 302 → ``GET /download/audit/{n}`` (CSV)

Errors are LINE WORKS-shaped: ``{"code": "…", "description": "…"}``. Cursors contain
``+``, ``/`` and ``=`` so a client that does not URL-encode them is caught.

Knobs for the failure modes (each applies to API requests, not to the token endpoint):
:meth:`rate_limit_next`, :meth:`fail_next`, :meth:`delay_next`, :meth:`expire_tokens`,
``reject_all_tokens``; and what it saw: :meth:`count`, :attr:`requests`,
:attr:`token_requests`.
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_PATH = "/oauth2/v2.0/token"
API_PREFIX = "/v1.0"
DOWNLOAD_PREFIX = "/download/audit/"
_CURSOR = re.compile(r"c\+/(\d+)==\Z")


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str  # raw path, still percent-encoded, without the query
    route: str  # "/users/{id}/suspend" …
    query: dict[str, list[str]]
    body: bytes
    headers: dict[str, str]
    user: str | None = None  # the resource id the path resolved to

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class _Injected:
    status: int
    count: int
    retry_after: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)
    after: bool = False  # processed first, then the failure sent (the reply is lost)
    only: tuple[str, str] | None = None  # (method, route) it applies to; None: any request


class FakeLineWorks:
    """The server; ``start()`` binds 127.0.0.1 on a free port."""

    def __init__(self, *, public_key: Any, client_id: str, client_secret: str,
                 service_account: str, domain_id: int, token_lifetime: int = 86400) -> None:
        self.public_key = public_key
        self.client_id = client_id
        self.client_secret = client_secret
        self.service_account = service_account
        self.domain_id = domain_id
        self.token_lifetime = token_lifetime
        self.lock = threading.RLock()
        self.users: dict[str, dict[str, Any]] = {}
        self.top_admins: set[str] = set()
        self.valid_tokens: set[str] = set()
        self.reject_all_tokens = False
        self.requests: list[Seen] = []
        self.token_requests: list[dict[str, Any]] = []
        self.audit_csv = "time,user,event\n"
        self.deleted_at: dict[str, float] = {}  # user id -> Unix time of the deletion
        self.bot_messages: list[dict[str, Any]] = []
        self.bots: set[str] = {"2000001"}
        self.audit_downloads: dict[str, str] = {}
        self._injected: deque[_Injected] = deque()
        self.is_down = False
        self._delays: deque[float] = deque()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "FakeLineWorks":
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="fake-lineworks", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_base_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def auth_url(self) -> str:
        return self.base_url + TOKEN_PATH

    # ------------------------------------------------------------------ data

    def add_user(self, user_id: str, email: str, last: str, first: str, **fields: Any) -> dict[str, Any]:
        """A user in the API's shape; ``fields`` are further User properties."""
        user = {
            "domainId": self.domain_id,
            "userId": user_id,
            "email": email,
            "userName": {"lastName": last, "firstName": first},
            "isAdministrator": False,
            "isPending": False,
            "isSuspended": False,
            "isDeleted": False,
            "isAwaiting": False,
            "locale": "ja_JP",
            **fields,
        }
        with self.lock:
            self.users[user_id] = user
        return user

    def find_user(self, key: str) -> dict[str, Any] | None:
        """By resource id, login e-mail (case-insensitive) or ``externalKey:…``."""
        with self.lock:
            if key.startswith("externalKey:"):
                wanted = key[len("externalKey:"):]
                return next((u for u in self.users.values() if u.get("userExternalKey") == wanted), None)
            if "@" in key:
                return next((u for u in self.users.values() if u["email"].lower() == key.lower()), None)
            return self.users.get(key)

    # ------------------------------------------------------------------ knobs

    def rate_limit_next(self, n: int, retry_after: str | None = "1", *, only: tuple[str, str] | None = None,
                        **headers: str) -> None:
        """The next ``n`` API requests (of ``only`` = (method, route) when given) get 429
        (with ``Retry-After`` unless None)."""
        with self.lock:
            self._injected.append(_Injected(429, n, retry_after, dict(headers), only=only))

    def fail_next(self, n: int, status: int = 500, retry_after: str | None = None, *,
                  only: tuple[str, str] | None = None) -> None:
        """The next ``n`` API requests get ``status`` (5xx) without being processed."""
        with self.lock:
            self._injected.append(_Injected(status, n, retry_after, only=only))

    def fail_after_processing(self, n: int, status: int = 502, *, only: tuple[str, str] | None = None) -> None:
        """The next ``n`` API requests ARE processed, then answered ``status``: a write
        whose outcome the client cannot know."""
        with self.lock:
            self._injected.append(_Injected(status, n, after=True, only=only))

    def down(self) -> None:
        """Every API request fails with 503 until :meth:`up` (the token endpoint too)."""
        with self.lock:
            self.is_down = True

    def up(self) -> None:
        with self.lock:
            self.is_down = False

    def delay_next(self, n: int, seconds: float) -> None:
        """The next ``n`` API requests are answered ``seconds`` late (and then processed)."""
        with self.lock:
            self._delays.extend([seconds] * n)

    def expire_tokens(self) -> None:
        """Every token issued so far stops working: the next API request gets 401."""
        with self.lock:
            self.valid_tokens.clear()

    # ------------------------------------------------------------------ what it saw

    def seen(self, method: str | None = None, route: str | None = None) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests
                    if (method is None or r.method == method) and (route is None or r.route == route)]

    def count(self, method: str | None = None, route: str | None = None) -> int:
        return len(self.seen(method, route))

    def wait_for(self, method: str, route: str, n: int, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count(method, route) >= n:
                return True
            time.sleep(0.01)
        return False

    # ------------------------------------------------------------------ internals

    def _take_delay(self) -> float:
        with self.lock:
            return self._delays.popleft() if self._delays else 0.0

    def _take_injected(self, method: str, route: str) -> _Injected | None:
        with self.lock:
            for head in self._injected:
                if head.only is None or head.only == (method, route):
                    break
            else:
                return None
            head.count -= 1
            if head.count <= 0:
                self._injected.remove(head)
            return head

    def _issue_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        def refuse(status: int, error: str, description: str) -> tuple[int, dict[str, Any]]:
            return status, {"error": error, "error_description": description}

        if form.get("grant_type") != GRANT_TYPE:
            return refuse(400, "unsupported_grant_type", "grant_type must be the JWT bearer grant")
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return refuse(401, "invalid_client", "client authentication failed")
        if not form.get("scope"):
            return refuse(400, "invalid_scope", "scope is required")
        assertion = form.get("assertion", "")
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, self.public_key, algorithms=["RS256"],
                                options={"require": ["iss", "sub", "iat", "exp"], "verify_aud": False})
        except jwt.PyJWTError as problem:
            return refuse(400, "invalid_grant", f"assertion rejected: {problem}")
        if header.get("alg") != "RS256":
            return refuse(400, "invalid_grant", "alg must be RS256")
        if claims["iss"] != self.client_id or claims["sub"] != self.service_account:
            return refuse(400, "invalid_grant", "iss/sub do not match the app")
        if not 0 < claims["exp"] - claims["iat"] <= 3600:
            return refuse(400, "invalid_grant", "exp must be within an hour of iat")
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.valid_tokens.add(token)
            self.token_requests.append({"form": form, "header": header, "claims": claims})
        # LINE WORKS sends expires_in as a string
        return 200, {"access_token": token, "refresh_token": secrets.token_urlsafe(24),
                     "scope": form["scope"], "token_type": "Bearer",
                     "expires_in": str(self.token_lifetime)}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeLineWorks

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is part of the tests


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle + delayed ACK
        # add ~40 ms to every keep-alive request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    # ------------------------------------------------------------------ plumbing

    def _reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            ctype = "application/json; charset=UTF-8"
        elif isinstance(body, str):
            data = body.encode("utf-8")
            ctype = "text/csv; charset=UTF-8"
        else:
            data, ctype = b"", None
        try:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _error(self, status: int, code: str, description: str, headers: dict[str, str] | None = None) -> None:
        self._reply(status, {"code": code, "description": description}, headers)

    def _run_then_fail(self, fake: "FakeLineWorks", method: str, route: str, user_key: str | None,
                       query: dict, seen: Seen, status: int) -> None:
        """Do the request's work, then answer ``status`` instead of its reply."""
        handler = _ROUTES.get((method, route))
        user = fake.find_user(user_key) if user_key is not None else None
        if handler is not None and (user_key is None or user is not None):
            self._reply = lambda *a, **k: None  # the real reply is lost
            try:
                handler(self, fake, user, query, seen)
            finally:
                del self._reply
        self._error(status, "BAD_GATEWAY", "the reply was lost after processing")

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query = parse_qs(parts.query, keep_blank_values=True)
        path = parts.path

        with fake.lock:
            is_down = fake.is_down
        if is_down:
            self._error(503, "SERVICE_UNAVAILABLE", "down for the test")
            return
        if path == TOKEN_PATH and method == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode("ascii"), keep_blank_values=True).items()}
            status, answer = fake._issue_token(form)
            self._reply(status, answer)
            return

        route, user_key = _route(path)
        seen = Seen(method, path, route, query, body, {k.lower(): v for k, v in self.headers.items()})
        user = fake.find_user(user_key) if user_key is not None else None
        seen.user = user["userId"] if user else None
        with fake.lock:
            fake.requests.append(seen)

        delay = fake._take_delay()
        if delay:
            fake._stopping.wait(delay)
        injected = fake._take_injected(method, route)
        if injected is not None and injected.after:
            self._run_then_fail(fake, method, route, user_key, query, seen, injected.status)
            return
        if injected is not None:
            headers = dict(injected.extra_headers)
            if injected.retry_after is not None:
                headers["Retry-After"] = injected.retry_after
            if injected.status == 429:
                self._error(429, "TOO_MANY_REQUESTS", "API rate limit exceeded", headers)
            else:
                self._error(injected.status, "INTERNAL_SERVER_ERROR", "injected failure", headers)
            return

        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        with fake.lock:
            authorised = token is not None and token in fake.valid_tokens and not fake.reject_all_tokens
        if not authorised:
            self._error(401, "UNAUTHORIZED", "Authentication failed")
            return

        handler = _ROUTES.get((method, route))
        if handler is None:
            self._error(404 if method == "GET" else 405, "NOT_FOUND", f"no such API: {method} {route}")
            return
        if user_key is not None and user is None:
            self._error(404, "NOT_FOUND", "The user does not exist.")
            return
        handler(self, fake, user, query, seen)


def _route(path: str) -> tuple[str, str | None]:
    """``("/users/{id}/suspend", "tanaka@example.co.jp")`` from a raw path; the user id is
    ONE percent-decoded segment (a raw '/' inside it would make another segment)."""
    if path.startswith(DOWNLOAD_PREFIX):
        return "/download/audit/{n}", None
    if not path.startswith(API_PREFIX + "/"):
        return path, None
    segments = path[len(API_PREFIX) + 1:].split("/")
    if segments[0] == "bots" and len(segments) == 5 and segments[2] == "users" and segments[4] == "messages":
        return "/bots/{bot}/users/{id}/messages", unquote(segments[3])
    if segments[0] == "users" and len(segments) >= 2:
        tail = "/".join(segments[2:])
        return "/users/{id}" + (f"/{tail}" if tail else ""), unquote(segments[1])
    return "/" + "/".join(segments), None


# ---------------------------------------------------------------------- endpoints

def _list_users(h: _Handler, fake: FakeLineWorks, _user: Any, query: dict, _seen: Seen) -> None:
    try:
        count = int(query.get("count", ["100"])[0])
    except ValueError:
        count = -1
    if not 1 <= count <= 100:
        h._error(400, "INVALID_PARAMETER", "count must be between 1 and 100")
        return
    offset = 0
    if "cursor" in query:
        match = _CURSOR.match(query["cursor"][0])
        if not match:
            h._error(400, "INVALID_PARAMETER", "invalid cursor")
            return
        offset = int(match.group(1))
    with fake.lock:
        users = list(fake.users.values())
    page = users[offset:offset + count]
    following = offset + count
    meta = {"nextCursor": f"c+/{following}==" if following < len(users) else None}
    h._reply(200, {"users": page, "responseMetaData": meta})


def _get_user(h: _Handler, _fake: FakeLineWorks, user: dict, _query: dict, _seen: Seen) -> None:
    h._reply(200, user)


def _patch_user(h: _Handler, fake: FakeLineWorks, user: dict, _query: dict, seen: Seen) -> None:
    try:
        body = seen.json
    except ValueError:
        body = None
    if not isinstance(body, dict) or not body:
        h._error(400, "INVALID_PARAMETER", "a JSON object is required")
        return
    with fake.lock:
        for key, value in body.items():
            if value is None:
                user.pop(key, None)  # the reference: a null erases the value
            else:
                user[key] = value
    h._reply(200, user)


def _suspend(h: _Handler, fake: FakeLineWorks, user: dict, _query: dict, _seen: Seen) -> None:
    with fake.lock:
        if user["userId"] in fake.top_admins:
            h._error(400, "INVALID_PARAMETER", "The super admin cannot be suspended.")
            return
        if user["isSuspended"] or user["isDeleted"] or user["isPending"]:
            h._error(400, "INVALID_PARAMETER", "Only an active member can be suspended.")
            return
        user["isSuspended"] = True
        user["suspendedReason"] = "MASTER"
        user["isAwaiting"] = False  # a suspension clears the away setting
    h._reply(204)


def _unsuspend(h: _Handler, fake: FakeLineWorks, user: dict, _query: dict, _seen: Seen) -> None:
    with fake.lock:
        if not user["isSuspended"]:
            h._error(400, "INVALID_PARAMETER", "The member is not suspended.")
            return
        user["isSuspended"] = False
        user.pop("suspendedReason", None)
    h._reply(204)


def _undelete(h: _Handler, fake: FakeLineWorks, user: dict, _query: dict, _seen: Seen) -> None:
    with fake.lock:
        if not user["isDeleted"]:
            h._error(400, "INVALID_PARAMETER", "The member is not deleted.")
            return
        deleted = fake.deleted_at.get(user["userId"])
        if deleted is not None and time.time() - deleted > 7 * 86400:
            h._error(400, "INVALID_PARAMETER", "A member deleted more than 7 days ago cannot be restored.")
            return
        user["isDeleted"] = False
        fake.deleted_at.pop(user["userId"], None)
    h._reply(204)


def _bot_message(h: _Handler, fake: FakeLineWorks, user: dict, _query: dict, seen: Seen) -> None:
    bot = unquote(seen.path[len(API_PREFIX) + 1:].split("/")[1])
    try:
        body = seen.json
    except ValueError:
        body = None
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or content.get("type") != "text" or not content.get("text"):
        h._error(400, "INVALID_PARAMETER", "content.type text with a text is required")
        return
    with fake.lock:
        if bot not in fake.bots:
            h._error(404, "NOT_FOUND", "The bot does not exist.")
            return
        fake.bot_messages.append({"bot": bot, "user": user["userId"], "text": content["text"]})
    h._reply(201)


def _force_logout(h: _Handler, _fake: FakeLineWorks, _user: dict, _query: dict, _seen: Seen) -> None:
    h._reply(202)


def _audit_download(h: _Handler, fake: FakeLineWorks, _user: Any, query: dict, _seen: Seen) -> None:
    for name in ("service", "startTime", "endTime"):
        if not query.get(name):
            h._error(400, "INVALID_PARAMETER", f"{name} is required")
            return
    with fake.lock:
        ticket = str(len(fake.audit_downloads) + 1)
        fake.audit_downloads[ticket] = fake.audit_csv
    h._reply(302, None, {"Location": f"{fake.base_url}{DOWNLOAD_PREFIX}{ticket}"})


def _audit_file(h: _Handler, fake: FakeLineWorks, _user: Any, _query: dict, seen: Seen) -> None:
    ticket = seen.path[len(DOWNLOAD_PREFIX):]
    with fake.lock:
        content = fake.audit_downloads.get(ticket)
    if content is None:
        h._error(404, "NOT_FOUND", "download expired")
        return
    h._reply(200, content)


_ROUTES = {
    ("GET", "/users"): _list_users,
    ("GET", "/users/{id}"): _get_user,
    ("PATCH", "/users/{id}"): _patch_user,
    ("POST", "/users/{id}/suspend"): _suspend,
    ("POST", "/users/{id}/unsuspend"): _unsuspend,
    ("POST", "/users/{id}/force-logout"): _force_logout,
    ("POST", "/users/{id}/undelete"): _undelete,
    ("POST", "/bots/{bot}/users/{id}/messages"): _bot_message,
    ("GET", "/audits/logs/download"): _audit_download,
    ("GET", "/download/audit/{n}"): _audit_file,
}
