"""DNS-over-HTTPS (RFC 8484) with httpx: POST the wire-format query, parse the reply.

dnspython 2.9 moved its own DoH client to another HTTP package; the project already
depends on httpx (LINE WORKS API), so we speak the small protocol ourselves and keep
dnspython for building and parsing messages. DoH matters for the checks because it
reaches public resolvers from networks that block outgoing port 53, and because it
shows what a browser-style resolver sees.
"""

from __future__ import annotations

import asyncio
import time

import dns.exception
import dns.message
import httpx

from helpdesk_tui.dns.answer import ERROR, TIMEOUT, Answer, failed, from_message, make_query
from helpdesk_tui.dns.resolvers import Resolver

__all__ = ["MEDIA_TYPE", "doh_ask"]

MEDIA_TYPE = "application/dns-message"


async def doh_ask(server: Resolver, name: str, rdtype: str, *, timeout: float,
                  client: httpx.AsyncClient) -> Answer:
    """``server``'s (a DoH endpoint) answer for (``name``, ``rdtype``), never raising."""
    started = time.monotonic()
    # RFC 8484 §4.1: use ID 0 so that identical queries are cache-friendly over HTTP.
    query = make_query(name, rdtype, query_id=0)
    try:
        async with asyncio.timeout(timeout):
            reply = await client.post(
                server.address,
                content=query.to_wire(),
                headers={"content-type": MEDIA_TYPE, "accept": MEDIA_TYPE},
                timeout=timeout,
            )
    except (TimeoutError, httpx.TimeoutException):
        return failed(server, name, rdtype, TIMEOUT, f"no answer within {timeout:g} s",
                      elapsed=time.monotonic() - started, transport="doh")
    except httpx.HTTPError as problem:
        return failed(server, name, rdtype, ERROR, f"HTTP request failed: {problem or type(problem).__name__}",
                      elapsed=time.monotonic() - started, transport="doh")
    elapsed = time.monotonic() - started
    if reply.status_code != 200:
        return failed(server, name, rdtype, ERROR, f"HTTP {reply.status_code}",
                      elapsed=elapsed, transport="doh")
    media = reply.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != MEDIA_TYPE:
        return failed(server, name, rdtype, ERROR, f"not a DNS reply (content-type {media or 'missing'})",
                      elapsed=elapsed, transport="doh")
    try:
        response = dns.message.from_wire(reply.content)
    except dns.exception.DNSException as problem:
        return failed(server, name, rdtype, ERROR, f"malformed DNS reply: {problem}",
                      elapsed=elapsed, transport="doh")
    if not query.is_response(response):
        return failed(server, name, rdtype, ERROR, "the reply does not answer the question asked",
                      elapsed=elapsed, transport="doh")
    return from_message(server, name, rdtype, response, elapsed=elapsed, transport="doh")
