"""From what the servers said to findings: the rules, with no I/O.

The zone's content is judged on the best source available: an authoritative server's
answer (AA flag) with the highest SOA serial, else the first resolver that gave a real
answer. Resolvers (and lagging secondaries) that disagree with the authoritative truth
are reported as ``stale``: they still serve a cached, older version.

The rules follow the RFCs admins get bitten by: an MX must name a host with A/AAAA
records, not an IP address (RFC 5321 §5.1) nor an alias (RFC 2181 §10.3); a null MX
(RFC 7505) means "no mail" and must stand alone; a domain may publish one SPF record
only (RFC 7208 §3.2); a name with a CNAME can hold no other data (RFC 1034 §3.6.2), so a
mail domain must not be one.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable, Sequence

from helpdesk_tui.dns.answer import Answer
from helpdesk_tui.dns.expectation import Expectation
from helpdesk_tui.dns.findings import Evidence, Finding, sort_findings
from helpdesk_tui.dns.mailrecords import is_spf
from helpdesk_tui.dns.names import DomainName, looks_like_ip
from helpdesk_tui.dns.report import AUTHORITATIVE, MX, ServerReport, mx_of, txt_of
from helpdesk_tui.dns.server_rules import lagging, server_findings

__all__ = ["Expectation", "VERIFICATION_MX_SUFFIXES", "analyse", "is_verification_host",
           "pick_truth", "lookup_host"]

# Top-level labels that, followed by the zone's own name, give away a host written
# without its trailing dot ("mx.example.net" in example.jp → mx.example.net.example.jp).
_TLD_HINTS = {"com", "net", "org", "jp", "invalid", "io", "biz", "info", "co", "test", "example"}

# Ownership-verification MX hosts that services hand out and admins forget to remove
# (they never accept mail; ``.invalid`` is reserved never to resolve, RFC 2606).
VERIFICATION_MX_SUFFIXES = ("msv1.invalid", "mx-verification.google.com")


def is_verification_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    return any(host == s or host.endswith("." + s) for s in VERIFICATION_MX_SUFFIXES)


def pick_truth(domain: DomainName, authoritative: Sequence[ServerReport],
               resolvers: Sequence[ServerReport]) -> ServerReport | None:
    """The report the zone findings rest on (see the module docstring)."""
    sure = [r for r in authoritative if (a := r.answer(domain.ascii, "MX")) and a.definitive and a.aa]
    if sure:
        return max(sure, key=lambda r: r.soa_serial if r.soa_serial is not None else -1)
    for report in resolvers:
        answer = report.answer(domain.ascii, "MX")
        if answer is not None and answer.definitive:
            return report
    return None


def lookup_host(host: str, rdtype: str, ordered: Iterable[ServerReport]) -> tuple[ServerReport, Answer] | None:
    """The first definitive answer for (host, rdtype) among ``ordered`` reports."""
    for report in ordered:
        answer = report.answer(host, rdtype)
        if answer is not None and answer.definitive:
            return report, answer
    return None


def analyse(domain: DomainName, expect: Expectation, authoritative: Sequence[ServerReport],
            resolvers: Sequence[ServerReport]) -> tuple[ServerReport | None, tuple[Finding, ...]]:
    """(the report the zone findings rest on, every finding, most severe first)."""
    truth = pick_truth(domain, authoritative, resolvers)
    findings = server_findings([*authoritative, *resolvers], conclusive=truth is not None)
    if truth is not None:
        zone = _ZoneRules(domain, expect, truth, [*authoritative, *resolvers], lagging(authoritative))
        findings += zone.findings()
    return truth, sort_findings(findings)


def _evidence(report: ServerReport, answer: Answer) -> Evidence:
    return Evidence.of(report.server.label, answer, report.role == AUTHORITATIVE)


class _ZoneRules:
    """The rules about the domain's records, judged on one report (the truth)."""

    def __init__(self, domain: DomainName, expect: Expectation, truth: ServerReport,
                 reports: Sequence[ServerReport], behind: dict[int, ServerReport]) -> None:
        self.domain, self.expect, self.truth, self.behind = domain, expect, truth, behind
        self.subject = domain.display()
        # Host lookups: the truth's own answers first, then authoritative ones, then the rest.
        self.lookup_order = [truth, *sorted((r for r in reports if r is not truth),
                                            key=lambda r: r.role != AUTHORITATIVE)]
        self.reports = reports

    def findings(self) -> list[Finding]:
        mx_answer = self.truth.answer(self.domain.ascii, "MX")
        if mx_answer.status == "nxdomain" and not mx_answer.cname_chain:
            return [self._nxdomain()]
        out = self._cname_at_apex()
        out += self._mx(mx_answer)
        out += self._txt()
        out += self._stale()
        out += self._verified(out)
        return out

    def _nxdomain(self) -> Finding:
        evidence = tuple(
            _evidence(r, a) for r in self.reports
            if (a := r.answer(self.domain.ascii, "MX")) is not None and a.status == "nxdomain"
        )
        return Finding("nxdomain", "error", self.subject, evidence)

    def _cname_at_apex(self) -> list[Finding]:
        for rdtype in ("MX", "TXT", "A", "AAAA"):
            answer = self.truth.answer(self.domain.ascii, rdtype)
            if answer is not None and answer.cname_chain:
                return [Finding("cname-at-apex", "error", self.subject, (_evidence(self.truth, answer),),
                                {"target": answer.cname_chain[0]})]
        return []

    def _mx(self, answer: Answer) -> list[Finding]:
        records = mx_of(answer)
        evidence = (_evidence(self.truth, answer),)
        expected = {e.ascii for e in self.expect.mx}
        if not records:
            severity = "error" if expected else "warning"
            fallback = self.truth.answer(self.domain.ascii, "A")
            extra = (_evidence(self.truth, fallback),) if fallback is not None else ()
            return [Finding("mx-missing", severity, self.subject, evidence + extra,
                            {"expected": ", ".join(sorted(expected)) or "—"})]
        out: list[Finding] = []
        null = [mx for mx in records if mx.is_null]
        if null:
            alone = len(records) == 1
            severity = "info" if alone and not expected else "error"
            out.append(Finding("null-mx", severity, self.subject, evidence,
                               {"alone": "yes" if alone else "no"}))
        for host, count in sorted(Counter(mx.host for mx in records if not mx.is_null).items()):
            if count > 1:
                out.append(Finding("mx-duplicate", "warning", host, evidence, {"count": str(count)}))
        for host in sorted({mx.host for mx in records if not mx.is_null}):
            out += self._mx_host(host, expected, evidence)
        out += self._expected_mx(records, expected, evidence)
        return out

    def _mx_host(self, host: str, expected: set[str], evidence: tuple[Evidence, ...]) -> list[Finding]:
        if is_verification_host(host):
            if host in expected:
                return []  # the record being verified: it is not meant to receive mail
            return [Finding("leftover-verification-mx", "warning", host, evidence)]
        address = _ip_in_name(host)
        if address is not None:
            return [Finding("mx-points-to-ip", "error", host, evidence, {"address": address})]
        meant = self._without_zone(host)
        if meant is not None and meant in expected:
            return []  # reported once, as the expected host with its trailing dot missing
        found = [x for x in (lookup_host(host, "A", self.lookup_order),
                             lookup_host(host, "AAAA", self.lookup_order)) if x is not None]
        host_evidence = tuple(_evidence(r, ans) for r, ans in found)
        out: list[Finding] = []
        alias = next((ans for _r, ans in found if ans.cname_chain), None)
        if alias is not None:
            out.append(Finding("mx-points-to-cname", "error", host, evidence + host_evidence,
                               {"target": alias.cname_chain[-1]}))
        if any(ans.status == "answer" for _r, ans in found):
            return out
        if len(found) == 2:  # both types definitively absent: the host has no address
            variant = {"advice": "trailing-dot", "meant": meant} if meant else {}
            out.append(Finding("mx-dangling", "error", host, evidence + host_evidence, variant))
            return out
        # Nobody could say (timeouts, SERVFAIL, REFUSED, not asked): unknown, not dangling.
        tried = tuple(_evidence(r, a) for r in self.reports for rdtype in ("A", "AAAA")
                      if (a := r.answer(host, rdtype)) is not None)
        out.append(Finding("mx-host-unresolvable", "warning", host, evidence + host_evidence + tried,
                           {"asked": str(len({e.server for e in tried}))}))
        return out

    def _without_zone(self, host: str) -> str | None:
        """``mx.example.net`` when ``host`` is ``mx.example.net.<domain>``: the name as
        meant, published without its trailing dot so the zone was appended."""
        suffix = "." + self.domain.ascii
        if not host.endswith(suffix):
            return None
        meant = host[: -len(suffix)]
        if "." not in meant or meant.rsplit(".", 1)[1] not in _TLD_HINTS | {self.domain.ascii.rsplit(".", 1)[-1]}:
            return None
        return meant

    def _expected_mx(self, records: tuple[MX, ...], expected: set[str],
                     evidence: tuple[Evidence, ...]) -> list[Finding]:
        found = ", ".join(mx.text() for mx in records)
        out: list[Finding] = []
        for host in sorted(expected):
            mine = [mx for mx in records if mx.host == host]
            if not mine:
                dotless = f"{host}.{self.domain.ascii}"
                advice = ("trailing-dot" if any(mx.host == dotless for mx in records)
                          else "add-beside" if is_verification_host(host) else "")
                params = {"expected": host, "found": found, "dotless": dotless}
                if advice:
                    params["advice"] = advice
                out.append(Finding("mx-wrong-host", "error", self.subject, evidence, params))
                continue
            if is_verification_host(host):
                continue  # verification records are meant to sit beside the real MX
            best = min(mx.preference for mx in mine)
            preferred = [mx for mx in records if not mx.is_null and mx.host not in expected
                         and not is_verification_host(mx.host) and mx.preference < best]
            if preferred:
                out.append(Finding("mx-wrong-host", "warning", self.subject, evidence,
                                   {"expected": host, "found": found}))
        return out

    def _txt(self) -> list[Finding]:
        answer = self.truth.answer(self.domain.ascii, "TXT")
        if answer is None or not answer.definitive:
            return []  # the TXT question failed: nothing can be said about the records
        values = txt_of(answer)
        evidence = (_evidence(self.truth, answer),)
        out: list[Finding] = []
        spf = [v for v in values if is_spf(v)]
        if len(spf) > 1:
            out.append(Finding("multiple-spf", "error", self.subject, evidence, {"count": str(len(spf))}))
        for wanted in self.expect.txt:
            if wanted not in values:
                out.append(Finding("txt-missing", "error", self.subject, evidence, {"expected": wanted}))
        return out

    def _stale(self) -> list[Finding]:
        """Servers whose MX/TXT differ from the authoritative truth."""
        if self.truth.role != AUTHORITATIVE:
            return []
        out: list[Finding] = []
        for report in self.reports:
            if report is self.truth or id(report) in self.behind:
                continue  # a secondary behind on the serial is soa-serial-mismatch, not a cache
            for rdtype in ("MX", "TXT"):
                mine = report.answer(self.domain.ascii, rdtype)
                truth = self.truth.answer(self.domain.ascii, rdtype)
                if mine is None or truth is None or not mine.definitive or not truth.definitive:
                    continue
                if (mine.status, mine.records) != (truth.status, truth.records):
                    ttl = "" if mine.ttl is None else str(mine.ttl)
                    out.append(Finding("stale", "warning", report.server.label,
                                       (_evidence(self.truth, truth), _evidence(report, mine)),
                                       {"type": rdtype, "ttl": ttl or "?"}))
        return out

    def _verified(self, so_far: list[Finding]) -> list[Finding]:
        if not self.expect:
            return []
        unmet = {"mx-wrong-host", "txt-missing", "mx-missing", "nxdomain"}
        if any(f.id in unmet and f.severity == "error" for f in so_far):
            return []
        evidence = tuple(
            _evidence(self.truth, answer)
            for rdtype, wanted in (("MX", self.expect.mx), ("TXT", self.expect.txt)) if wanted
            if (answer := self.truth.answer(self.domain.ascii, rdtype)) is not None
        )
        wanted = [e.ascii for e in self.expect.mx] + list(self.expect.txt)
        return [Finding("verified", "ok", self.subject, evidence, {"expected": ", ".join(wanted)})]


def _ip_in_name(host: str) -> str | None:
    """The IP address an MX target really is: ``192.0.2.1`` written as a name, or the
    same with the zone appended because the trailing dot was forgotten
    (``192.0.2.1.example.jp``)."""
    if looks_like_ip(host):
        return host
    labels = host.split(".")
    if len(labels) > 4 and all(label.isdigit() for label in labels[:4]):
        try:
            return str(ipaddress.IPv4Address(".".join(labels[:4])))
        except ValueError:
            return None
    return None
