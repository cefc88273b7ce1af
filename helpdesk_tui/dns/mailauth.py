"""Mail authentication, because a migration breaks it: SPF, DMARC, DKIM and PTR.

Asked like everything else: names inside the zone of the zone's own servers first,
other names (includes of other providers, reverse zones) of the resolvers; every
question of one step at once, each with the check's time limit. A question nobody could
answer leaves its rule silent (unknown is not a finding here; the server findings say
who failed). Record parsing is in :mod:`mailrecords`.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, replace

import dns.reversename
import httpx

from helpdesk_tui.dns.answer import Answer
from helpdesk_tui.dns.findings import Evidence, Finding
from helpdesk_tui.dns.mailrecords import dkim_key, is_spf, parse_dmarc, parse_spf
from helpdesk_tui.dns.names import DomainName, looks_like_ip
from helpdesk_tui.dns.query import first_definitive
from helpdesk_tui.dns.report import mx_of, txt_of
from helpdesk_tui.dns.resolvers import Resolver

__all__ = ["MailAsker", "mail_auth_findings"]

MAX_LOOKUPS = 10  # RFC 7208 §4.6.4
_MAX_FETCHES = 30  # stop walking a runaway include tree (loops are cut by `seen` too)
_MAX_PTR = 8


@dataclass(frozen=True)
class MailAsker:
    """Where to ask: the zone's servers for names in the zone, else the resolvers."""

    zone: DomainName | None
    authoritative: tuple[Resolver, ...]
    resolvers: tuple[Resolver, ...]
    timeout: float
    client: httpx.AsyncClient | None = None

    async def ask(self, name: str, rdtype: str) -> Answer | None:
        inside = self.zone is not None and (name == self.zone.ascii or name.endswith("." + self.zone.ascii))
        servers = self.authoritative if inside and self.authoritative else (self.resolvers or self.authoritative)
        if not servers:
            return None
        return await first_definitive(servers, name, rdtype, timeout=self.timeout, client=self.client)

    async def addresses(self, host: str) -> tuple[str, ...]:
        return await self.known_addresses(host) or ()

    async def known_addresses(self, host: str) -> tuple[str, ...] | None:
        """The host's addresses; None when nobody could say (not: "it has none")."""
        if looks_like_ip(host):
            return (host.strip("[]"),)
        found = await asyncio.gather(self.ask(host, "A"), self.ask(host, "AAAA"))
        if not any(a is not None for a in found):
            return None
        return tuple(r for a in found if a is not None and a.status == "answer" for r in a.records)


def _ev(answer: Answer) -> Evidence:
    return Evidence.of(answer.server.label, answer, answer.aa)


async def mail_auth_findings(domain: DomainName, asker: MailAsker, txt: Answer | None,
                             mx_addresses: dict[str, str], *, new_server: str | None = None,
                             dkim_selector: str | None = None) -> list[Finding]:
    """Every mail-authentication finding of ``domain``; ``txt`` is the truth's TXT answer,
    ``mx_addresses`` {address: MX host} from the check."""
    new_addresses = await asker.addresses(new_server) if new_server else ()
    spf_task = _spf(domain, asker, txt, new_server, new_addresses) if txt is not None and txt.definitive \
        else _nothing()
    dmarc, dkim, ptr, spf = await asyncio.gather(  # every part at once; SPF reads DMARC's policy after
        _dmarc(domain, asker), _dkim(domain, asker, dkim_selector),
        _ptr(asker, {**{a: ("mx", h) for a, h in mx_addresses.items()},
                     **{a: ("outbound", new_server) for a in new_addresses}}),
        spf_task)
    findings, policy = dmarc
    strict = policy in ("reject", "quarantine")  # then the unlisted server's mail is rejected
    spf = [replace(f, severity="error" if strict else "warning", params={**f.params, "policy": policy or "—"})
           if f.id == "spf-missing-server" else f for f in spf]
    return [*findings, *dkim, *ptr, *spf]


async def _spf(domain: DomainName, asker: MailAsker, txt: Answer, new_server, new_addresses) -> list[Finding]:
    subject = domain.display()
    records = [v for v in txt_of(txt) if is_spf(v)]
    if not records:
        return [Finding("spf-missing", "warning", subject, (_ev(txt),))]
    if len(records) > 1:
        return []  # multiple-spf: receivers already fail it (the zone rules say so)
    top = parse_spf(records[0])
    tree, counted = await _walk(domain.ascii, top, asker)
    out: list[Finding] = []
    if len(counted) > MAX_LOOKUPS:
        out.append(Finding("spf-too-many-lookups", "error", subject, (_ev(txt),),
                           {"count": str(len(counted)), "terms": ", ".join(counted)}))
    final = top.all
    if final is None and top.redirect and top.redirect in tree:
        final = tree[top.redirect].all
    if final is None and not top.redirect:
        out.append(Finding("spf-permissive-all", "warning", subject, (_ev(txt),),
                           Finding.localized("all", "dns.problem.no-all")))
    elif final is not None and final.qualifier in "+?":
        shown = "?all" if final.qualifier == "?" else "+all"
        out.append(Finding("spf-permissive-all", "error" if shown == "+all" else "warning", subject,
                           (_ev(txt),), {"all": shown}))
    if new_addresses and not await _authorises(domain.ascii, tree, new_addresses, asker):
        out.append(Finding("spf-missing-server", "warning", subject, (_ev(txt),),  # severity: see DMARC
                           {"server": new_server, "addresses": ", ".join(new_addresses), "policy": "—"}))
    return out


async def _walk(name: str, top, asker: MailAsker):
    """Every SPF record reachable through include/redirect, and the lookup-costing
    terms in evaluation order (nested includes counted, RFC 7208 §4.6.4)."""
    tree, counted, level, seen = {name: top}, [], [(name, top)], {name}  # counted: see _count
    fetches = 0
    while level and fetches < _MAX_FETCHES:
        targets = []
        for owner, record in level:
            for term in record.terms:
                if term.name in ("include", "redirect") and term.value and "%{" not in term.value \
                        and term.value.lower() not in seen:
                    seen.add(term.value.lower())
                    targets.append(term.value.lower().rstrip("."))
        targets = targets[: _MAX_FETCHES - fetches]
        fetches += len(targets)
        answers = await asyncio.gather(*(asker.ask(t, "TXT") for t in targets))
        level = []
        for target, answer in zip(targets, answers):
            spf = [v for v in txt_of(answer) if is_spf(v)]
            if len(spf) == 1:
                tree[target] = parse_spf(spf[0])
                level.append((target, tree[target]))
    _count(name, tree, counted, ())
    return tree, counted


def _count(owner: str, tree: dict, counted: list[str], path: tuple[str, ...]) -> None:
    """Each evaluation counts: a record included twice costs its lookups twice."""
    if owner in path or len(counted) > 4 * MAX_LOOKUPS:
        return  # a loop (receivers fail it anyway) or far past the limit
    for term in tree[owner].terms:
        if term.costs_lookup:
            counted.append(f"{term.text()} ({owner})")
        target = term.value.lower().rstrip(".")
        if term.name in ("include", "redirect") and target in tree:
            _count(target, tree, counted, (*path, owner))


async def _authorises(name: str, tree: dict, addresses: Sequence[str], asker: MailAsker) -> bool:
    """Whether every address passes through a ``+`` term (ip4/ip6/a/mx, via includes)."""
    networks, a_hosts, mx_hosts, stack, visited = [], set(), set(), [name], set()
    while stack:
        owner = stack.pop()
        if owner in visited or owner not in tree:
            continue
        visited.add(owner)
        for term in tree[owner].terms:
            if term.qualifier != "+" and term.name not in ("include", "redirect"):
                continue
            target = (term.value.split("/")[0] or owner).lower()
            if term.name in ("ip4", "ip6"):
                try:
                    networks.append(ipaddress.ip_network(term.value, strict=False))
                except ValueError:
                    pass
            elif term.name == "a":
                a_hosts.add(target)
            elif term.name == "mx":
                mx_hosts.add(target)
            elif term.name in ("include", "redirect") and term.value:
                stack.append(term.value.lower().rstrip("."))
    mx_answers = await asyncio.gather(*(asker.ask(h, "MX") for h in mx_hosts))
    a_hosts |= {mx.host for answer in mx_answers for mx in mx_of(answer) if mx.host}
    for found in await asyncio.gather(*(asker.addresses(h) for h in a_hosts)):
        networks += [ipaddress.ip_network(a) for a in found]
    return all(any(ipaddress.ip_address(a) in net for net in networks if net.version == ipaddress.ip_address(a).version)
               for a in addresses)


async def _dmarc(domain: DomainName, asker: MailAsker) -> tuple[list[Finding], str | None]:
    """The domain's DMARC record, else its zone's (the organisational domain's policy)."""
    names = [f"_dmarc.{domain.ascii}"]
    if asker.zone is not None and asker.zone.ascii != domain.ascii:
        names.append(f"_dmarc.{asker.zone.ascii}")
    answers = await asyncio.gather(*(asker.ask(name, "TXT") for name in names))
    for name, answer in zip(names, answers):
        if answer is None:
            return [], None  # nobody could say
        values = [v for v in txt_of(answer) if v.lstrip().lower().startswith("v=dmarc1")]
        if not values:
            continue
        if len(values) > 1:
            return [Finding("dmarc-malformed", "error", name, (_ev(answer),),
                            Finding.localized("problem", "dns.problem.several", count=len(values)))], None
        parsed = parse_dmarc(values[0])
        if parsed.problem:
            return [Finding("dmarc-malformed", "error", name, (_ev(answer),),
                            Finding.localized("problem", f"dns.problem.{parsed.problem}", **parsed.detail))], None
        if parsed.policy == "none":
            return [Finding("dmarc-policy-none", "info", name, (_ev(answer),))], "none"
        return [], parsed.policy
    return [Finding("dmarc-missing", "warning", names[0], (_ev(answers[0]),))], None


async def _dkim(domain: DomainName, asker: MailAsker, selector: str | None) -> list[Finding]:
    if not selector:
        return []
    name = f"{selector}._domainkey.{domain.ascii}"
    answer = await asker.ask(name, "TXT")
    if answer is None:
        return []
    values = txt_of(answer)
    if not values:
        return [Finding("dkim-missing", "error", name, (_ev(answer),),
                        {"selector": selector, **Finding.localized("problem", "dns.problem.no-record")})]
    key = dkim_key(values[0])
    if key.problem is None:
        return []
    params = {"selector": selector, **Finding.localized("problem", f"dns.problem.{key.problem}", **key.detail)}
    if key.bits is not None:
        params["advice"] = "short"
    return [Finding("dkim-missing", "error", name, (_ev(answer),), params)]


async def _ptr(asker: MailAsker, addresses: dict[str, tuple[str, str]]) -> list[Finding]:
    chosen = list(addresses.items())[:_MAX_PTR]
    reverse = [dns.reversename.from_address(a).to_text(omit_final_dot=True) for a, _ in chosen]
    answers = await asyncio.gather(*(asker.ask(r, "PTR") for r in reverse))
    names = [(a.records[0].rstrip(".").lower() if a is not None and a.status == "answer" else None)
             for a in answers]
    forward = await asyncio.gather(*(asker.known_addresses(n) if n else _nothing() for n in names))
    out = []
    for (address, (role, host)), answer, name, back in zip(chosen, answers, names, forward):
        if answer is None or (name is not None and back is None):
            continue  # unknown: nobody answered, or the PTR name's lookup failed
        if name is not None and address in back:
            continue
        out.append(Finding("ptr-mismatch", "warning", address, (_ev(answer),),
                           {"role": "MX" if role == "mx" else "SMTP", "host": host or "", "ptr": name or "—"}))
    return out


async def _nothing():
    return ()
