"""Canonical identifiers from shared/GLOSSARY.md.

Code, data files, the store and JSON output use these ids verbatim; screens show the
Japanese or English label from the i18n catalogue (key ``<group>.<id>``).
"""

from __future__ import annotations

MEMBER_STATUSES = (
    "active",
    "pending",
    "away",
    "deleted",
    "suspended-admin",
    "suspended-login-failure",
)
SUSPENDED_STATUSES = ("suspended-admin", "suspended-login-failure")

# Independent of status: the mobile app, PC app and Drive explorer refuse; browser works.
APP_ACCESS_BLOCKED = "app-access-blocked"

SYMPTOMS = (
    "cannot-login",
    "sms-not-arriving",
    "id-forgotten",
    "password-forgotten",
    "phone-changed",
    "device-lost",
    "account-compromised",
    "domain-change",
    "mail-migration",
)

CAUSES = (
    "password-forgotten",
    "id-forgotten",
    "no-recovery-contact",
    "suspended-admin",
    "suspended-login-failure",
    "app-access-blocked",
    "pending-registration",
    "member-deleted",
    "sms-wrong-number",
    "sms-number-not-mobile",
    "sms-number-format",
    "sms-blocked",
    "email-registered-wrong",
    "trial-expired",
    "device-lost-stolen",
    "account-takeover",
    "two-step-code-not-arriving",
    "app-malfunction",
    "id-changed-by-domain-change",
)

ACTIONS = (
    "force-password-change",
    "request-password-change",
    "suspend",
    "unsuspend",
    "block-app-access",
    "unblock-app-access",
    "disconnect-session",
    "force-logout",
    "wipe-app-data",
    "factory-reset-device",
    "unlink-line-login",
    "change-initial-id",
    "restore-member",
    "update-recovery-contact",
    "request-login-info-change",
    "export-blocked-members",
)

ROLES = ("agent", "supervisor", "admin")

VERIFICATION_METHODS = (
    "callback-registered-phone",
    "in-person-id",
    "manager-confirmed",
    "code-to-registered-email",
)

CHANNELS = ("phone", "walk-up", "chat", "e-mail")

PLANS = ("trial", "paid")
DOMAIN_STATUSES = ("in-use", "pending", "verified", "failed")

DNS_FINDINGS = (
    "nxdomain",
    "mx-missing",
    "mx-wrong-host",
    "mx-points-to-cname",
    "mx-points-to-ip",
    "mx-dangling",
    "mx-duplicate",
    "null-mx",
    "leftover-verification-mx",
    "cname-at-apex",
    "txt-missing",
    "multiple-spf",
    "resolver-timeout",
    "resolver-error",
    "stale",
    "propagated",
    "verified",
    # Mail migrations and mail authentication (shared/GLOSSARY.md, second table).
    "mx-host-unresolvable",
    "mx-dual-delivery",
    "soa-serial-mismatch",
    "lame-delegation",
    "ttl-long",
    "resolver-not-recursive",
    "spf-missing",
    "spf-too-many-lookups",
    "spf-permissive-all",
    "spf-missing-server",
    "dmarc-missing",
    "dmarc-policy-none",
    "dmarc-malformed",
    "dkim-missing",
    "ptr-mismatch",
)

# Seed 003 「削除」: a deleted member can be restored for 7 days, then is gone.
RESTORE_WINDOW_DAYS = 7
# Seed 003: the access history covers the last 90 days.
ACCESS_HISTORY_DAYS = 90
