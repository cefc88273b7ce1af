"""What the domain screen says about one domain, as literal ``Text``: how a typed name
is read, the record to publish, a verification verdict, the outcome of a check, the
make-primary and delete warnings.

Names, DNS answers and error details pass through ``safe``; catalogue labels are
trusted but kept literal too (never markup).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from helpdesk_tui.dns.findings import servers_phrase
from helpdesk_tui.i18n import format_datetime
from helpdesk_tui.widgets.dns_results import findings_text
from helpdesk_tui.widgets.safe import safe

Translate = Callable[..., str]
LONG = 2000


def problem_text(message: str) -> Text:
    """A refusal or failure, in the words of the domain layer."""
    return safe(message, "bold red", max_length=LONG)


def record_text(record, t: Translate, *, owned: bool) -> Text:
    """Seed 000 STEP.3: the exact MX record, field by field and as a zone-file line."""
    shown = f"{record.unicode} ({record.domain})" if record.unicode != record.domain else record.domain
    out = safe(shown, "bold")
    out.append("\n" + t("domains.record.intro"))
    rows = [
        ("domains.record.name", f"@  ({record.domain}.)"),
        ("domains.record.type", record.type),
        ("domains.record.preference", str(record.preference)),
        ("domains.record.value", record.value),
        ("domains.record.ttl", str(record.ttl)),
        ("domains.record.zone", record.zone_line()),
    ]
    for key, value in rows:
        out.append(f"\n  {t(key)}: ", style="bold")
        out.append_text(safe(value, max_length=LONG))
    out.append("\n")
    out.append(t("domain-screen.record-owned") if owned else t("domain-screen.record-wait"), style="italic")
    return out


def name_preview(text: str, t: Translate, lang: str) -> tuple[Text, bool]:
    """How a typed name is read: both spellings, or why it is not a domain name."""
    from helpdesk_tui.domains import DomainInputError, parse_domain_name

    try:
        name = parse_domain_name(text)
    except DomainInputError as problem:
        return problem_text(problem.message(lang)), False
    out = Text(t("domain-screen.unicode") + ": ", style="bold")
    out.append_text(safe(name.unicode))
    out.append("\n" + t("domain-screen.punycode") + ": ", style="bold")
    out.append_text(safe(name.ascii))
    return out, True


def verify_text(result, report, t: Translate, lang: str) -> Text:
    """The verdict ``domains.verify_domain`` recorded, with what DNS showed and the
    findings of the check behind it (``report``; None when nothing was checked)."""
    retry = format_datetime(result.retry_until, lang) if result.retry_until else "-"
    style = {"verified": "bold green", "already-verified": "bold green", "not-yet": "bold yellow"}.get(
        result.outcome, "bold red")
    out = safe(t(f"domains.verify.{result.outcome}", domain=result.domain.display(),
                 retry_until=retry, detail=result.detail), style, max_length=LONG)
    if result.expected and result.outcome != "already-verified":
        out.append("\n  " + t("domains.verify.expected", value=result.expected.value))
        out.append("\n  ")
        out.append_text(safe(t("domains.verify.seen", seen=", ".join(result.seen) or "-"), max_length=LONG))
    if result.finding:
        label = t(f"dns.finding.{result.finding}")  # 「所見: 確認済み」, not the raw id
        out.append("\n  " + t("domains.verify.finding", finding=f"{label} ({result.finding})"))
    if report is not None:
        out.append("\n\n" + t("dns.cli.findings") + "\n", style="bold underline")
        out.append_text(findings_text(report.findings, t, lang))
    return out


def check_text(report, t: Translate, lang: str) -> Text:
    """A finished check: where the truth came from, then every finding."""
    out = check_header(report, t)
    out.append("\n\n" + t("dns.cli.findings") + "\n", style="bold underline")
    out.append_text(findings_text(report.findings, t, lang))
    return out


def check_header(report, t: Translate) -> Text:
    """Where the truth came from: the zone's servers, and which report the findings rest on."""
    authority = report.authority
    if authority.zone is not None and authority.servers:
        servers = ", ".join(s.display() for s in authority.servers)
        out = safe(t("dns.cli.zone", zone=authority.zone.display(), servers=servers), max_length=LONG)
    else:
        out = safe(t("dns.cli.zone-unknown", problem=authority.problem or "—"), max_length=LONG)
    out.append("\n")
    if report.truth is not None:
        out.append_text(safe(t("dns.cli.truth", server=report.truth.server.display())))
    else:
        out.append(t("dns.cli.no-truth"), style="bold red")
    asked = servers_phrase(t, len(report.authoritative) + len(report.resolvers))  # every server asked
    out.append("\n" + t("dns.cli.asked", servers=asked, elapsed=f"{report.elapsed:.2f}"), style="dim")
    return out


def primary_lines(target, warnings, citation: str, t: Translate) -> list[Text]:
    """Seed 000 STEP.4: every warning, numbered, then where they come from."""
    lines = [safe(t("domains.primary.heading", new=target.display()), "bold", max_length=LONG)]
    for number, (_warning, text) in enumerate(warnings, 1):
        line = Text(f"{number}. ", style="bold yellow")
        line.append_text(safe(text, max_length=LONG))
        lines.append(line)
    lines.append(Text(citation, style="italic"))
    return lines


def delete_lines(target, t: Translate) -> list[Text]:
    lines = [safe(t("domain-screen.delete-intro", domain=target.display()), "bold", max_length=LONG)]
    if target.provided:
        lines.append(Text(t("domains.delete.irreversible"), style="bold red"))
    else:
        lines.append(Text(t("domain-screen.delete-readd")))
    return lines
