"""The lookups ``verify_domain`` takes: what MX values does the domain have now?

The contract is that of ``ownership.verify_domain``: a callable taking the ASCII domain
name and returning the MX values seen (``"10 host.example."``), raising
:class:`LookupFailed` with a glossary DNS finding id when it cannot tell. Two sources:

- :func:`mx_lookup`: one MX query to one resolver (``domain verify --resolver``);
- :func:`mx_from_report`: the truth of a full DNS-engine check (authoritative servers
  first), which the console's domain screen runs and shows row by row anyway.
"""

from __future__ import annotations

from collections.abc import Callable

import dns.exception
import dns.resolver

from helpdesk_tui.dns.resolvers import parse_resolver as dns_resolver_spec
from helpdesk_tui.domains.errors import LookupFailed

def parse_resolver(text: str) -> tuple[str, int]:
    """``ADDR[:PORT]`` → (address, port), by the DNS engine's own parser (IPv6 with a port
    is written ``[::1]:5353``); ValueError (InvalidResolver) for anything else."""
    server = dns_resolver_spec(text)
    return server.address, server.port


def mx_lookup(resolver: str | None = None, timeout: float = 5.0) -> Callable[[str], list[str]]:
    """A lookup asking ``resolver`` (``ADDR[:PORT]``; default: the system's resolvers)
    for the MX records of a name, giving up after ``timeout`` seconds."""
    server = parse_resolver(resolver) if resolver else None

    def lookup(name: str) -> list[str]:
        try:
            res = dns.resolver.Resolver(configure=server is None)
        except dns.exception.DNSException as exc:
            raise LookupFailed("resolver-error", f"no resolver configured: {exc}") from None
        if server is not None:
            res.nameservers = [server[0]]
            res.port = server[1]
        res.timeout = res.lifetime = timeout
        try:
            answer = res.resolve(name, "MX", search=False, lifetime=timeout)
        except dns.resolver.NXDOMAIN:
            raise LookupFailed("nxdomain", f"{name} does not exist") from None
        except dns.resolver.NoAnswer:
            return []
        except dns.resolver.LifetimeTimeout:
            raise LookupFailed("resolver-timeout", f"no answer within {timeout:g} s") from None
        except dns.exception.DNSException as exc:
            raise LookupFailed("resolver-error", str(exc)) from None
        return [f"{r.preference} {r.exchange.to_text()}" for r in answer]

    return lookup


def mx_from_report(report) -> list[str]:
    """The MX values of a ``dns.CheckReport``'s truth; LookupFailed when no server could
    tell (timeouts, errors) or the name does not exist."""
    truth = report.truth
    if truth is None:
        reports = (*report.authoritative, *report.resolvers)
        problems = [r.problem.error for r in reports if r.problem is not None and r.problem.error]
        finding = "resolver-timeout" if any(r.status == "timeout" for r in reports) else "resolver-error"
        raise LookupFailed(finding, problems[0] if problems else "")
    answer = truth.answer(truth.domain, "MX")
    if answer is not None and answer.status == "nxdomain" and not answer.cname_chain:
        raise LookupFailed("nxdomain", answer.said())
    return [mx.text() for mx in truth.mx]
