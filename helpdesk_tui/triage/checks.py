"""Store checks: the questions of a tree that the store can answer by itself.

Each check reads the member's security view and the tenant and returns one of its
declared answers with the evidence (which field said what), in both languages, so that
the triage screen, ``diagnose --json`` and the ticket timeline all show the same proof.
The answers are the contract with the tree files (docs/TRIAGE_TREES.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

from helpdesk_tui.clock import parse_iso
from helpdesk_tui.i18n import catalogue
from helpdesk_tui.members import SecurityView
from helpdesk_tui.phone import KIND_MOBILE, national
from helpdesk_tui.timezones import tenant_zone

DOMAIN_CHANGE_WINDOW = timedelta(days=30)  # own addition: how long "recently" lasts
SUSPICIOUS_WINDOW = timedelta(days=7)

# Well-known personal mail domains: a recovery address one or two typos away from one of
# these is probably mistyped (seed 001 「メールアドレス登録ミス」).
KNOWN_MAIL_DOMAINS = (
    "gmail.com", "yahoo.co.jp", "yahoo.com", "outlook.com", "outlook.jp", "hotmail.com",
    "icloud.com", "me.com", "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp",
    "i.softbank.jp", "ymobile.ne.jp", "nifty.com", "biglobe.ne.jp",
)


@dataclass(frozen=True)
class Facts:
    """What the checks may look at: one member's security view, the tenant, the time."""

    view: SecurityView
    tenant: dict
    now: datetime


@dataclass(frozen=True)
class Evidence:
    check: str
    answer: str
    facts: dict = field(default_factory=dict)  # field -> value the store holds

    def text(self, lang: str) -> str:
        labels = catalogue(lang)
        params = {k: ("—" if v is None else v) for k, v in self.facts.items()}
        for key, value in self.facts.items():  # glossary ids shown with their label
            label_key = _LABELLED.get(key)
            if label_key and value:
                params[key] = labels.t(f"{label_key}.{value}")
            # A number in national format, unless how it was typed is the problem.
            if key in ("number", "mobile") and value and not self.facts.get("problems"):
                params[key] = national(value)
        return labels.t(f"triage.evidence.{self.check}.{self.answer}", **params)

    def to_json(self) -> dict:
        return {
            "check": self.check,
            "answer": self.answer,
            "facts": self.facts,
            "text": {"ja": self.text("ja"), "en": self.text("en")},
        }


_LABELLED = {"status": "status", "kind": "phone.kind", "plan": "display.plan"}


def _trial_ended(f: Facts) -> Evidence:
    plan = f.tenant.get("plan")
    ends = f.tenant.get("trial_ends")
    today = f.now.astimezone(tenant_zone(f.tenant)).date()  # the tenant's calendar day
    ended = plan == "trial" and bool(ends) and date.fromisoformat(ends) < today
    return Evidence("trial-ended", "yes" if ended else "no", {"plan": plan, "trial_ends": ends})


def _member_status(f: Facts) -> Evidence:
    return Evidence("member-status", f.view.status, {"status": f.view.status})


def _app_access_blocked(f: Facts) -> Evidence:
    return Evidence("app-access-blocked", "yes" if f.view.app_access_blocked else "no", {})


def _recovery_contact(f: Facts) -> Evidence:
    mobile, email = f.view.recovery_mobile, f.view.recovery_email
    answer = {(False, False): "none", (True, False): "mobile-only",
              (False, True): "email-only", (True, True): "both"}[(bool(mobile), bool(email))]
    return Evidence("recovery-contact", answer, {"mobile": mobile, "email": email})


def _recovery_mobile(f: Facts) -> Evidence:
    info = f.view.recovery_mobile_info
    if info is None:
        return Evidence("recovery-mobile", "none", {})
    facts = {"number": info.raw, "kind": info.kind, "e164": info.e164}
    if info.kind != KIND_MOBILE:
        answer = "format-problem" if info.e164 is None else "not-mobile"
    elif info.problems:
        answer = "format-problem"
    else:
        answer = "mobile"
    if info.problems:
        facts["problems"] = ", ".join(info.problems)
    return Evidence("recovery-mobile", answer, facts)


def _recovery_email(f: Facts) -> Evidence:
    email = f.view.recovery_email
    if not email:
        return Evidence("recovery-email", "none", {})
    near = suspect_mail_domain(email)
    if near is not None:
        return Evidence("recovery-email", "suspect", {"email": email, "near": near})
    return Evidence("recovery-email", "ok", {"email": email})


def suspect_mail_domain(email: str) -> str | None:
    """The well-known domain ``email`` probably meant (``gmial.com`` → ``gmail.com``),
    ``"?"`` for an address that is not even well-formed, None when it looks fine."""
    local, at, domain = email.strip().rpartition("@")
    domain = domain.lower()
    if not at or not local or "." not in domain or " " in email.strip():
        return "?"
    if domain in KNOWN_MAIL_DOMAINS:
        return None
    best = min(KNOWN_MAIL_DOMAINS, key=lambda known: _distance(domain, known))
    return best if _distance(domain, best) <= 2 else None


def _distance(a: str, b: str) -> int:
    """Damerau–Levenshtein (optimal string alignment): a swapped pair counts as one typo."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def _line_initial_id(f: Facts) -> Evidence:
    v = f.view
    on_initial = v.line_linked and v.initial_id and not v.initial_id_changed
    return Evidence("line-initial-id", "yes" if on_initial else "no",
                    {"id": v.member.get("id"), "line_linked": v.line_linked})


def _domain_changed_recently(f: Facts) -> Evidence:
    changed = f.tenant.get("primary_domain_changed_at")
    recent = False
    if changed:
        recent = f.now - parse_iso(changed) <= DOMAIN_CHANGE_WINDOW
    return Evidence("domain-changed-recently", "yes" if recent else "no", {
        "changed_at": changed, "previous": f.tenant.get("previous_primary_domain"),
        "primary": f.tenant.get("primary_domain"),
    })


def _suspicious_access(f: Facts) -> Evidence:
    sessions = f.view.sessions
    countries = Counter(row.country for row in sessions)
    for row in sessions:  # newest first
        if f.now - row.started_at > SUSPICIOUS_WINDOW:
            break
        if countries[row.country] == 1:
            return Evidence("suspicious-access", "yes", {
                "country": row.country, "ip": row.ip, "environment": row.environment,
                "started_at": row.started_at.isoformat(timespec="minutes"),
                "connected": row.connected,
            })
    return Evidence("suspicious-access", "no", {"sessions": len(sessions)})


def _mdm_device(f: Facts) -> Evidence:
    devices = [d for d in f.view.devices if d.get("mdm_registered")]
    return Evidence("mdm-device", "yes" if devices else "no", {
        "devices": len(f.view.devices),
        "models": ", ".join(str(d.get("model", "?")) for d in devices) or None,
    })


@dataclass(frozen=True)
class Check:
    id: str
    answers: tuple[str, ...]
    run: Callable[[Facts], Evidence]


_YES_NO = ("yes", "no")
CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("trial-ended", _YES_NO, _trial_ended),
    Check("member-status", ("active", "pending", "away", "deleted", "suspended-admin",
                            "suspended-login-failure"), _member_status),
    Check("app-access-blocked", _YES_NO, _app_access_blocked),
    Check("recovery-contact", ("none", "mobile-only", "email-only", "both"), _recovery_contact),
    Check("recovery-mobile", ("none", "mobile", "not-mobile", "format-problem"), _recovery_mobile),
    Check("recovery-email", ("none", "suspect", "ok"), _recovery_email),
    Check("line-initial-id", _YES_NO, _line_initial_id),
    Check("domain-changed-recently", _YES_NO, _domain_changed_recently),
    Check("suspicious-access", _YES_NO, _suspicious_access),
    Check("mdm-device", _YES_NO, _mdm_device),
)}


def run_check(check_id: str, facts: Facts) -> Evidence:
    evidence = CHECKS[check_id].run(facts)
    assert evidence.answer in CHECKS[check_id].answers, evidence  # a check keeps its contract
    return evidence


def facts_for(store, member_id: str, now: datetime) -> Facts | None:
    """Fresh facts about ``member_id`` from the store (None for an unknown member)."""
    from helpdesk_tui.members import security_view

    view = security_view(store, member_id, now)
    if view is None:
        return None
    return Facts(view, store.get_tenant() or {}, now)
