"""A finding: one thing a check concluded, with the proof and the fix.

Admins compare our output with MXToolbox or Google's Check MX, and forward it to
whoever runs their DNS. So every finding carries the glossary id (stable, for scripts
and JSON), a severity, the evidence as "which server said what" (dig-style, so a DNS
person can verify it), and the message and fix in Japanese and English from the i18n
catalogue (keys ``dns.finding.<id>``, ``dns.message.<id>``, ``dns.fix.<id>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from helpdesk_tui.glossary import DNS_FINDINGS
from helpdesk_tui.i18n import LANGS, catalogue

__all__ = ["SEVERITIES", "Evidence", "Finding", "sort_findings", "worst"]

# Most severe first; "ok" is a positive conclusion (verified, propagated).
SEVERITIES = ("error", "warning", "info", "ok")


@dataclass(frozen=True)
class Evidence:
    """One server's statement behind a finding."""

    server: str  # the server as typed ("8.8.8.8", "[::1]:5353", a DoH URL)
    said: str  # dig-style, e.g. "example.jp MX: 10 mx.example.jp. (TTL 300)"
    authoritative: bool = False  # asked as one of the zone's own name servers
    said_ja: str = ""  # the same in Japanese (protocol words such as NXDOMAIN stay)

    @classmethod
    def of(cls, server: str, answer, authoritative: bool = False) -> "Evidence":
        """What ``answer`` (a dns.answer.Answer) says, in both languages."""
        return cls(server, answer.said("en"), authoritative, answer.said("ja"))

    def said_in(self, lang: str) -> str:
        return self.said_ja if lang == "ja" and self.said_ja else self.said

    def to_json(self) -> dict:
        return {"server": self.server, "said": self.said, "said_ja": self.said_ja or self.said,
                "authoritative": self.authoritative}


@dataclass(frozen=True)
class Finding:
    """A conclusion about a domain, an MX host or a server.

    ``params`` fill the ``{placeholders}`` of the message and fix texts; ``subject`` is
    what the finding is about (the domain, an MX host, a server label).
    """

    id: str
    severity: str
    subject: str
    evidence: tuple[Evidence, ...] = ()
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.id not in DNS_FINDINGS:
            raise ValueError(f"unknown DNS finding id {self.id!r} (see glossary.DNS_FINDINGS)")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @staticmethod
    def localized(name: str, key: str, **params) -> dict:
        """``{name: English, name@ja: Japanese}`` of the catalogue label ``key``."""
        return {name: catalogue("en").t(key, **params), f"{name}@ja": catalogue("ja").t(key, **params)}

    def title(self, lang: str) -> str:
        """Short label: 「MX レコードがない」 / "No MX record"."""
        return catalogue(lang).t(f"dns.finding.{self.id}")

    def _filled(self, lang: str) -> dict:
        """The params for ``lang``: ``name@ja`` overrides ``name`` in Japanese (details that
        come from the engine in English, such as why a key is unusable)."""
        plain = {k: v for k, v in self.params.items() if "@" not in k}
        plain.update({k.split("@")[0]: v for k, v in self.params.items() if k.endswith("@" + lang)})
        return plain

    def message(self, lang: str) -> str:
        """What is wrong (or right), with the subject and details filled in."""
        return catalogue(lang).t(f"dns.message.{self.id}", subject=self.subject, **self._filled(lang))

    def fix(self, lang: str) -> str:
        """What to do about it; for ``ok`` findings, what comes next."""
        advice = self.params.get("advice")  # a variant of the fix for one situation
        key = f"dns.fix.{self.id}.{advice}" if advice else f"dns.fix.{self.id}"
        return catalogue(lang).t(key, subject=self.subject, **self._filled(lang))

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity,
            "subject": self.subject,
            "evidence": [e.to_json() for e in self.evidence],
            "params": dict(self.params),
            "title": {lang: self.title(lang) for lang in LANGS},
            "message": {lang: self.message(lang) for lang in LANGS},
            "fix": {lang: self.fix(lang) for lang in LANGS},
        }


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Most severe first, then in glossary order, then by subject: stable output."""
    return tuple(sorted(findings, key=lambda f: (SEVERITIES.index(f.severity),
                                                 DNS_FINDINGS.index(f.id), f.subject)))


def worst(findings: Iterable[Finding]) -> str | None:
    """The most severe severity among ``findings`` (None when there are none)."""
    ranks = [SEVERITIES.index(f.severity) for f in findings]
    return SEVERITIES[min(ranks)] if ranks else None


def servers_phrase(t, count: int) -> str:
    """「3 台のサーバ」 / "3 servers", "1 server" (never "1 servers"); ``t`` a catalogue."""
    return t("dns.cli.servers.one") if count == 1 else t("dns.cli.servers", count=count)
