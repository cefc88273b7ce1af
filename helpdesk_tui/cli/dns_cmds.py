"""``helpdesk-tui domain check`` and ``helpdesk-tui mail propagation``: live DNS checks.

No store is needed: these ask DNS servers directly. Text output prints one line per
server as its answer arrives (so a dead resolver does not hide the others), then the
findings with evidence and fix. Everything that came from DNS passes through
``safe_text.visible`` before it reaches the terminal: a TXT record may hold escape
sequences. ``--json`` prints one document at the end, keyed by glossary ids.

Exit codes: 0 when the check ran (its verdict is in the findings; JSON ``ok`` /
``severity``), 2 for bad input (malformed domain, resolver address, timeout).
"""

from __future__ import annotations

import argparse

from helpdesk_tui.cli.common import catalogue
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, CliError
from helpdesk_tui.cli.output import emit_json
from helpdesk_tui.dns.findings import servers_phrase
from helpdesk_tui.safe_text import visible

MAX_TIMEOUT = 60.0


def register_domain_verbs(verbs, common: argparse.ArgumentParser) -> None:
    check = verbs.add_parser(
        "check", parents=[common],
        help="check a domain's MX / TXT records live: authoritative servers first, then resolvers",
    )
    check.add_argument("domain", metavar="DOMAIN", help="e.g. example.co.jp, 例え.jp, xn--r8jz45g.jp")
    check.add_argument("--expect-mx", metavar="HOST", action="append", default=[],
                       help="the MX host that should be published (repeatable)")
    check.add_argument("--expect-txt", metavar="VALUE", action="append", default=[],
                       help="a TXT value that should be published, e.g. a verification token (repeatable)")
    check.add_argument("--old-mx", metavar="HOST", action="append", default=[],
                       help="the old mail server's MX host (mx-dual-delivery, ttl-long; repeatable)")
    check.add_argument("--new-server", metavar="HOST",
                       help="the new mail server (host or IP): must be authorised by SPF and have a PTR")
    check.add_argument("--dkim-selector", metavar="S", help="check the DKIM key at S._domainkey.DOMAIN")
    check.add_argument("--from-checklist", action="store_true",
                       help="take the old server's IP, the switch time and the new server from "
                            "the tenant's migration checklist (needs the store)")
    _server_options(check, authoritative=True)
    check.set_defaults(handler=run_check)


def register_mail_verbs(verbs, common: argparse.ArgumentParser) -> None:
    prop = verbs.add_parser(
        "propagation", parents=[common],
        help="after an MX switch: which resolvers already answer the new mail server",
    )
    prop.add_argument("domain", metavar="DOMAIN")
    prop.add_argument("--expect-mx", metavar="HOST", required=True, help="the new MX host")
    prop.add_argument("--old-mx", metavar="HOST", help="the old MX host (a resolver that still has it is stale)")
    prop.add_argument("--new-server", metavar="HOST", help="the new mail server (host or IP), checked against SPF")
    prop.add_argument("--from-checklist", action="store_true",
                      help="recognise the old MX by the old server's IP and take the new server from the "
                           "tenant's migration checklist (needs the store)")
    _server_options(prop, authoritative=True)
    prop.set_defaults(handler=run_propagation)


def _server_options(parser: argparse.ArgumentParser, *, authoritative: bool) -> None:
    parser.add_argument("--resolver", metavar="ADDR[:PORT]", action="append", default=[],
                        help="recursive resolver to ask (repeatable; default: public resolvers)")
    parser.add_argument("--doh", metavar="URL", action="append", default=[],
                        help="DNS-over-HTTPS endpoint to ask (repeatable)")
    if authoritative:
        parser.add_argument("--authoritative", metavar="ADDR[:PORT]", action="append", default=[],
                            help="the zone's name server to ask directly (default: found via NS records)")
    parser.add_argument("--timeout", metavar="S", type=float, default=3.0,
                        help="seconds to wait for each answer (default 3)")
    parser.add_argument("--json", action="store_true")


def _servers(args: argparse.Namespace):
    """(resolvers or None for the defaults, authoritative servers), validated."""
    from helpdesk_tui.dns import InvalidResolver, parse_doh, parse_resolver

    if not 0 < args.timeout <= MAX_TIMEOUT:
        raise CliError(f"--timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds",
                       EXIT_BAD_INPUT)
    try:
        resolvers = [parse_resolver(s) for s in args.resolver] + [parse_doh(u) for u in args.doh]
        given = [parse_resolver(s) for s in getattr(args, "authoritative", [])]
    except InvalidResolver as bad:
        raise CliError(str(bad), EXIT_BAD_INPUT) from bad
    return (resolvers or None), given


def _say(line: str = "") -> None:
    print(visible(line), flush=True)


def _seconds(value: float) -> str:
    return f"{value:.2f}"


def _server_line(report, t, lang: str = "en") -> str:
    """One arrival line: role, server, status, what it said about MX/TXT."""
    role = t(f"dns.role.{report.role}")
    parts = [f"[{role}]", report.server.display(), t(f"dns.status.{report.status}")]
    if report.status == "ok":
        if report.role == "authoritative":
            parts.append("AA" if report.authoritative_answer else "no-AA")
            if report.soa_serial is not None:
                parts.append(t("dns.cli.serial", serial=report.soa_serial))
        mx = report.answer(report.domain, "MX")
        if report.mx:
            parts.append("MX " + ", ".join(m.text() for m in report.mx))
        elif mx is not None:
            parts.append(mx.status.upper() if mx.status != "nodata" else t("dns.cli.no-mx"))
        parts.append(t("dns.cli.txt-count", count=len(report.txt)))
    elif report.problem is not None:
        parts.append(report.problem.failure(lang))
    parts.append(f"{_seconds(report.elapsed)} s")
    return "  " + "  ".join(p for p in parts if p)


def _findings(findings, t, lang: str) -> None:
    _say(t("dns.cli.findings"))
    if not findings:
        _say("  " + t("dns.cli.no-findings"))
    for finding in findings:
        _say(f"  {t(f'dns.severity.{finding.severity}')}  {finding.id}  {finding.title(lang)}")
        _say(f"      {finding.message(lang)}")
        for evidence in finding.evidence:
            mark = " (AA)" if evidence.authoritative else ""
            _say(f"      {t('dns.cli.evidence')}: {evidence.server}{mark}: {evidence.said_in(lang)}")
        _say(f"      {t('dns.cli.fix')}: {finding.fix(lang)}")


def _run(coroutine):
    """Run the async check (inputs are validated before; this is the safety net that
    keeps a refused input an exit 2, not a traceback)."""
    import asyncio

    from helpdesk_tui.dns import InvalidName, InvalidResolver

    try:
        return asyncio.run(coroutine)
    except (InvalidName, InvalidResolver) as bad:
        raise CliError(str(bad), EXIT_BAD_INPUT) from bad


def _parse_inputs(args: argparse.Namespace, checklist=None):
    from helpdesk_tui.dns import InvalidName, make_expectation, parse_domain

    old_mx = getattr(args, "old_mx", None) or ()
    try:
        domain = parse_domain(args.domain)
        expect = make_expectation(
            args.expect_mx, getattr(args, "expect_txt", []), old_mx=old_mx,
            old_addresses=(checklist.server_ip,) if checklist and checklist.server_ip else (),
            switch_at=checklist.switch_at if checklist else None,
            new_server=getattr(args, "new_server", None) or (checklist.new_server if checklist else None),
            dkim_selector=getattr(args, "dkim_selector", None))
    except InvalidName as bad:
        raise CliError(str(bad), EXIT_BAD_INPUT) from bad
    return domain, expect, (expect.old_mx[0] if expect.old_mx else None)


def _checklist(args: argparse.Namespace):
    """The tenant's migration checklist, when asked for (--from-checklist)."""
    if not getattr(args, "from_checklist", False):
        return None
    from helpdesk_tui.cli.common import open_store
    from helpdesk_tui.mail import load_checklist

    store, _operator = open_store(args)
    return load_checklist(store)



def run_check(args: argparse.Namespace) -> int:
    from helpdesk_tui.dns import check_domain, default_resolvers

    domain, expect, _old = _parse_inputs(args, _checklist(args))
    resolvers, given = _servers(args)
    cat = catalogue(args)
    t, lang = cat.t, cat.lang
    count = len(resolvers if resolvers is not None else default_resolvers()) + len(given)
    if not args.json:
        _say(t("dns.cli.checking", domain=domain.display(), servers=servers_phrase(t, count),
               timeout=f"{args.timeout:g}"))
    on_result = None if args.json else (lambda report: _say(_server_line(report, t, lang)))
    asked = [count]

    def on_authority(authority) -> None:
        asked[0] += len(authority.servers)
        if not args.json and authority.servers:
            _say(t("dns.cli.discovered", servers=servers_phrase(t, len(authority.servers)),
                   names=", ".join(s.display() for s in authority.servers)))

    report = _run(check_domain(
        domain, expect_mx=expect.mx, expect_txt=expect.txt, resolvers=resolvers,
        authoritative=given or None, timeout=args.timeout, on_result=on_result, on_authority=on_authority,
        old_mx=expect.old_mx, old_addresses=expect.old_addresses, new_server=expect.new_server,
        switch_at=expect.switch_at, dkim_selector=expect.dkim_selector,
    ))
    if args.json:
        emit_json(report.to_json())
        return 0
    _authority_lines(report.authority, t)
    if report.truth is not None:
        _say(t("dns.cli.truth", server=report.truth.server.display()))
    else:
        _say(t("dns.cli.no-truth"))
    _findings(report.findings, t, lang)
    _say(t("dns.cli.asked", servers=servers_phrase(t, asked[0]), elapsed=_seconds(report.elapsed)))
    return 0


def _authority_lines(authority, t) -> None:
    if authority.zone is not None and authority.servers:
        servers = ", ".join(s.display() for s in authority.servers)
        _say(t("dns.cli.zone", zone=authority.zone.display(), servers=servers))
    else:
        _say(t("dns.cli.zone-unknown", problem=authority.problem or "—"))


def run_propagation(args: argparse.Namespace) -> int:
    from helpdesk_tui.dns import check_propagation, default_resolvers, propagation_note, transfer_vs_dns_change
    from helpdesk_tui.i18n import LANGS, format_datetime

    domain, expect, old = _parse_inputs(args, _checklist(args))
    if old is not None and old in expect.mx:
        raise CliError(f"--old-mx {old.ascii} is the same host as --expect-mx", EXIT_BAD_INPUT)
    resolvers, given = _servers(args)
    cat = catalogue(args)
    t, lang = cat.t, cat.lang
    if not args.json:
        count = len(resolvers if resolvers is not None else default_resolvers()) + len(given)
        _say(t("dns.cli.propagation", domain=domain.display(),
               expected=", ".join(e.ascii for e in expect.mx), old=old.ascii if old else "—",
               servers=servers_phrase(t, count), timeout=f"{args.timeout:g}"))

    def row_line(row) -> None:
        parts = [f"[{t(f'dns.role.{row.role}')}]", row.server.display(), t(f"dns.state.{row.state}"),
                 row.answered(lang)]
        if row.ttl is not None:
            parts.append(t("dns.cli.ttl", ttl=row.ttl))
        if row.expires_at is not None:
            parts.append(t("dns.cli.until", when=format_datetime(row.expires_at, lang)))
        _say("  " + "  ".join(parts))

    report = _run(check_propagation(
        domain, expect.mx, old_mx=old, resolvers=resolvers, authoritative=given or None,
        timeout=args.timeout, on_result=None if args.json else row_line, new_server=expect.new_server,
        old_addresses=expect.old_addresses,
    ))
    if args.json:
        document = report.to_json()
        document["notes"] = {
            "transfer_vs_dns_change": {code: transfer_vs_dns_change(code) for code in LANGS},
            "parallel_week": {code: propagation_note(code) for code in LANGS},
        }
        emit_json(document)
        return 0
    _authority_lines(report.authority, t)
    if report.source is not None:
        _say(t("dns.cli.source", state=t(f"dns.state.{report.source}")))
    if report.estimate is not None:
        _say(t("dns.cli.estimate", when=format_datetime(report.estimate, lang)))
    elif report.source == "stale":
        _say(t("dns.cli.no-estimate"))
    _findings(report.findings, t, lang)
    _say()
    _say(propagation_note(lang))
    _say(transfer_vs_dns_change(lang))
    return 0
