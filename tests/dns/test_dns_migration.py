"""Migration findings (issue 13, item 3) against real servers: a secondary behind on the
SOA serial, a lame name server (three nsd instances sharing one port on 127.0.0.1-3, found
through NS records), old and new MX both published, a long MX TTL before the switch, a
non-recursive server used as resolver; and the true "asking N servers" count."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from helpdesk_tui.cli.main import main
from helpdesk_tui.dns import check_domain, check_propagation


def _by_id(report):
    out = {}
    for finding in report.findings:
        out.setdefault(finding.id, []).append(finding)
    return out


async def test_a_lagging_secondary_is_a_serial_mismatch_not_a_stale_cache(fleet):
    report = await check_domain("lag.test", resolvers=[fleet.primary.spec], timeout=1, ns_port=fleet.port)
    assert report.authority.source == "discovered" and len(report.authority.servers) == 3
    found = _by_id(report)
    [behind] = found["soa-serial-mismatch"]
    assert behind.subject == f"ns2.lag.test ({fleet.secondary.spec})"
    assert (behind.params["serial"], behind.params["newest"]) == ("1", "2")
    assert "Waiting does not fix this" in behind.message("en") and "DNS host" in behind.fix("en")
    assert "stale" not in found  # not "wait for the cache": the DNS host must fix it
    [lame] = found["lame-delegation"]
    assert lame.subject == f"ns3.lag.test ({fleet.lame.spec})" and lame.params["rcode"] == "REFUSED"
    assert "ns3.lag.test" in lame.fix("ja")


async def test_propagation_leaves_the_lagging_secondary_out_of_the_estimate(fleet):
    report = await check_propagation("lag.test", "new-mx.lag.test", old_mx="old-mx.lag.test",
                                     resolvers=[fleet.primary.spec], timeout=1, ns_port=fleet.port)
    ids = {f.id for f in report.findings}
    assert "soa-serial-mismatch" in ids and "stale" not in ids
    assert report.estimate is None  # the only stale row is the lagging secondary


async def test_old_and_new_mx_together_is_dual_delivery_with_a_long_ttl_warning(nsd):
    switch_at = datetime.now(timezone.utc) + timedelta(days=3)
    report = await check_domain("dual.test", resolvers=[nsd.spec], authoritative=[nsd.spec],
                                old_mx="old.dual.test", switch_at=switch_at, timeout=2)
    found = _by_id(report)
    [dual] = found["mx-dual-delivery"]
    assert (dual.params["old"], dual.params["new"]) == ("old.dual.test", "new.dual.test")
    assert "part of the mail still goes to the old server" in dual.message("en")
    [ttl] = found["ttl-long"]
    assert ttl.params["ttl"] == "86400" and ttl.params["hours"] == "24"
    assert ttl.params["before"] == (switch_at - timedelta(days=1)).strftime("%Y-%m-%d %H:%M %Z").strip()


async def test_the_old_server_is_recognised_by_the_checklists_address(nsd):
    report = await check_domain("dual.test", resolvers=[nsd.spec], authoritative=[nsd.spec],
                                old_addresses=("203.0.113.25",), timeout=2)
    assert [f.params["old"] for f in report.findings if f.id == "mx-dual-delivery"] == ["old.dual.test"]


async def test_without_migration_context_no_dual_delivery_or_ttl_warning(nsd):
    report = await check_domain("dual.test", resolvers=[nsd.spec], authoritative=[nsd.spec], timeout=2)
    assert not {"mx-dual-delivery", "ttl-long"} & {f.id for f in report.findings}


async def test_an_authoritative_only_server_used_as_resolver_is_not_recursive(nsd, fleet):
    # nsd serves no lag.test: asked as a resolver it refuses. Read as NODATA, this gave
    # a false mx-dangling.
    report = await check_domain("lag.test", resolvers=[nsd.spec, fleet.primary.spec],
                                authoritative=[fleet.primary.spec], timeout=1)
    [finding] = [f for f in report.findings if f.id == "resolver-not-recursive"]
    assert finding.subject == nsd.spec and "mx-dangling" not in {f.id for f in report.findings}


async def test_a_real_resolver_is_recursive_and_agrees(unbound, fleet):
    report = await check_domain("lag.test", resolvers=[unbound.spec], timeout=2, ns_port=fleet.port)
    assert "resolver-not-recursive" not in {f.id for f in report.findings}
    assert report.resolvers[0].status == "ok" and not report.resolvers[0].answers[0].aa


def test_asking_count_is_true_and_pluralised(fleet, capsys):
    main(["domain", "check", "lag.test", "--resolver", fleet.primary.spec, "--timeout", "1"])
    out = capsys.readouterr().out
    assert "asking 1 server (" in out and "1 servers" not in out
    assert "Asking the zone's 3 servers as well" in out and "4 servers asked in" in out


async def test_a_referral_is_not_read_as_no_records(nsd):
    report = await check_domain("sub.deleg.test", resolvers=[nsd.spec], timeout=1)
    [finding] = report.findings
    assert (finding.id, finding.severity, finding.subject) == ("resolver-not-recursive", "error", nsd.spec)
    assert "referral to sub.deleg.test" in finding.evidence[0].said
    assert "ほかのサーバを案内" in finding.evidence[0].said_in("ja")
    assert report.resolvers[0].answer("sub.deleg.test", "MX").status == "error"  # not NODATA


def test_domain_check_takes_the_old_server_and_switch_time_from_the_checklist(nsd, tmp_path, capsys):
    import json

    from helpdesk_tui import operators
    from helpdesk_tui.mail import mark_step
    from helpdesk_tui.store import Store

    admin = {"username": operators.current_os_user(), "role": "admin", "display_name": "admin"}
    store = Store.create(tmp_path / "store")
    with store.transaction() as tx:
        tx.tenant.set({"name": "t", "plan": "paid", "primary_domain": "dual.test",
                       "domains": [{"name": "dual.test", "status": "in-use", "provided": False}]})
        tx.operators.put(admin)
    mark_step(store, admin, "server-ip-found", server_ip="203.0.113.25")  # old.dual.test's address
    mark_step(store, admin, "accounts-created", new_server="192.0.2.74")  # new.dual.test, not in SPF
    code = main(["--store", str(tmp_path / "store"), "domain", "check", "dual.test", "--from-checklist",
                 "--resolver", nsd.spec, "--authoritative", nsd.spec, "--json"])
    found = {f["id"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    assert code == 0 and found["mx-dual-delivery"]["params"]["old"] == "old.dual.test"
    assert found["spf-missing-server"]["severity"] == "error"  # dual.test's DMARC is p=reject
    assert found["ttl-long"]["params"]["before"] == "—"  # no switch time requested yet
    assert "no earlier than 86400 s (one old TTL) after lowering" in found["ttl-long"]["fix"]["en"]


def test_mail_propagation_recognises_the_old_server_from_the_checklist(nsd, tmp_path, capsys):
    import json

    from helpdesk_tui import operators
    from helpdesk_tui.mail import mark_step
    from helpdesk_tui.store import Store

    admin = {"username": operators.current_os_user(), "role": "admin", "display_name": "admin"}
    store = Store.create(tmp_path / "store")
    with store.transaction() as tx:
        tx.tenant.set({"name": "t", "plan": "paid", "primary_domain": "dual.test",
                       "domains": [{"name": "dual.test", "status": "in-use", "provided": False}]})
        tx.operators.put(admin)
    mark_step(store, admin, "server-ip-found", server_ip="203.0.113.25")
    main(["--store", str(tmp_path / "store"), "mail", "propagation", "dual.test", "--expect-mx",
          "new.dual.test", "--from-checklist", "--resolver", nsd.spec, "--authoritative", nsd.spec, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert "mx-dual-delivery" in {f["id"] for f in data["findings"]} and not data["propagated"]
