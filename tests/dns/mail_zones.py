"""Zones for the mail-authentication and migration findings, served by the session's nsd.

Every SPF include stays inside the lab (``.test``), so neither nsd nor unbound ever has to
ask the Internet; the reverse zone 2.0.192.in-addr.arpa gives the PTR cases.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from loopback_dns import zone_text


def _dkim_txt(bits: int) -> str:
    """A DKIM key record with an RSA modulus of ``bits`` bits, as zone-file strings."""
    modulus = (1 << (bits - 1)) | 0xF1  # odd, top bit set: an RSA public key of that size
    key = rsa.RSAPublicNumbers(65537, modulus).public_key()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    text = "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()
    return " ".join(f'"{text[i:i + 200]}"' for i in range(0, len(text), 200))


MAIL_ZONES = {
    # Everything a receiver checks passes.
    "auth.test": zone_text("auth.test", f"""
@ IN MX 10 mx.auth.test.
mx IN A 192.0.2.10
out IN A 192.0.2.130
@ IN TXT "v=spf1 mx include:_spf.auth.test -all"
_spf IN TXT "v=spf1 ip4:192.0.2.128/25 -all"
_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@auth.test"
s2048._domainkey IN TXT {_dkim_txt(2048)}
s512._domainkey IN TXT {_dkim_txt(512)}
revoked._domainkey IN TXT "v=DKIM1; p="
"""),
    # 14 lookups through nested includes, ?all, no DMARC, an MX whose PTR does not resolve back.
    "spfbad.test": zone_text("spfbad.test", """
@ IN MX 10 mx.spfbad.test.
mx IN A 192.0.2.71
@ IN TXT "v=spf1 include:i1.spfbad.test include:i2.spfbad.test a mx ?all"
i1 IN TXT "v=spf1 include:i3.spfbad.test a:x.spfbad.test mx:spfbad.test exists:%{i}.e.spfbad.test -all"
i2 IN TXT "v=spf1 a mx ptr include:i3.spfbad.test -all"
i3 IN TXT "v=spf1 ip4:198.51.100.0/24 a -all"
"""),
    "dmarcnone.test": zone_text("dmarcnone.test", """
@ IN MX 10 mx.dmarcnone.test.
mx IN A 192.0.2.72
@ IN TXT "v=spf1 ip4:192.0.2.72 -all"
_dmarc IN TXT "v=DMARC1; p=none"
"""),
    "dmarcbad.test": zone_text("dmarcbad.test", """
@ IN MX 10 mx.dmarcbad.test.
mx IN A 192.0.2.73
@ IN TXT "v=spf1 +all"
_dmarc IN TXT "v=DMARC1; p=block"
"""),
    # Mid-migration: the old and the new MX both published, the MX TTL a day long.
    "dual.test": zone_text("dual.test", """
@ 86400 IN MX 10 old.dual.test.
@ 86400 IN MX 20 new.dual.test.
old IN A 203.0.113.25
new IN A 192.0.2.74
@ IN TXT "v=spf1 ip4:203.0.113.25 -all"
_dmarc IN TXT "v=DMARC1; p=reject"
"""),
    "2.0.192.in-addr.arpa": zone_text("2.0.192.in-addr.arpa", """
10 IN PTR mx.auth.test.
130 IN PTR out.auth.test.
71 IN PTR wrong.spfbad.test.
74 IN PTR new.dual.test.
90 IN PTR mx.xn--r8jz45g.test.
101 IN PTR old-mx.switch.test.
102 IN PTR new-mx.switch.test.
"""),
}


def lag_zone(serial: int) -> str:
    """lag.test with three name servers: ns1 (primary), ns2 (a secondary that may lag),
    ns3 (listed, but serving only another zone: lame). Serial 1: old MX; 2: new MX."""
    host = "old-mx" if serial == 1 else "new-mx"
    return (f"$ORIGIN lag.test.\n$TTL 300\n"
            f"@ IN SOA ns1.lag.test. hostmaster.lag.test. {serial} 3600 900 604800 60\n"
            "@ IN NS ns1.lag.test.\n@ IN NS ns2.lag.test.\n@ IN NS ns3.lag.test.\n"
            "ns1 IN A 127.0.0.1\nns2 IN A 127.0.0.2\nns3 IN A 127.0.0.3\n"
            f"@ IN MX 10 {host}.lag.test.\nold-mx IN A 192.0.2.101\nnew-mx IN A 192.0.2.102\n"
            '@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=none"\n')


def cached_zone(serial: int) -> str:
    """Served through unbound: serial 1 MX → old-mx (TTL 60, so unbound keeps it a minute
    after the switch); serial 2 MX → new-mx."""
    host = "old-mx" if serial == 1 else "new-mx"
    return zone_text("cached.test", f"@ 60 IN MX 10 {host}.cached.test.\n"
                     "old-mx IN A 192.0.2.111\nnew-mx IN A 192.0.2.112", serial=serial)
