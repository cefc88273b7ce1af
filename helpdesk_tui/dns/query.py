"""Ask one server one question, within its own time limit, never raising.

Plain DNS goes over UDP and is repeated over TCP when the reply comes back truncated
(TC flag), as stub resolvers do: long TXT sets (SPF, several verification tokens) do not
fit in one datagram. The whole exchange, TCP retry included, shares one deadline, so a
caller that starts N of these at once waits at most one timeout.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

import dns.asyncquery
import dns.exception
import dns.message
import httpx

from helpdesk_tui.dns.answer import ERROR, TIMEOUT, Answer, failed, from_message, make_query
from helpdesk_tui.dns.doh import doh_ask
from helpdesk_tui.dns.resolvers import Resolver

__all__ = ["ask", "first_definitive"]

DEFAULT_TIMEOUT = 3.0


async def ask(server: Resolver, name: str, rdtype: str, *, timeout: float = DEFAULT_TIMEOUT,
              client: httpx.AsyncClient | None = None) -> Answer:
    """``server``'s answer for (``name``, ``rdtype``); ``name`` in ASCII without the
    final dot. DoH servers use ``client`` (one is made for the call when None)."""
    if server.kind == "doh":
        if client is None:
            async with httpx.AsyncClient() as own:
                return await doh_ask(server, name, rdtype, timeout=timeout, client=own)
        return await doh_ask(server, name, rdtype, timeout=timeout, client=client)
    return await _plain(server, name, rdtype, timeout)


async def _plain(server: Resolver, name: str, rdtype: str, timeout: float) -> Answer:
    started = time.monotonic()
    transport = "udp"
    try:
        async with asyncio.timeout(timeout):
            query = make_query(name, rdtype)
            try:
                response = await dns.asyncquery.udp(
                    query, server.address, port=server.port, ignore_unexpected=True,
                    raise_on_truncation=True,
                )
            except dns.message.Truncated:
                transport = "tcp"
                response = await dns.asyncquery.tcp(query, server.address, port=server.port)
    except (TimeoutError, dns.exception.Timeout):
        return failed(server, name, rdtype, TIMEOUT, f"no answer within {timeout:g} s",
                      elapsed=time.monotonic() - started, transport=transport)
    except (OSError, EOFError, dns.exception.DNSException) as problem:
        return failed(server, name, rdtype, ERROR, _describe(problem),
                      elapsed=time.monotonic() - started, transport=transport)
    return from_message(server, name, rdtype, response,
                        elapsed=time.monotonic() - started, transport=transport)


async def first_definitive(servers: Iterable[Resolver], name: str, rdtype: str, *,
                           timeout: float, client: httpx.AsyncClient | None = None) -> Answer | None:
    """Ask every server at once and return the first answer that says something about
    the zone (records, NODATA or NXDOMAIN); None when none did within ``timeout``.

    Used for the discovery steps (which zone, which name servers): one dead resolver in
    the list must not hold up the check.
    """
    tasks = [asyncio.ensure_future(ask(s, name, rdtype, timeout=timeout, client=client))
             for s in servers]
    try:
        for next_done in asyncio.as_completed(tasks):
            answer = await next_done
            if answer.definitive:
                return answer
        return None
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _describe(problem: BaseException) -> str:
    text = str(problem) or type(problem).__name__
    if isinstance(problem, ConnectionRefusedError):
        return "connection refused (nothing listens on that port)"
    return text
