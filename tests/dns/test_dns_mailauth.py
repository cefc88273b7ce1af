"""Mail authentication (issue 13, item 4) on real zones: SPF, DMARC, DKIM and PTR, each
with evidence and a fix in both languages, asked of nsd directly and through unbound."""

from __future__ import annotations

import pytest

from helpdesk_tui.cli.main import main
from helpdesk_tui.dns import check_domain


async def _check(nsd, domain, **options):
    return await check_domain(domain, resolvers=[nsd.spec], authoritative=[nsd.spec], timeout=2, **options)


def _by_id(report):
    return {f.id: f for f in report.findings}


async def test_a_domain_that_passes_everything_has_no_mail_auth_findings(nsd):
    report = await _check(nsd, "auth.test", dkim_selector="s2048", new_server="192.0.2.130")
    assert report.findings == ()


async def test_spf_lookups_are_counted_through_nested_includes(nsd):
    found = _by_id(await _check(nsd, "spfbad.test"))
    many = found["spf-too-many-lookups"]
    assert many.severity == "error" and many.params["count"] == "14"
    assert "include:i3.spfbad.test (i1.spfbad.test)" in many.params["terms"]
    assert "RFC 7208 §4.6.4" in many.message("en") and "14" in many.message("ja")
    assert found["spf-permissive-all"].params["all"] == "?all"
    assert found["dmarc-missing"].subject == "_dmarc.spfbad.test"
    ptr = found["ptr-mismatch"]
    assert ptr.subject == "192.0.2.71" and ptr.params["ptr"] == "wrong.spfbad.test"
    assert ptr.evidence and "PTR" in ptr.evidence[0].said


async def test_plus_all_and_a_broken_dmarc_record(nsd):
    found = _by_id(await _check(nsd, "dmarcbad.test"))
    assert (found["spf-permissive-all"].severity, found["spf-permissive-all"].params["all"]) == ("error", "+all")
    assert "p=block is not none" in found["dmarc-malformed"].message("en")
    assert "p=block は none・quarantine・reject のどれでもありません" in found["dmarc-malformed"].message("ja")
    assert "v=DMARC1;" in found["dmarc-malformed"].fix("en")


async def test_a_new_server_missing_from_spf_is_named_with_the_dmarc_policy(nsd):
    none = _by_id(await _check(nsd, "dmarcnone.test", new_server="198.51.100.9"))
    assert none["spf-missing-server"].severity == "warning" and "dmarc-policy-none" in none
    strict = _by_id(await _check(nsd, "dual.test", new_server="new.dual.test"))
    missing = strict["spf-missing-server"]
    assert missing.severity == "error" and missing.params["addresses"] == "192.0.2.74"
    assert "reject" in missing.message("en") and "新メールサーバ new.dual.test" in missing.message("ja")


@pytest.mark.parametrize(("selector", "problem", "fix"), [
    ("s512", "the RSA key has 512 bits", "at least 1024 bits"),
    ("revoked", "revoked", "publish the DKIM key"),
    ("nothere", "no TXT record", "publish the DKIM key"),
])
async def test_dkim_key_missing_or_too_short(nsd, selector, problem, fix):
    [finding] = [f for f in (await _check(nsd, "auth.test", dkim_selector=selector)).findings]
    assert finding.id == "dkim-missing" and finding.subject == f"{selector}._domainkey.auth.test"
    assert problem in finding.message("en") and fix in finding.fix("en").replace("Publish", "publish")
    assert finding.fix("ja") and finding.evidence
    assert not any(word in finding.message("ja") for word in ("bits", "key is revoked", "no TXT"))


async def test_through_a_real_recursive_resolver(unbound, nsd):
    # unbound resolves the lab through its stub zones: no authoritative server given.
    report = await check_domain("spfbad.test", resolvers=[unbound.spec], timeout=3, ns_port=nsd.port)
    assert report.authority.source == "discovered"
    assert {"spf-too-many-lookups", "ptr-mismatch", "dmarc-missing"} <= set(_by_id(report))


def test_domain_check_json_carries_the_new_findings_in_both_languages(nsd, capsys):
    code = main(["domain", "check", "dmarcnone.test", "--resolver", nsd.spec, "--authoritative", nsd.spec,
                 "--new-server", "198.51.100.9", "--dkim-selector", "s1", "--json"])
    import json
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    ids = {f["id"]: f for f in data["findings"]}
    assert {"spf-missing-server", "dmarc-policy-none", "dkim-missing"} <= set(ids)
    assert ids["spf-missing-server"]["fix"]["ja"] and ids["spf-missing-server"]["evidence"]
