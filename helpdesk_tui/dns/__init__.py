"""Live DNS checks for mail domains: ownership records, MX health, propagation.

No Textual here: the console's screens and the command line both build on this.

Entry points::

    report = await check_domain("例え.jp", expect_mx="mx1.example.net",
                                resolvers=["8.8.8.8", "https://dns.google/dns-query"],
                                on_result=lambda server_report: ...)
    report = check_domain_sync("example.jp", expect_txt="token")  # from sync code
    report = await check_domain("example.jp", old_mx="mx.old.example", new_server="192.0.2.25",
                                switch_at=when, dkim_selector="s1")  # a mail migration
    async for item in iter_check("example.jp"): ...  # ServerReports, then the CheckReport

    prop = await check_propagation("example.jp", "mx.new.example", old_mx="mx.old.example")

Findings use the glossary ids (``glossary.DNS_FINDINGS``); bad input raises
:class:`InvalidName` or :class:`InvalidResolver` (both ``ValueError``) before any query.
"""

from helpdesk_tui.dns.analysis import VERIFICATION_MX_SUFFIXES, is_verification_host
from helpdesk_tui.dns.answer import Answer
from helpdesk_tui.dns.authoritative import Authority, find_authority, find_zone
from helpdesk_tui.dns.expectation import Expectation
from helpdesk_tui.dns.check import (
    CheckReport,
    check_domain,
    check_domain_sync,
    iter_check,
    make_expectation,
    servers_from,
)
from helpdesk_tui.dns.findings import SEVERITIES, Evidence, Finding
from helpdesk_tui.dns.names import DomainName, InvalidName, parse_domain
from helpdesk_tui.dns.propagation import (
    PropagationReport,
    PropagationRow,
    check_propagation,
    check_propagation_sync,
    iter_propagation,
    propagation_note,
    transfer_vs_dns_change,
)
from helpdesk_tui.dns.query import DEFAULT_TIMEOUT, ask, first_definitive
from helpdesk_tui.dns.report import MX, ServerReport
from helpdesk_tui.dns.resolvers import (
    DEFAULT_DOH,
    DEFAULT_RESOLVERS,
    InvalidResolver,
    Resolver,
    default_resolvers,
    parse_doh,
    parse_resolver,
    parse_server,
)

__all__ = [
    "DEFAULT_DOH",
    "DEFAULT_RESOLVERS",
    "DEFAULT_TIMEOUT",
    "MX",
    "SEVERITIES",
    "VERIFICATION_MX_SUFFIXES",
    "Answer",
    "Authority",
    "CheckReport",
    "DomainName",
    "Evidence",
    "Expectation",
    "Finding",
    "InvalidName",
    "InvalidResolver",
    "PropagationReport",
    "PropagationRow",
    "Resolver",
    "ServerReport",
    "ask",
    "check_domain",
    "check_domain_sync",
    "check_propagation",
    "check_propagation_sync",
    "default_resolvers",
    "find_authority",
    "find_zone",
    "first_definitive",
    "is_verification_host",
    "iter_check",
    "iter_propagation",
    "make_expectation",
    "parse_doh",
    "parse_domain",
    "parse_resolver",
    "parse_server",
    "propagation_note",
    "servers_from",
    "transfer_vs_dns_change",
]
