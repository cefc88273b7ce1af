"""The client's safeguards against the real loopback server: rate limiter, 429 with
Retry-After, 401 → one new token, 5xx retried for GET only, writes never retried."""

from __future__ import annotations

import dataclasses
import email.utils
import threading
import time

import pytest

from helpdesk_tui.lineworks import (
    ApiAuthFailed,
    ApiNotFound,
    ApiRateLimited,
    ApiRefused,
    ApiUnavailable,
    LineWorksClient,
    RateLimiter,
    WriteOutcomeUnknown,
    load_config,
    parse_retry_after,
)
from lw_support import FakeTime

USER = "/users/user0001-aaaa"
SUSPEND = "/users/user0001-aaaa/suspend"


@pytest.fixture(autouse=True)
def one_user(fake_api):
    fake_api.add_user("user0001-aaaa", "tanaka@example.co.jp", "田中", "太郎")


def test_a_config_file_on_disk_drives_a_real_exchange(config_file, fake_api):
    """End to end with nothing injected: TOML file → key → JWT → token → API call."""
    with LineWorksClient(load_config(config_file)) as client:
        assert client.get_json(USER)["email"] == "tanaka@example.co.jp"
    assert len(fake_api.token_requests) == 1


# ---------------------------------------------------------------------- rate limiter

def test_limiter_allows_a_burst_then_spaces_requests_evenly():
    now = FakeTime()
    limiter = RateLimiter(60, burst=3, clock=now.clock, sleep=now.sleep)
    for _ in range(6):
        limiter.acquire()
    assert now.sleeps == pytest.approx([1.0, 1.0, 1.0])  # 60/min: one a second after the burst


def test_limiter_refills_while_idle():
    now = FakeTime()
    limiter = RateLimiter(240, burst=2, clock=now.clock, sleep=now.sleep)
    limiter.acquire(), limiter.acquire()
    now.advance(0.5)  # 240/min = 4/s: two tokens back
    limiter.acquire(), limiter.acquire()
    assert now.sleeps == []
    limiter.acquire()
    assert now.sleeps == pytest.approx([0.25])


def test_limiter_defer_holds_every_caller_back():
    now = FakeTime()
    limiter = RateLimiter(240, clock=now.clock, sleep=now.sleep)
    limiter.defer(7)
    limiter.acquire()
    assert now.sleeps == pytest.approx([7.0])


def test_limiter_is_fair_across_threads():
    now = FakeTime()
    waits: list[float] = []
    # the clock stands still while five threads arrive at once; sleeping is only recorded
    limiter = RateLimiter(60, burst=1, clock=now.clock, sleep=waits.append)
    threads = [threading.Thread(target=limiter.acquire) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # each thread reserved its own slot: waits of 1..4 s (in some order), none doubled up
    assert sorted(waits) == pytest.approx([1.0, 2.0, 3.0, 4.0])


def test_client_spaces_real_requests(make_client, fake_api, fake_time, config):
    client = make_client(dataclasses.replace(config, requests_per_minute=60), burst=2)
    for _ in range(5):
        client.get_json(USER)
    assert fake_api.count("GET", "/users/{id}") == 5
    assert fake_time.sleeps == pytest.approx([1.0, 1.0, 1.0])


# ---------------------------------------------------------------------- Retry-After

def test_parse_retry_after_seconds_and_http_date():
    assert parse_retry_after("7", now=0) == 7.0
    assert parse_retry_after(" 1.5 ", now=0) == 1.5
    date = email.utils.formatdate(1_800_000_030, usegmt=True)
    assert parse_retry_after(date, now=1_800_000_000) == pytest.approx(30.0)
    assert parse_retry_after(email.utils.formatdate(1_000, usegmt=True), now=2_000) == 0.0
    assert parse_retry_after(None, now=0) is None
    assert parse_retry_after("soon", now=0) is None
    assert parse_retry_after("-3", now=0) is None


def test_429_honours_retry_after_seconds(make_client, fake_api, fake_time):
    fake_api.rate_limit_next(2, retry_after="7")
    client = make_client()
    assert client.get_json(USER)["userId"] == "user0001-aaaa"
    assert fake_time.sleeps == pytest.approx([7.0, 7.0])
    assert fake_api.count("GET", "/users/{id}") == 3


def test_429_honours_retry_after_http_date(make_client, fake_api, fake_time):
    wall = float(int(time.time()))  # the JWT is stamped with it too: keep it real
    fake_api.rate_limit_next(1, retry_after=email.utils.formatdate(wall + 30, usegmt=True))
    client = make_client(wall_clock=lambda: wall)
    client.get_json(USER)
    assert fake_time.sleeps == pytest.approx([30.0])


def test_429_without_retry_after_uses_the_ratelimit_reset_header(make_client, fake_api, fake_time):
    fake_api.rate_limit_next(1, retry_after=None, **{"rateLimit-reset": "12"})
    make_client().get_json(USER)
    assert fake_time.sleeps == pytest.approx([12.0])


def test_429_without_any_hint_backs_off_exponentially(make_client, fake_api, fake_time):
    fake_api.rate_limit_next(3, retry_after=None)
    make_client(backoff=1.0).get_json(USER)
    assert fake_time.sleeps == pytest.approx([2.0, 4.0, 8.0])


def test_429_gives_up_after_the_retries(make_client, fake_api, fake_time):
    fake_api.rate_limit_next(10, retry_after="2")
    client = make_client(max_retries=3)
    with pytest.raises(ApiRateLimited) as caught:
        client.get_json(USER)
    assert caught.value.retry_after == 2.0 and caught.value.status == 429
    assert caught.value.code == "TOO_MANY_REQUESTS"
    assert fake_api.count("GET", "/users/{id}") == 4
    assert fake_time.sleeps == pytest.approx([2.0, 2.0, 2.0])


def test_429_with_a_wait_too_long_to_sleep_is_raised_at_once(make_client, fake_api, fake_time):
    fake_api.rate_limit_next(1, retry_after="3600")
    with pytest.raises(ApiRateLimited) as caught:
        make_client(max_retry_after=120).get_json(USER)
    assert caught.value.retry_after == 3600.0
    assert "3600 s" in str(caught.value)
    assert fake_time.sleeps == []


def test_429_on_a_write_is_retried_because_it_was_not_processed(make_client, fake_api, fake_time):
    fake_api.rate_limit_next(1, retry_after="3")
    make_client().request("POST", SUSPEND)
    assert fake_api.count("POST", "/users/{id}/suspend") == 2
    assert fake_api.users["user0001-aaaa"]["isSuspended"] is True
    assert fake_time.sleeps == pytest.approx([3.0])


# ---------------------------------------------------------------------- 401

def test_401_gets_a_new_token_and_retries_once(make_client, fake_api):
    client = make_client()
    client.get_json(USER)
    fake_api.expire_tokens()
    assert client.get_json(USER)["email"] == "tanaka@example.co.jp"
    assert len(fake_api.token_requests) == 2
    assert fake_api.count("GET", "/users/{id}") == 3
    first, second, third = (seen.headers["authorization"] for seen in fake_api.seen("GET"))
    assert first == second != third


def test_401_twice_gives_up(make_client, fake_api):
    fake_api.reject_all_tokens = True
    with pytest.raises(ApiAuthFailed) as caught:
        make_client().get_json(USER)
    assert caught.value.status == 401
    assert fake_api.count("GET", "/users/{id}") == 2
    assert len(fake_api.token_requests) == 2


def test_401_on_a_write_is_retried_once_too(make_client, fake_api):
    client = make_client()
    client.get_json(USER)
    fake_api.expire_tokens()
    client.request("POST", SUSPEND)
    assert fake_api.count("POST", "/users/{id}/suspend") == 2
    assert fake_api.users["user0001-aaaa"]["isSuspended"] is True


def test_every_request_carries_the_bearer_token_and_accepts_json(make_client, fake_api):
    make_client().get_json(USER)
    (seen,) = fake_api.seen("GET")
    assert seen.headers["authorization"].startswith("Bearer ")
    assert seen.headers["authorization"][7:] in fake_api.valid_tokens
    assert "application/json" in seen.headers["accept"]


# ---------------------------------------------------------------------- 5xx and the network

def test_5xx_is_retried_with_backoff_for_get(make_client, fake_api, fake_time):
    fake_api.fail_next(2, status=503)
    assert make_client(backoff=0.5).get_json(USER)["userId"] == "user0001-aaaa"
    assert fake_api.count("GET", "/users/{id}") == 3
    assert fake_time.sleeps == pytest.approx([0.5, 1.0])


def test_5xx_retry_honours_retry_after(make_client, fake_api, fake_time):
    fake_api.fail_next(1, status=503, retry_after="5")
    make_client(backoff=0.5).get_json(USER)
    assert fake_time.sleeps == pytest.approx([5.0])


def test_5xx_on_get_gives_up_after_the_retries(make_client, fake_api, fake_time):
    fake_api.fail_next(10, status=500)
    with pytest.raises(ApiUnavailable) as caught:
        make_client(max_retries=2).get_json(USER)
    assert caught.value.status == 500
    assert fake_api.count("GET", "/users/{id}") == 3


@pytest.mark.parametrize("method, path, route", [
    ("POST", SUSPEND, "/users/{id}/suspend"),
    ("PATCH", USER, "/users/{id}"),
])
def test_5xx_on_a_write_is_not_retried_and_outcome_unknown(make_client, fake_api, fake_time, method, path, route):
    fake_api.fail_next(1, status=502)
    with pytest.raises(WriteOutcomeUnknown) as caught:
        make_client().request(method, path, json={"cellPhone": "09011112222"} if method == "PATCH" else None)
    assert "may or may not have been applied" in str(caught.value)
    assert caught.value.status == 502
    assert fake_api.count(method, route) == 1
    assert fake_time.sleeps == []


def test_post_that_times_out_is_outcome_unknown_and_not_retried(make_client, fake_api):
    fake_api.delay_next(1, 0.6)
    client = make_client(timeout=0.2)
    with pytest.raises(WriteOutcomeUnknown) as caught:
        client.request("POST", SUSPEND)
    assert "no answer in time" in str(caught.value)
    assert fake_api.count("POST", "/users/{id}/suspend") == 1
    # and the server did apply it once the delay was over: "unknown" really is unknown
    deadline_ok = fake_api.wait_for("POST", "/users/{id}/suspend", 1)
    assert deadline_ok
    for _ in range(100):
        if fake_api.users["user0001-aaaa"]["isSuspended"]:
            break
        threading.Event().wait(0.01)
    assert fake_api.users["user0001-aaaa"]["isSuspended"] is True
    assert fake_api.count("POST", "/users/{id}/suspend") == 1


def test_get_that_times_out_is_retried(make_client, fake_api, fake_time):
    fake_api.delay_next(1, 0.6)
    assert make_client(timeout=0.2).get_json(USER)["userId"] == "user0001-aaaa"
    assert fake_api.count("GET", "/users/{id}") == 2
    assert len(fake_time.sleeps) == 1


def test_get_that_keeps_timing_out_is_unavailable(make_client, fake_api):
    fake_api.delay_next(3, 0.5)
    with pytest.raises(ApiUnavailable) as caught:
        make_client(timeout=0.15, max_retries=1).get_json(USER)
    assert "did not answer in time" in str(caught.value)


def test_unreachable_api_is_a_plain_unavailable_error(make_client, config):
    closed = dataclasses.replace(config, api_base_url="http://127.0.0.1:9/v1.0")
    client = make_client(closed)
    client.tokens.get = lambda: "unused"  # the token endpoint is not what is being tested
    with pytest.raises(ApiUnavailable) as caught:
        client.get_json(USER)
    assert "cannot reach the LINE WORKS API" in str(caught.value)
    with pytest.raises(ApiUnavailable) as caught:
        client.request("POST", SUSPEND)
    assert "was not sent, nothing was changed" in str(caught.value)


# ---------------------------------------------------------------------- 4xx

def test_404_is_not_found(make_client):
    with pytest.raises(ApiNotFound) as caught:
        make_client().get_json("/users/nobody@example.co.jp")
    assert caught.value.status == 404 and caught.value.code == "NOT_FOUND"
    assert "The user does not exist." in str(caught.value)


def test_400_is_refused_with_the_api_message(make_client, fake_api):
    fake_api.top_admins.add("user0001-aaaa")
    with pytest.raises(ApiRefused) as caught:
        make_client().request("POST", SUSPEND)
    assert "The super admin cannot be suspended." in str(caught.value)
    assert caught.value.status == 400 and caught.value.code == "INVALID_PARAMETER"
    assert fake_api.count("POST", "/users/{id}/suspend") == 1


def test_errors_never_contain_the_token_or_secret(make_client, fake_api, config):
    fake_api.reject_all_tokens = True
    client = make_client()
    with pytest.raises(ApiAuthFailed) as caught:
        client.get_json(USER)
    text = str(caught.value) + repr(caught.value.__dict__)
    assert config.client_secret not in text
    for token in fake_api.valid_tokens:
        assert token not in text
