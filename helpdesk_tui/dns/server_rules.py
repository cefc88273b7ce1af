"""Findings about the servers themselves, before anything is concluded about the zone.

- A server that did not answer usefully: ``resolver-timeout`` / ``resolver-error`` (a
  warning while others answered, an error when nobody did).
- A server used as a resolver that only answers for its own zones (a referral, or
  REFUSED): ``resolver-not-recursive``. Its "no records" would otherwise be read as
  NODATA and give a false ``mx-dangling``.
- A listed name server that does not answer with authority (REFUSED, SERVFAIL, a
  referral or no AA flag): ``lame-delegation``, named by its NS name and address.
- The zone's servers disagreeing on the SOA serial: ``soa-serial-mismatch`` for each
  server behind the newest. A secondary that missed a zone transfer serves the old zone
  until its DNS host fixes it; waiting for TTLs does not help.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from helpdesk_tui.dns.answer import Answer
from helpdesk_tui.dns.findings import Evidence, Finding
from helpdesk_tui.dns.report import AUTHORITATIVE, RESOLVER, ServerReport

__all__ = ["lagging", "server_findings", "server_name"]

NOT_RECURSIVE_RCODES = ("REFUSED",)
LAME_RCODES = ("REFUSED", "SERVFAIL", "NOTAUTH")


def server_name(report: ServerReport) -> str:
    """``ns2.example.jp (192.0.2.53)`` for a discovered name server, else the address."""
    server = report.server
    if report.role == AUTHORITATIVE and server.name:
        return f"{server.name} ({server.label})"
    return server.label


def evidence(report: ServerReport, answer: Answer) -> Evidence:
    return Evidence.of(report.server.label, answer, report.role == AUTHORITATIVE)


def lagging(authoritative: Sequence[ServerReport]) -> dict[int, ServerReport]:
    """Authoritative reports (by id) whose SOA serial is below the newest one seen."""
    serials = [r.soa_serial for r in authoritative if r.soa_serial is not None]
    if not serials:
        return {}
    newest = max(serials)
    return {id(r): r for r in authoritative if r.soa_serial is not None and r.soa_serial < newest}


def server_findings(reports: Sequence[ServerReport], *, conclusive: bool) -> list[Finding]:
    severity = "warning" if conclusive else "error"
    out: list[Finding] = []
    for report in reports:
        out += _one(report, severity)
    out += _serials([r for r in reports if r.role == AUTHORITATIVE])
    return out


def _one(report: ServerReport, severity: str) -> Iterable[Finding]:
    problem = report.problem
    own = [a for a in report.answers if a.name == report.domain]
    if report.role == RESOLVER and any(_not_recursive(a) for a in own):
        said = next(a for a in own if _not_recursive(a))
        yield Finding("resolver-not-recursive", severity, report.server.label,
                      (evidence(report, said),), {"rcode": said.rcode or ""})
        return
    if report.role == AUTHORITATIVE and report.status != "timeout":
        lame = next((a for a in own if _lame(a)), None)
        if lame is not None:
            yield Finding("lame-delegation", severity, server_name(report), (evidence(report, lame),),
                          {"server": report.server.name or report.server.label,
                           "address": report.server.label, "rcode": _why_lame(lame, "en"),
                           "rcode@ja": _why_lame(lame, "ja")})
            return
    if report.status == "timeout" and problem is not None:
        yield Finding("resolver-timeout", severity, report.server.label, (evidence(report, problem),),
                      {"seconds": f"{problem.elapsed:.1f}"})
    elif report.status == "error" and problem is not None:
        yield Finding("resolver-error", severity, report.server.label, (evidence(report, problem),),
                      {"error": problem.failure("en", bare=True), "error@ja": problem.failure("ja", bare=True)})


def _not_recursive(answer: Answer) -> bool:
    return answer.referral or (answer.status == "error" and answer.rcode in NOT_RECURSIVE_RCODES)


def _lame(answer: Answer) -> bool:
    if answer.referral or (answer.status == "error" and answer.rcode in LAME_RCODES):
        return True
    return answer.definitive and not answer.aa


def _why_lame(answer: Answer, lang: str) -> str:
    if answer.referral:
        return "referral (委任の案内)" if lang == "ja" else "referral"
    if answer.status == "error":
        return answer.rcode or ("エラー" if lang == "ja" else "error")
    rcode = answer.rcode or "NOERROR"
    return f"{rcode}、AA フラグなし" if lang == "ja" else f"{rcode}, no AA flag"


def _serials(authoritative: Sequence[ServerReport]) -> list[Finding]:
    behind = lagging(authoritative)
    if not behind:
        return []
    newest = max((r for r in authoritative if r.soa_serial is not None), key=lambda r: r.soa_serial)
    out = []
    for report in behind.values():
        proof = tuple(evidence(r, a) for r in (newest, report)
                      if (a := next((x for x in r.answers if x.rdtype == "SOA"),
                                    r.answers[0] if r.answers else None)) is not None)
        out.append(Finding("soa-serial-mismatch", "warning", server_name(report), proof, {
            "serial": str(report.soa_serial), "newest": str(newest.soa_serial),
            "newest_server": server_name(newest)}))
    return out
