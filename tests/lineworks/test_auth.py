"""Service-account tokens against the fake token endpoint (which verifies the JWT)."""

from __future__ import annotations

import dataclasses
import threading
import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from helpdesk_tui.lineworks import ApiAuthFailed, ApiUnavailable, TokenCache, make_assertion, request_token
from helpdesk_tui.lineworks.auth import GRANT_TYPE, JWT_LIFETIME
from lw_support import CLIENT_ID, CLIENT_SECRET, SERVICE_ACCOUNT, FakeTime


@pytest.fixture
def http():
    with httpx.Client(timeout=5, trust_env=False) as client:
        yield client


def test_assertion_is_an_rs256_jwt_with_the_documented_claims(config, rsa_key):
    token = make_assertion(config, now=1_763_600_000)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["typ"] == "JWT"
    claims = jwt.decode(token, rsa_key.public_key(), algorithms=["RS256"],
                        options={"verify_exp": False})
    assert claims == {"iss": CLIENT_ID, "sub": SERVICE_ACCOUNT, "iat": 1_763_600_000,
                      "exp": 1_763_600_000 + 3600}
    assert JWT_LIFETIME == 3600


def test_token_request_sends_the_documented_form(config, fake_api, http):
    token = request_token(config, http)
    assert token.token_type == "Bearer"
    assert token.expires_in == 86400.0  # sent as the string "86400"
    assert token.refresh_token
    (seen,) = fake_api.token_requests
    form = seen["form"]
    assert set(form) == {"assertion", "grant_type", "client_id", "client_secret", "scope"}
    assert form["grant_type"] == GRANT_TYPE == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert form["client_id"] == CLIENT_ID and form["client_secret"] == CLIENT_SECRET
    assert form["scope"] == config.scope
    assert seen["claims"]["iss"] == CLIENT_ID and seen["claims"]["sub"] == SERVICE_ACCOUNT
    assert "access_token" not in repr(token) and token.access_token not in repr(token)


def test_wrong_secret_is_an_auth_failure_naming_the_settings(config, fake_api, http):
    bad = dataclasses.replace(config, client_secret="wrong")
    with pytest.raises(ApiAuthFailed) as caught:
        request_token(bad, http)
    message = str(caught.value)
    assert "invalid_client" in message and "client_secret" in message
    assert "wrong" not in message  # never echo a secret


def test_jwt_signed_with_another_key_is_refused(config, fake_api, http):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ApiAuthFailed) as caught:
        request_token(dataclasses.replace(config, private_key=stranger), http)
    assert "invalid_grant" in str(caught.value)
    assert fake_api.token_requests == []


def test_expired_jwt_is_refused(config, fake_api, http):
    with pytest.raises(ApiAuthFailed):
        request_token(config, http, now=time.time() - 2 * JWT_LIFETIME)


def test_unreachable_login_server(config, http):
    closed = dataclasses.replace(config, auth_url="http://127.0.0.1:9/token")
    with pytest.raises(ApiUnavailable) as caught:
        request_token(closed, http)
    assert "cannot reach the LINE WORKS login server" in str(caught.value)


def test_token_is_cached_until_shortly_before_expiry(config, fake_api, http):
    fake_api.token_lifetime = 3600
    now = FakeTime()
    cache = TokenCache(config, http, clock=now.clock)
    first = cache.get()
    now.advance(3600 - 61)
    assert cache.get() == first
    assert len(fake_api.token_requests) == 1
    now.advance(2)  # inside the 60 s margin
    second = cache.get()
    assert second != first
    assert len(fake_api.token_requests) == 2
    assert cache.get() == second


def test_short_lived_token_is_renewed_at_half_life(config, fake_api, http):
    fake_api.token_lifetime = 60
    now = FakeTime()
    cache = TokenCache(config, http, clock=now.clock)
    first = cache.get()
    now.advance(29)
    assert cache.get() == first
    now.advance(2)
    assert cache.get() != first


def test_invalidate_only_drops_the_token_that_failed(config, fake_api, http):
    cache = TokenCache(config, http, clock=FakeTime().clock)
    old = cache.get()
    cache.invalidate(old)
    new = cache.get()
    assert new != old
    cache.invalidate(old)  # a late thread reporting the old token's 401
    assert cache.get() == new
    assert len(fake_api.token_requests) == 2


def test_concurrent_callers_share_one_token_request(config, fake_api, http):
    cache = TokenCache(config, http)
    results: list[str] = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        results.append(cache.get())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and len(results) == 8
    assert len(fake_api.token_requests) == 1
