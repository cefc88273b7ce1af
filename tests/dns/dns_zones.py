"""The zones nsd serves in the DNS tests: one per finding, an IDN zone, a zone that is
switched from an old to a new MX during a test, and one too big for a UDP answer."""

from __future__ import annotations

from loopback_dns import zone_text
from mail_zones import MAIL_ZONES, cached_zone

# TXT records long enough that the answer exceeds the 1232-byte EDNS buffer: truncated
# over UDP, complete over TCP.
BIG_TXT = "\n".join(f'@ IN TXT "record-{i:02d}-' + "x" * 60 + '"' for i in range(40))

SWITCH_OLD_TTL = 1  # second: short, so the "cache expired" step of the test is quick


def switch_zone(serial: int) -> str:
    """Before (serial 1): MX → old-mx; after (serial 2): MX → new-mx."""
    host = "old-mx" if serial == 1 else "new-mx"
    return zone_text("switch.test", f"@ {SWITCH_OLD_TTL} IN MX 10 {host}.switch.test.\n"
                     "old-mx IN A 192.0.2.101\nnew-mx IN A 192.0.2.102\n"
                     '@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=reject"', serial=serial)


ZONES = {
    # Everything right: MX with A/AAAA, one SPF, a verification token.
    "verified.test": zone_text("verified.test", """
@ IN A 192.0.2.80
@ IN MX 10 mx.verified.test.
mx IN A 192.0.2.10
mx IN AAAA 2001:db8::10
@ IN TXT "v=spf1 ip4:192.0.2.10 -all"
@ IN TXT "helpdesk-verification=tok-123"
_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@verified.test"
"""),
    # The domain exists (A record) but has no MX: NODATA, not NXDOMAIN.
    "nomx.test": zone_text("nomx.test", "@ IN A 192.0.2.20"),
    # shop.cname.test is an alias: a mail domain that is a CNAME.
    "cname.test": zone_text("cname.test", "shop IN CNAME verified.test."),
    "ptcname.test": zone_text("ptcname.test", """
@ IN MX 10 mail.ptcname.test.
mail IN CNAME real.ptcname.test.
real IN A 192.0.2.30
"""),
    # An IP as the MX target, once absolute and once with the trailing dot forgotten.
    "ptip.test": zone_text("ptip.test", "@ IN MX 10 192.0.2.40.\n@ IN MX 20 192.0.2.41"),
    "dangling.test": zone_text("dangling.test", "@ IN MX 10 gone.dangling.test."),
    "dup.test": zone_text("dup.test", "@ IN MX 10 mx.dup.test.\n@ IN MX 20 mx.dup.test.\nmx IN A 192.0.2.50"),
    "nullmx.test": zone_text("nullmx.test", "@ IN MX 0 ."),
    "leftover.test": zone_text("leftover.test", """
@ IN MX 10 mx.leftover.test.
@ IN MX 20 abc123.msv1.invalid.
@ IN MX 30 xyz.mx-verification.google.com.
mx IN A 192.0.2.60
"""),
    # Ownership check in progress: the real MX plus the vendor's verification MX.
    "pending.test": zone_text("pending.test", """
@ IN MX 10 mx.pending.test.
@ IN MX 50 tok-9f8e.msv1.invalid.
mx IN A 192.0.2.65
"""),
    "spf.test": zone_text("spf.test", """
@ IN MX 10 mx.spf.test.
mx IN A 192.0.2.70
@ IN TXT "v=spf1 include:_spf.a.example -all"
@ IN TXT "v=spf1 include:_spf.b.example ~all"
@ IN TXT "v=spf1x is-not-spf"
"""),
    # The new host is published, but the old one still has the better preference.
    "pref.test": zone_text("pref.test", """
@ IN MX 10 old.pref.test.
@ IN MX 20 new.pref.test.
old IN A 192.0.2.75
new IN A 192.0.2.76
"""),
    # 例え.test
    "xn--r8jz45g.test": zone_text("xn--r8jz45g.test", "@ IN MX 10 mx.xn--r8jz45g.test.\nmx IN A 192.0.2.90\n"
                                  '@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=quarantine"'),
    "switch.test": switch_zone(1),
    "big.test": zone_text("big.test", "@ IN MX 10 mx.big.test.\nmx IN A 192.0.2.95\n" + BIG_TXT),
}

# Issue 13's crash cases: an MX host outside every zone the lab serves (only a resolver
# could give its address), and one with only an AAAA record (behind a middlebox that
# drops AAAA queries, nobody can say whether it has an address).
ZONES["outmx.test"] = zone_text("outmx.test", "@ IN MX 10 mx.faraway.test.")
ZONES["v6.test"] = zone_text("v6.test", "@ IN MX 10 mx.v6.test.\nmx IN AAAA 2001:db8::66")
# A delegation: asked about sub.deleg.test, nsd (authoritative only) answers with a
# referral to the child's name server, which a stub resolver must not read as NODATA.
ZONES["deleg.test"] = zone_text("deleg.test", "sub IN NS ns.sub.deleg.test.\nns.sub IN A 127.0.0.9")
# An MX host that is a CNAME loop (a → b → a): a server answers the chain as far as it goes.
ZONES["loop.test"] = zone_text("loop.test", "@ IN MX 10 a.loop.test.\na IN CNAME b.loop.test.\n"
                               "b IN CNAME a.loop.test.")
# Published without the trailing dot (the zone was appended): the verification token and
# a host of another domain.
ZONES["dotless.test"] = zone_text("dotless.test", """
@ IN MX 10 mx.dotless.test.
@ IN MX 50 tok-5a5a.msv1.invalid
@ IN MX 60 mail.example.net
mx IN A 192.0.2.55
""")

# A TXT record carrying a terminal escape sequence (ESC [ 3 1 m): must never reach
# the operator's terminal raw.
ZONES["evil.test"] = zone_text("evil.test", '@ IN MX 10 mx.evil.test.\nmx IN A 192.0.2.99\n'
                               '@ IN TXT "\\027[31mred\\027[0m"')

ZONES.update(MAIL_ZONES)
ZONES["cached.test"] = cached_zone(1)
