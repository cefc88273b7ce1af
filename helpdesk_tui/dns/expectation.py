"""What the admin expects to see, and what is known of a mail migration, normalised
once from what was typed (``--expect-mx``, ``--old-mx``, ``--new-server``…) or read from
the tenant's checklist. Bad input raises :class:`InvalidName` before any query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk_tui.dns.names import DomainName, InvalidName, looks_like_ip, parse_domain

__all__ = ["Expectation", "make_expectation"]


@dataclass(frozen=True)
class Expectation:
    """What the admin was told to publish (MX hosts, TXT values), and what is known of a
    mail migration: the old MX (by name or by the old server's address), the new
    server (host or address), the requested switch time, a DKIM selector."""

    mx: tuple[DomainName, ...] = ()
    txt: tuple[str, ...] = ()
    old_mx: tuple[DomainName, ...] = ()
    old_addresses: tuple[str, ...] = ()
    new_server: str | None = None
    switch_at: datetime | None = None
    dkim_selector: str | None = None

    def __bool__(self) -> bool:
        return bool(self.mx or self.txt)



def make_expectation(expect_mx=(), expect_txt=(), *, old_mx=(), old_addresses=(), new_server=None,
                     switch_at=None, dkim_selector=None) -> Expectation:
    """Normalise what the admin expects to see (and what is known of a migration);
    raises InvalidName on bad input."""
    base = _records_expected(expect_mx, expect_txt)
    old = make_expectation_hosts(old_mx, "--old-mx")
    addresses = tuple(a for a in (old_addresses or ()) if a and looks_like_ip(a))
    server = None
    if new_server:
        server = new_server.strip().strip("[]") if looks_like_ip(new_server) else parse_domain(new_server).ascii
    selector = None
    if dkim_selector:
        try:
            selector = parse_domain(f"{dkim_selector.strip()}._domainkey.invalid").ascii.split("._domainkey.")[0]
        except InvalidName:
            raise InvalidName(f"--dkim-selector {dkim_selector!r} is not a DKIM selector (e.g. s1, google)") from None
    return Expectation(base.mx, base.txt, old, addresses, server, switch_at, selector)


def make_expectation_hosts(hosts, flag: str) -> tuple[DomainName, ...]:
    listed = [hosts] if isinstance(hosts, (str, DomainName)) else list(hosts or ())
    out = []
    for host in listed:
        if isinstance(host, DomainName):
            out.append(host)
        elif looks_like_ip(host):
            raise InvalidName(f"{flag} {host!r}: an MX record names a host, not an IP address")
        else:
            out.append(parse_domain(host))
    return tuple(out)


def _records_expected(expect_mx, expect_txt) -> Expectation:
    mx = [expect_mx] if isinstance(expect_mx, (str, DomainName)) else list(expect_mx or ())
    txt = [expect_txt] if isinstance(expect_txt, str) else list(expect_txt or ())
    hosts = []
    for host in mx:
        if isinstance(host, DomainName):
            hosts.append(host)
            continue
        if looks_like_ip(host):
            raise InvalidName(f"--expect-mx {host!r}: an MX record names a host, not an IP address")
        hosts.append(parse_domain(host))
    values = []
    for value in txt:
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]  # pasted with the quotes a zone file shows
        if not value:
            raise InvalidName("--expect-txt: empty TXT value")
        values.append(value)
    return Expectation(tuple(hosts), tuple(values))
