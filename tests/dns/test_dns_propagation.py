"""Before and after an MX switch on a real server: the zone file is rewritten and nsd
reloaded (SIGHUP); a caching resolver keeps the old MX for its TTL."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from helpdesk_tui.dns import (
    InvalidName,
    check_domain,
    check_propagation,
    propagation_note,
    transfer_vs_dns_change,
)

from dns_zones import SWITCH_OLD_TTL, switch_zone

OLD, NEW = "old-mx.switch.test", "new-mx.switch.test"


async def test_before_the_switch_the_source_itself_is_not_changed(switch):
    report = await check_propagation("switch.test", NEW, old_mx=OLD, resolvers=[switch.spec],
                                     authoritative=[switch.spec], timeout=2)
    assert report.source == "stale"
    assert [(r.state, r.hosts) for r in report.rows] == [("stale", (OLD,))]
    # Waiting will not help: the zone has not been changed, so no estimate.
    assert report.estimate is None and not report.propagated
    [wrong] = [f for f in report.findings if f.id == "mx-wrong-host"]
    assert wrong.severity == "error" and wrong.params["found"] == f"10 {OLD}"


async def test_after_the_reload_a_cache_is_stale_until_its_ttl_runs_out(switch, cache):
    # The cache learns the old MX, then the zone is switched and nsd reloaded.
    warm = await check_domain("switch.test", resolvers=[cache.spec], authoritative=[switch.spec], timeout=2)
    assert warm.authoritative[0].soa_serial == 1
    switch.replace_zone("switch.test", switch_zone(2), serial=2)

    seen = []
    report = await check_propagation("switch.test", NEW, old_mx=OLD, resolvers=[switch.spec, cache.spec],
                                     authoritative=[switch.spec], timeout=2, on_result=seen.append)
    assert [row.report.soa_serial for row in report.authoritative_rows] == [2]
    assert report.source == "match"
    fresh, cached = report.rows
    assert (fresh.state, fresh.hosts) == ("match", (NEW,))
    assert (cached.state, cached.hosts) == ("stale", (OLD,))
    assert 0 <= cached.ttl <= SWITCH_OLD_TTL
    assert cached.expires_at - timedelta(seconds=cached.ttl) >= report.checked_at
    assert report.estimate == cached.expires_at
    [stale] = [f for f in report.findings if f.id == "stale"]
    assert stale.subject == cache.spec and stale.severity == "warning"
    assert [e.said for e in stale.evidence] == [
        f"switch.test MX: 10 {NEW}. (TTL {SWITCH_OLD_TTL})",
        f"switch.test MX: 10 {OLD}. (TTL {cached.ttl})",
    ]
    assert {row.state for row in seen} == {"match", "stale"} and len(seen) == 3

    # The domain check says the same: the cache disagrees with the authoritative truth.
    check = await check_domain("switch.test", resolvers=[cache.spec], authoritative=[switch.spec], timeout=2)
    assert [(f.id, f.subject) for f in check.findings if f.id == "stale"] == [("stale", cache.spec)]
    assert {f.id for f in check.findings} <= {"stale", "spf-missing", "dmarc-missing", "ptr-mismatch"}

    # The estimate holds: just after it, the cache has fetched the new MX.
    await asyncio.sleep((report.estimate - datetime.now(timezone.utc)).total_seconds() + 0.2)
    later = await check_propagation("switch.test", NEW, old_mx=OLD, resolvers=[switch.spec, cache.spec],
                                    authoritative=[switch.spec], timeout=2)
    assert [row.state for row in later.rows] == ["match", "match"]
    assert later.propagated and later.estimate is None
    [done] = later.findings
    assert (done.id, done.severity, done.params["count"]) == ("propagated", "ok", "2")


async def test_an_unanswering_resolver_is_an_error_row(switch, blackholes):
    report = await check_propagation("switch.test", OLD, resolvers=[switch.spec, blackholes[0].spec],
                                     authoritative=[switch.spec], timeout=0.5)
    assert [row.state for row in report.rows] == ["match", "error"]
    assert {f.id for f in report.findings} == {"resolver-timeout", "propagated"}


async def test_propagation_needs_the_new_mx():
    with pytest.raises(ValueError):
        await check_propagation("switch.test", [], resolvers=["127.0.0.1:9"])
    with pytest.raises(InvalidName):
        await check_propagation("switch.test", "192.0.2.1", resolvers=["127.0.0.1:9"])


def test_seed_002_explanations_in_both_languages():
    assert "レジストラ" in transfer_vs_dns_change("ja") and "ネームサーバ" in transfer_vs_dns_change("ja")
    assert "registrar" in transfer_vs_dns_change("en")
    assert "48 時間〜1 週間" in propagation_note("ja") and "a week" in propagation_note("en")


async def test_a_real_resolver_cache_is_stale_until_its_ttl_runs_out(nsd, unbound):
    # unbound (a real recursive resolver) caches the old MX; after the zone changes, the
    # authoritative server matches and unbound is stale, its TTL counted down.
    from mail_zones import cached_zone

    first = await check_propagation("cached.test", "old-mx.cached.test", resolvers=[unbound.spec],
                                    authoritative=[nsd.spec], timeout=2)
    assert first.rows[0].state == "match"  # unbound now holds the old MX
    nsd.replace_zone("cached.test", cached_zone(2), serial=2)
    try:
        report = await check_propagation("cached.test", "new-mx.cached.test", old_mx="old-mx.cached.test",
                                         resolvers=[unbound.spec], authoritative=[nsd.spec], timeout=2)
    finally:
        nsd.replace_zone("cached.test", cached_zone(1), serial=1)
    [row] = report.rows
    assert (row.state, row.hosts) == ("stale", ("old-mx.cached.test",)) and 0 < row.ttl <= 60
    assert report.source == "match" and report.estimate == row.expires_at
    assert {f.id for f in report.findings} >= {"stale"} and not report.propagated
