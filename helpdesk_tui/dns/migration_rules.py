"""Findings for a mail-server migration (seed 002), judged on the authoritative truth.

- ``mx-dual-delivery``: the old MX (named with ``--old-mx``, or recognised by the old
  server's address from the tenant's migration checklist) is published beside another
  MX. Senders then pick either, so part of the mail still lands on the old server.
- ``ttl-long``: before the switch, the MX TTL is above an hour. After the switch, caches
  keep the old MX for up to that TTL: lower it first, at least one old TTL ahead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from helpdesk_tui import clock
from helpdesk_tui.dns.analysis import Expectation, is_verification_host, lookup_host
from helpdesk_tui.dns.findings import Evidence, Finding
from helpdesk_tui.dns.names import DomainName
from helpdesk_tui.dns.report import AUTHORITATIVE, ServerReport

__all__ = ["LONG_TTL", "migration_findings", "mx_addresses"]

LONG_TTL = 3600  # seconds


def mx_addresses(truth: ServerReport | None, reports: Sequence[ServerReport]) -> dict[str, str]:
    """{address: MX host} of the real mail hosts, as the check saw them."""
    if truth is None:
        return {}
    order = [truth, *sorted((r for r in reports if r is not truth), key=lambda r: r.role != AUTHORITATIVE)]
    found: dict[str, str] = {}
    for mx in truth.mx:
        if mx.is_null or is_verification_host(mx.host):
            continue
        for rdtype in ("A", "AAAA"):
            hit = lookup_host(mx.host, rdtype, order)
            if hit is not None and hit[1].status == "answer":
                for address in hit[1].records:
                    found.setdefault(address, mx.host)
    return found


def migration_findings(domain: DomainName, expect: Expectation, truth: ServerReport | None,
                       addresses: dict[str, str], now: datetime | None = None) -> list[Finding]:
    if truth is None:
        return []
    answer = truth.answer(domain.ascii, "MX")
    if answer is None or answer.status != "answer":
        return []
    evidence = (Evidence.of(truth.server.label, answer, truth.role == AUTHORITATIVE),)
    old_names = {o.ascii for o in expect.old_mx}
    by_address = {host for address, host in addresses.items() if address in expect.old_addresses}
    hosts = [mx.host for mx in truth.mx if not mx.is_null and not is_verification_host(mx.host)]
    old = [h for h in hosts if h in old_names or h in by_address]
    new = [h for h in hosts if h not in old]
    out: list[Finding] = []
    if old and new:
        out.append(Finding("mx-dual-delivery", "warning", domain.display(), evidence,
                           {"old": ", ".join(old), "new": ", ".join(new)}))
    planned = bool(expect.old_mx or expect.old_addresses or expect.new_server or expect.switch_at)
    now = now or clock.now()
    before_switch = expect.switch_at is None or expect.switch_at > now
    ttl = answer.ttl or 0
    if planned and before_switch and (old or not (expect.old_mx or expect.old_addresses)) and ttl > LONG_TTL:
        deadline = expect.switch_at - timedelta(seconds=ttl) if expect.switch_at else None
        params = {"ttl": str(ttl), "hours": str(-(-ttl // 3600)),
                  "before": deadline.strftime("%Y-%m-%d %H:%M %Z").strip() if deadline else "—"}
        if deadline is None:
            params["advice"] = "no-time"  # no switch requested yet: the rule, not a date
        out.append(Finding("ttl-long", "warning", domain.display(), evidence, params))
    return out
