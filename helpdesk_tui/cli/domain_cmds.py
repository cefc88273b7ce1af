"""``helpdesk-tui domain list|add|record|verify|make-primary|delete``: seed 000, scriptable.

The same domain layer as the console (``helpdesk_tui.domains``): the same role checks,
refusals and audit entries. ``domain verify`` asks DNS through ``domains.lookup`` (one MX
query; ``--resolver`` picks the server). Exit codes: 0 done, 1 not found (also: the
verification record was not seen, or DNS gave no verdict), 2 bad input, 3 store problem,
4 refused. ``domain check`` (the full DNS diagnosis) lives in ``dns_cmds``.
"""

from __future__ import annotations

import argparse

from helpdesk_tui import clock
from helpdesk_tui.cli.common import catalogue, open_store
from helpdesk_tui.cli.errors import EXIT_BAD_INPUT, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json, fit
from helpdesk_tui.domains import (
    WARNING_IDS,
    DomainView,
    LocalizedError,
    PublishRecord,
    add_domain,
    delete_domain,
    get_domain,
    list_domains,
    make_primary,
    parse_domain_name,
    publish_record,
    switch_impact,
    switch_warnings,
    verify_domain,
    warning_params,
)
from helpdesk_tui.domains.primary import HEADING as WARNING_HEADING
from helpdesk_tui.domains.model import SEED
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.safe_text import visible

def register_domain_verbs(verbs, common: argparse.ArgumentParser) -> None:
    def verb(name: str, handler, help_text: str, *, domain: bool = True):
        parser = verbs.add_parser(name, parents=[common], help=help_text)
        if domain:
            parser.add_argument("domain", metavar="DOMAIN", help="domain name (IDN and full-width accepted)")
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=handler)
        return parser

    verb("list", run_list, "the tenant's domains and their states", domain=False)
    verb("add", run_add, "add a domain (pending until its ownership record is seen)")
    verb("record", run_record, "the exact MX record to publish for a domain")
    check = verb("verify", run_verify, "look up the ownership record and record the result")
    check.add_argument("--resolver", metavar="ADDR[:PORT]",
                       help="DNS server to ask (default: the system's resolvers)")
    check.add_argument("--timeout", type=float, default=5.0, metavar="S",
                       help="give up after S seconds (default 5)")
    primary = verb("make-primary", run_make_primary,
                   "make a verified domain the primary domain (prints every seed-000 warning)")
    primary.add_argument("--yes-i-understand", action="store_true",
                         help="acknowledge every warning; without it nothing changes")
    delete = verb("delete", run_delete, "delete a non-primary domain (irreversible for by-works.com)")
    delete.add_argument("--confirm", required=True, metavar="DOMAIN",
                        help="type the domain name again, exactly")


def run_list(args: argparse.Namespace) -> int:
    store, _operator = open_store(args)
    cat, now = catalogue(args), clock.now()
    with domain_errors(cat.lang):
        found = list_domains(store, now)
    if args.json:
        emit_json({"domains": [d.to_json() for d in found]})
        return 0
    if not found:
        print(cat.t("domains.none"))
        return 0
    print(f"{fit(cat.t('domains.col.name'), 40)}  {fit(cat.t('domains.col.state'), 28)}  "
          f"{cat.t('domains.col.note')}")
    for domain in found:
        print(f"{fit(visible(domain.display()), 40)}  "
              f"{fit(cat.t('domains.state.' + domain.state), 28)}  {_note(domain, cat)}".rstrip())
    return 0


def _note(domain: DomainView, cat) -> str:
    notes = []
    if domain.provided:
        notes.append(cat.t("domains.note.provided"))
    if domain.settles_by:
        notes.append(cat.t("domains.note.settles_by", until=_when(domain.settles_by, cat)))
    if domain.locked_until:
        notes.append(cat.t("domains.note.locked", until=_when(domain.locked_until, cat)))
    return "; ".join(notes)


def _when(moment, cat) -> str:
    return format_datetime(moment, cat.lang)


def run_add(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat = catalogue(args)
    with domain_errors(cat.lang):
        domain = add_domain(store, operator, args.domain)
    if args.json:
        emit_json(domain.to_json())
        return 0
    print(cat.t("domains.added", domain=visible(domain.display())))
    print()
    print(_record_text(domain.record, cat))
    return 0


def run_record(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat = catalogue(args)
    with domain_errors(cat.lang):
        record = publish_record(store, operator, args.domain)
        domain = get_domain(store, args.domain)
    if args.json:
        emit_json({**record.to_json(), "status": domain.status})
        return 0
    print(_record_text(record, cat))
    if domain.status in ("verified", "in-use"):
        print(cat.t("domains.record.owned"))
    return 0


def _record_text(record: PublishRecord, cat) -> str:
    shown = f"{record.unicode} ({record.domain})" if record.unicode != record.domain else record.domain
    rows = [
        ("domains.record.name", f"@  ({record.domain}.)"),
        ("domains.record.type", record.type),
        ("domains.record.preference", str(record.preference)),
        ("domains.record.value", record.value),
        ("domains.record.ttl", str(record.ttl)),
        ("domains.record.zone", record.zone_line()),
    ]
    lines = [visible(shown), cat.t("domains.record.intro")]
    lines += [f"  {fit(cat.t(key), 18)}  {value}" for key, value in rows]
    lines.append(cat.t("domains.record.wait", domain=record.domain))
    return "\n".join(lines)


def run_verify(args: argparse.Namespace) -> int:
    from helpdesk_tui.domains.lookup import mx_lookup, parse_resolver  # dnspython: only here

    try:
        if args.resolver:
            parse_resolver(args.resolver)
    except ValueError as bad:
        raise CliError(f"--resolver: {bad}", EXIT_BAD_INPUT) from bad
    if not args.timeout > 0:
        raise CliError("--timeout must be more than 0 seconds", EXIT_BAD_INPUT)
    store, operator = open_store(args)
    cat = catalogue(args)
    with domain_errors(cat.lang):
        result = verify_domain(store, operator, args.domain, mx_lookup(args.resolver, args.timeout))
    if args.json:
        emit_json(result.to_json())
    else:
        retry = _when(result.retry_until, cat) if result.retry_until else "-"
        print(cat.t(f"domains.verify.{result.outcome}", domain=visible(result.domain.display()),
                    retry_until=retry, detail=visible(result.detail)))
        if result.expected and result.outcome != "already-verified":
            print("  " + cat.t("domains.verify.expected", value=result.expected.value))
            print("  " + cat.t("domains.verify.seen", seen=visible(", ".join(result.seen)) or "-"))
        if result.finding:
            label = cat.t(f"dns.finding.{result.finding}")  # 「所見: 確認済み (verified)」
            print("  " + cat.t("domains.verify.finding", finding=f"{label} ({result.finding})"))
    return 0 if result.outcome in ("verified", "already-verified") else 1


def run_make_primary(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat, now = catalogue(args), clock.now()
    with domain_errors(cat.lang):  # the checks themselves (and their audit) are make_primary's
        target = parse_domain_name(args.domain)
        params = warning_params(store.get_tenant(), target.ascii, switch_impact(store), now)
    warnings = switch_warnings(cat.lang, params)
    source = cat.t("domains.warning.source", seed=SEED, heading=WARNING_HEADING)
    payload = {"domain": target.ascii, "acknowledged": args.yes_i_understand, "source": source,
               "warnings": [{"id": w.id, "text": text} for w, text in warnings]}
    if not args.json:
        print(cat.t("domains.primary.heading", new=visible(target.display())))
        for number, (_warning, text) in enumerate(warnings, 1):
            print(f"  {number}. {visible(text)}")
        print(f"  {source}")
        if not args.yes_i_understand:
            print(cat.t("domains.primary.need_flag"))
    acknowledged = WARNING_IDS if args.yes_i_understand else ()
    with domain_errors(cat.lang):
        try:
            result = make_primary(store, operator, args.domain, acknowledged=acknowledged)
        except LocalizedError:
            if args.json:  # the warnings still reach a script, with the refusal on stderr
                emit_json(payload)
            raise
    if args.json:
        emit_json({**payload, "result": result.to_json()})
    else:
        print(cat.t("domains.primary.done", new=visible(result.domain.display()),
                    old=visible(result.previous or "-"), until=_when(result.locked_until, cat)))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    store, operator = open_store(args)
    cat = catalogue(args)
    with domain_errors(cat.lang):
        result = delete_domain(store, operator, args.domain, confirm=args.confirm)
    if args.json:
        emit_json(result.to_json())
        return 0
    shown = f"{result.unicode} ({result.name})" if result.unicode != result.name else result.name
    print(cat.t("domains.delete.done", domain=visible(shown)))
    if result.irreversible:
        print(cat.t("domains.delete.irreversible"))
    return 0
