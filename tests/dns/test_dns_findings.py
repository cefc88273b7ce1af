"""Every DNS finding, produced from a real zone served by nsd.

Each case is a zone built to show one problem; the check must report exactly the
expected findings (not a pile of consequences) with the evidence of the server that
said it and the fix in both languages.
"""

from __future__ import annotations

import pytest

from helpdesk_tui.dns import check_domain
from helpdesk_tui.glossary import DNS_FINDINGS

CASES = [
    # (domain, options, {(finding id, severity, subject)})
    ("verified.test", {"expect_mx": "mx.verified.test", "expect_txt": "helpdesk-verification=tok-123"},
     {("verified", "ok", "verified.test")}),
    ("missing.verified.test", {}, {("nxdomain", "error", "missing.verified.test")}),
    ("missing.verified.test", {"expect_mx": "mx.verified.test"},
     {("nxdomain", "error", "missing.verified.test")}),
    ("nomx.test", {}, {("mx-missing", "warning", "nomx.test")}),
    ("nomx.test", {"expect_mx": "mx.nomx.test"}, {("mx-missing", "error", "nomx.test")}),
    ("verified.test", {"expect_mx": "mx1.elsewhere.example"},
     {("mx-wrong-host", "error", "verified.test")}),
    ("pref.test", {"expect_mx": "new.pref.test"},
     {("mx-wrong-host", "warning", "pref.test"), ("verified", "ok", "pref.test")}),
    ("ptcname.test", {}, {("mx-points-to-cname", "error", "mail.ptcname.test")}),
    ("ptip.test", {}, {("mx-points-to-ip", "error", "192.0.2.40"),
                       ("mx-points-to-ip", "error", "192.0.2.41.ptip.test")}),
    ("dangling.test", {}, {("mx-dangling", "error", "gone.dangling.test")}),
    ("dup.test", {}, {("mx-duplicate", "warning", "mx.dup.test")}),
    ("nullmx.test", {}, {("null-mx", "info", "nullmx.test")}),
    ("nullmx.test", {"expect_mx": "mx.nullmx.test"},
     {("null-mx", "error", "nullmx.test"), ("mx-wrong-host", "error", "nullmx.test")}),
    ("leftover.test", {}, {("leftover-verification-mx", "warning", "abc123.msv1.invalid"),
                           ("leftover-verification-mx", "warning", "xyz.mx-verification.google.com")}),
    # The vendor's verification MX being checked is not "leftover", nor "dangling".
    ("pending.test", {"expect_mx": "tok-9f8e.msv1.invalid"}, {("verified", "ok", "pending.test")}),
    ("shop.cname.test", {}, {("cname-at-apex", "error", "shop.cname.test")}),
    ("verified.test", {"expect_txt": "helpdesk-verification=wrong"},
     {("txt-missing", "error", "verified.test")}),
    ("nomx.test", {"expect_txt": "token"},
     {("txt-missing", "error", "nomx.test"), ("mx-missing", "warning", "nomx.test")}),
    ("spf.test", {}, {("multiple-spf", "error", "spf.test")}),
    # Issue 13: published without the trailing dot, the zone was appended.
    ("dotless.test", {"expect_mx": "tok-5a5a.msv1.invalid"},
     {("mx-wrong-host", "error", "dotless.test"), ("mx-dangling", "error", "mail.example.net.dotless.test")}),
    ("dotless.test", {}, {("mx-dangling", "error", "tok-5a5a.msv1.invalid.dotless.test"),
                          ("mx-dangling", "error", "mail.example.net.dotless.test")}),
]
# Mail authentication is judged on every mail domain; its cases are in test_dns_mailauth.
MAIL_AUTH = {"spf-missing", "spf-too-many-lookups", "spf-permissive-all", "spf-missing-server",
             "dmarc-missing", "dmarc-policy-none", "dmarc-malformed", "dkim-missing", "ptr-mismatch"}


@pytest.mark.parametrize(("domain", "options", "expected"), CASES,
                         ids=[f"{c[0]}-{'-'.join(sorted(i for i, _s, _x in c[2]))}" for c in CASES])
async def test_zone_produces_exactly_its_findings(nsd, domain, options, expected):
    report = await check_domain(domain, resolvers=[nsd.spec], authoritative=[nsd.spec],
                                timeout=2, **options)
    assert {(f.id, f.severity, f.subject) for f in report.findings if f.id not in MAIL_AUTH} == expected
    assert report.truth is not None and report.truth.role == "authoritative"
    for finding in report.findings:
        if finding.id != "verified":
            assert finding.evidence, finding
        for lang in ("ja", "en"):
            assert finding.fix(lang) and "{" not in finding.fix(lang), (finding, lang)
            assert "{" not in finding.message(lang), (finding, lang)


async def test_nxdomain_is_told_apart_from_no_record_of_that_type(nsd):
    gone = await check_domain("missing.verified.test", resolvers=[nsd.spec], authoritative=[nsd.spec])
    empty = await check_domain("nomx.test", resolvers=[nsd.spec], authoritative=[nsd.spec])
    [nx] = gone.findings  # a name that does not exist has no SPF/DMARC findings either
    assert {e.said for e in nx.evidence} == {"missing.verified.test MX: NXDOMAIN (no such name)"}
    assert {e.server for e in nx.evidence} == {nsd.spec}
    assert {e.authoritative for e in nx.evidence} == {True, False}  # both roles said it
    [missing] = [f for f in empty.findings if f.id not in MAIL_AUTH]
    assert missing.evidence[0].said == "nomx.test MX: NOERROR, no MX record"
    # Where mail goes instead (RFC 5321 implicit MX): the A record is in the evidence.
    assert any("192.0.2.20" in e.said for e in missing.evidence)


async def test_evidence_says_which_server_said_what(nsd):
    report = await check_domain("dangling.test", resolvers=[nsd.spec], authoritative=[nsd.spec])
    [finding] = [f for f in report.findings if f.id not in MAIL_AUTH]
    said = [(e.server, e.authoritative, e.said) for e in finding.evidence]
    assert (nsd.spec, True, "dangling.test MX: 10 gone.dangling.test. (TTL 300)") in said
    assert any(s.startswith("gone.dangling.test A: NXDOMAIN") for _srv, _aa, s in said)
    assert "gone.dangling.test" in finding.message("en")
    assert "gone.dangling.test" in finding.message("ja")


async def test_authoritative_answers_carry_aa_serial_and_ttl(nsd):
    report = await check_domain("verified.test", resolvers=[nsd.spec], authoritative=[nsd.spec])
    [auth] = report.authoritative
    assert auth.authoritative_answer and auth.soa_serial == 1
    assert auth.answer("verified.test", "MX").ttl == 300
    assert report.authority.zone.ascii == "verified.test"
    assert [m.text() for m in auth.mx] == ["10 mx.verified.test"]
    assert auth.txt == ("helpdesk-verification=tok-123", "v=spf1 ip4:192.0.2.10 -all")


async def test_expected_txt_may_be_pasted_with_its_quotes(nsd):
    report = await check_domain("verified.test", expect_txt='"helpdesk-verification=tok-123"',
                                resolvers=[nsd.spec], authoritative=[nsd.spec])
    assert [f.id for f in report.findings if f.id not in MAIL_AUTH] == ["verified"]


async def test_a_long_txt_set_is_fetched_again_over_tcp(nsd):
    report = await check_domain("big.test", resolvers=[nsd.spec], authoritative=[nsd.spec])
    txt = report.resolvers[0].answer("big.test", "TXT")
    assert txt.transport == "tcp" and len(txt.records) == 40
    assert [f for f in report.findings if f.id not in MAIL_AUTH] == []


async def test_a_caching_server_given_as_authoritative_is_flagged(nsd, cache):
    # A recursive resolver never sets AA: it is not the zone's authority.
    report = await check_domain("verified.test", resolvers=[nsd.spec], authoritative=[cache.spec])
    [finding] = [f for f in report.findings if f.id == "lame-delegation"]
    assert finding.subject == cache.spec and finding.params["rcode"] == "NOERROR, no AA flag"
    assert report.truth.role == "resolver"  # the zone is then judged on the resolvers


def test_the_cases_cover_every_zone_finding():
    covered = {ident for _d, _o, expected in CASES for ident, _s, _x in expected}
    # The server findings are covered in test_dns_concurrency, stale/propagated in
    # test_dns_propagation.
    elsewhere = {"resolver-timeout", "resolver-error", "stale", "propagated", "mx-host-unresolvable",
                 "lame-delegation", "soa-serial-mismatch", "resolver-not-recursive", "mx-dual-delivery",
                 "ttl-long"} | MAIL_AUTH
    assert covered | elsewhere == set(DNS_FINDINGS)


async def test_the_fix_for_a_missing_verification_mx_never_says_to_delete_the_mail_mx(nsd):
    # Followed literally, "delete the MX records that should no longer receive mail"
    # stopped all incoming mail: the token MX goes beside the current ones.
    report = await check_domain("pending.test", expect_mx="tok-new.msv1.invalid",
                                resolvers=[nsd.spec], authoritative=[nsd.spec])
    [finding] = [f for f in report.findings if f.id == "mx-wrong-host"]
    assert "ADD an MX record" in finding.fix("en") and "Do not delete" in finding.fix("en")
    assert "until the tenant shows the domain verified" in finding.fix("en")
    assert "削除も変更もしないでください" in finding.fix("ja") and "削除し" not in finding.fix("ja")


async def test_a_token_without_its_trailing_dot_is_named_with_the_fix(nsd):
    report = await check_domain("dotless.test", expect_mx="tok-5a5a.msv1.invalid",
                                resolvers=[nsd.spec], authoritative=[nsd.spec])
    [wrong] = [f for f in report.findings if f.id == "mx-wrong-host"]
    assert "add the trailing dot" in wrong.fix("en") and "tok-5a5a.msv1.invalid.dotless.test" in wrong.fix("en")
    assert "末尾のドットを付けてください" in wrong.fix("ja")
    [dangling] = [f for f in report.findings if f.id == "mx-dangling"]
    assert "add the trailing dot (write mail.example.net." in dangling.fix("en")
