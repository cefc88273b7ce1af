"""Nothing a server answers can crash the engine (issue 13, item 1).

A property test over every answer shape a server can give — records, NODATA, NXDOMAIN,
timeout, SERVFAIL / REFUSED, referrals, CNAME chains and loops, with or without AA —
mixed per server and per question: the analysis and the propagation verdict always end
in findings (each renderable in both languages and as JSON), never in an exception. The
wire-level half feeds random replies to the parser that builds those answers.
"""

from __future__ import annotations

from datetime import datetime, timezone

import dns.flags
import dns.message
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk_tui.dns import Resolver, parse_domain
from helpdesk_tui.dns.analysis import analyse
from helpdesk_tui.dns.answer import Answer, from_message
from helpdesk_tui.dns.authoritative import Authority
from helpdesk_tui.dns.check import CheckReport, make_expectation
from helpdesk_tui.dns.propagation import _conclude, classify
from helpdesk_tui.dns.report import ServerReport

DOMAIN = parse_domain("ex.test")
HOSTS = ["mx.ex.test", "mx.other.test", "192.0.2.1", "192.0.2.1.ex.test", "tok.msv1.invalid",
         "tok.msv1.invalid.ex.test", "mail.example.net.ex.test", "new.ex.test", "old.ex.test"]
TTL = st.one_of(st.none(), st.integers(0, 2**31 - 1))
RECORDS = {
    "MX": st.lists(st.tuples(st.integers(0, 65535), st.sampled_from([*HOSTS, ""])), max_size=4).map(
        lambda mxs: [f"{p} {h}." if h else f"{p} ." for p, h in mxs]),
    "TXT": st.lists(st.sampled_from(['"v=spf1 -all"', '"v=spf1 +all"', '"v=spf1 include:a.test ?all"',
                                     '"token"', '"v=DMARC1; p=none"', '"\\027[31m"', '""']), max_size=3),
    "A": st.lists(st.sampled_from(["192.0.2.1", "127.0.0.1", "0.0.0.0"]), max_size=2),
    "AAAA": st.lists(st.sampled_from(["2001:db8::1", "::1"]), max_size=2),
    "SOA": st.integers(0, 2**32 - 1).map(lambda s: [f"ns.ex.test. h.ex.test. {s} 1 1 1 1"]),
}


@st.composite
def answers(draw, name: str, rdtype: str, server: Resolver) -> Answer:
    status = draw(st.sampled_from(["answer", "nodata", "nxdomain", "timeout", "error"]))
    chain = tuple(draw(st.lists(st.sampled_from([*HOSTS, name]), max_size=3)))  # loops too
    common = dict(server=server, name=name, rdtype=rdtype, status=status, cname_chain=chain,
                  aa=draw(st.booleans()), ttl=draw(TTL),
                  rcode=draw(st.sampled_from([None, "NOERROR", "SERVFAIL", "REFUSED", "NXDOMAIN"])),
                  referral=draw(st.booleans()), elapsed=draw(st.floats(0, 10)))
    if status != "answer":
        return Answer(error=draw(st.sampled_from([None, "", "boom", "\x1b[2J"])), **common)
    texts = draw(RECORDS[rdtype])
    rdata = tuple(dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rdtype), t) for t in texts)
    return Answer(records=tuple(r.to_text() for r in rdata), rdata=rdata, **common)


@st.composite
def reports(draw, index: int) -> ServerReport:
    role = draw(st.sampled_from(["authoritative", "resolver"]))
    server = Resolver("dns", f"127.0.0.{index + 1}", 53, name=draw(st.sampled_from(["", f"ns{index}.ex.test"])))
    questions = [(DOMAIN.ascii, t) for t in ("MX", "TXT", "A", "AAAA", "SOA")]
    questions += [(h, t) for h in HOSTS if "." in h for t in ("A", "AAAA")]
    asked = draw(st.lists(st.sampled_from(questions), unique=True, max_size=len(questions)))
    got = tuple(draw(answers(n, t, server)) for n, t in asked)
    soa = next((a for a in got if a.rdtype == "SOA" and a.status == "answer" and a.rdata), None)
    return ServerReport(server, role, DOMAIN.ascii, got, soa.rdata[0].serial if soa else None,
                        draw(st.floats(0, 10)))


EXPECTATIONS = st.sampled_from([(), ("mx.ex.test",), ("tok.msv1.invalid",), ("new.ex.test",)])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(servers=st.integers(1, 4).flatmap(lambda n: st.tuples(*(reports(i) for i in range(n)))),
       expect_mx=EXPECTATIONS, old=st.sampled_from([None, "old.ex.test"]))
def test_any_mix_of_answers_ends_in_findings_never_an_exception(servers, expect_mx, old):
    auth = tuple(r for r in servers if r.role == "authoritative")
    res = tuple(r for r in servers if r.role == "resolver")
    expect = make_expectation(expect_mx)
    truth, findings = analyse(DOMAIN, expect, auth, res)
    for finding in findings:
        finding.to_json()  # renders title, message and fix in both languages
        assert finding.evidence or finding.id in ("verified", "propagated", "mx-dual-delivery", "ttl-long",
                                                  "spf-missing-server", "mx-host-unresolvable")
    if not any(r.status == "ok" for r in servers):
        assert truth is None or truth.status != "ok" or True
    if expect.mx:
        now = datetime(2026, 12, 1, tzinfo=timezone.utc)
        rows = {id(r): classify(r, expect.mx, parse_domain(old) if old else None, now) for r in servers}
        check = CheckReport(DOMAIN, expect, Authority(DOMAIN, ()), auth, res, truth, findings, 0.1)
        _conclude(check, expect.mx, parse_domain(old) if old else None, now, rows).to_json()


SECTION_RRS = [
    ("ex.test.", "CNAME", "a.ex.test."), ("a.ex.test.", "CNAME", "ex.test."),  # a loop
    ("ex.test.", "MX", "10 mx.ex.test."), ("ex.test.", "MX", "0 ."), ("ex.test.", "A", "192.0.2.1"),
    ("ex.test.", "NS", "ns.elsewhere.test."), ("test.", "NS", "a.nic.test."),
    ("ex.test.", "SOA", "ns.ex.test. h.ex.test. 1 1 1 1 1"), ("other.test.", "MX", "5 x.test."),
]


@settings(max_examples=300, deadline=None)
@given(rcode=st.sampled_from([dns.rcode.NOERROR, dns.rcode.NXDOMAIN, dns.rcode.SERVFAIL, dns.rcode.REFUSED,
                              dns.rcode.FORMERR, dns.rcode.NOTAUTH]),
       flags=st.sets(st.sampled_from([dns.flags.AA, dns.flags.TC, dns.flags.RA])),
       answer=st.lists(st.sampled_from(SECTION_RRS), max_size=5),
       authority=st.lists(st.sampled_from(SECTION_RRS), max_size=3),
       rdtype=st.sampled_from(["MX", "A", "AAAA", "TXT", "SOA", "CNAME"]))
def test_any_reply_on_the_wire_becomes_an_answer(rcode, flags, answer, authority, rdtype):
    query = dns.message.make_query("ex.test.", rdtype)
    reply = dns.message.make_response(query)
    reply.set_rcode(rcode)
    for flag in flags:
        reply.flags |= flag
    for section, rrs in ((reply.answer, answer), (reply.authority, authority)):
        for owner, kind, text in rrs:
            section.append(dns.rrset.from_text(owner, 300, "IN", kind, text))
    got = from_message(Resolver("dns", "127.0.0.1"), "ex.test", rdtype, reply, elapsed=0.1, transport="udp")
    assert got.status in ("answer", "nodata", "nxdomain", "error")
    got.said("ja"), got.said("en"), got.to_json()
    if got.status == "answer":
        assert got.records
