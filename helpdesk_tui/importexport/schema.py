"""Field specifications of the import format (shared/GLOSSARY.md "Import format").

One table per object of the format. The validator (``validate.py``) checks a document
against these specs, the importer fills the defaults of absent optional fields with
:func:`normalise` (so every store record carries every key, ARCHITECTURE "Records"), and
the exporter writes exactly these keys, in this order, so ``export | import`` round-trips.

Field kinds:

``text``     any string (member data is kept as typed: markup, ANSI, emoji are data)
``ident``    an identifier: non-empty, no whitespace, control or invisible characters
``bool``     ``true`` / ``false`` only
``int``      an integer (a JSON ``true`` is not an integer)
``enum``     one of ``choices`` (glossary ids)
``time``     ISO 8601 date and time WITH a UTC offset, ``2026-10-01T09:00:00+09:00``
``date``     ``YYYY-MM-DD``
``email``    ``local@domain.tld`` shape
``phone``    a phone number ``phone.analyse`` can parse; hyphens and full-width digits
             are kept as entered (a problem the console diagnoses, not an import error)
``ip``       an IPv4 or IPv6 address
``country``  ISO 3166-1 alpha-2 code, upper case (``JP``)
``domain``   a domain name (IDN allowed)
``zone``     an IANA time-zone name (``Asia/Tokyo``) that zoneinfo / tzdata knows
``label``    one DNS label, lower case: letters, digits, inner hyphens (a domain's token)
``object``   a nested object (``spec``)
``list``     a list of nested objects (``spec``)

Fields marked ``omit_none`` were added after the format was first published (domain
ownership and mail migration, seeds 000 and 002). They are absent rather than ``null``
when unset, in the store and in exports, so a tenant that never used those features
exports exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helpdesk_tui import glossary
from helpdesk_tui.mail.steps import STEP_IDS


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    nullable: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()
    spec: "Spec | None" = None
    nonempty: bool = False  # for text: a blank string is refused
    omit_none: bool = False  # absent instead of null when unset (module doc)


@dataclass(frozen=True)
class Spec:
    """The fields of one kind of object."""

    name: str
    fields: tuple[Field, ...]
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False, hash=False)
    key_set: frozenset[str] = field(init=False, repr=False, compare=False, hash=False)
    nested: tuple[Field, ...] = field(init=False, repr=False, compare=False, hash=False)
    always: frozenset[str] = field(init=False, repr=False, compare=False, hash=False)
    omittable: frozenset[str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "key_set", frozenset(self.by_name))
        object.__setattr__(self, "nested", tuple(f for f in self.fields if f.spec is not None))
        object.__setattr__(self, "omittable", frozenset(f.name for f in self.fields if f.omit_none))
        object.__setattr__(self, "always", self.key_set - self.omittable)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _req(name: str, kind: str, **kw: Any) -> Field:
    return Field(name, kind, required=True, nullable=False, **kw)


def _opt(name: str, kind: str, **kw: Any) -> Field:
    return Field(name, kind, **kw)


def _flag(name: str) -> Field:
    return Field(name, "bool", nullable=False, default=False)


def _later(name: str, kind: str, **kw: Any) -> Field:
    return Field(name, kind, omit_none=True, **kw)


PASSWORD_POLICY = Spec(
    "password_policy",
    (
        _req("min_length", "int"),
        _req("max_length", "int"),
    ),
)
# Sane bounds for a tenant password policy (our own addition).
PASSWORD_MIN_LENGTH_FLOOR = 4
PASSWORD_MAX_LENGTH_CEILING = 128

DOMAIN = Spec(
    "domain",
    (
        _req("name", "domain"),
        _req("status", "enum", choices=glossary.DOMAIN_STATUSES),
        _flag("provided"),
        # seed 000 ownership proof (helpdesk_tui.domains)
        _later("token", "label"),
        _later("added_at", "time"),
        _later("verified_at", "time"),
        _later("checked_at", "time"),
    ),
)

# Seed 002 zero-loss checklist (helpdesk_tui.mail.migration).
MIGRATION_STEP = Spec(
    "migration_step",
    (
        _req("step", "enum", choices=STEP_IDS),
        _req("done", "bool"),
        _req("by", "ident"),
        _req("at", "time"),
    ),
)

MAIL_MIGRATION = Spec(
    "mail_migration",
    (
        _opt("server_ip", "ip"),
        _opt("switch_at", "time"),
        Field("steps", "list", nullable=False, default=(), spec=MIGRATION_STEP),
        # issue 13: the MX TTL before it was lowered, and the new server (SPF, PTR)
        _later("old_ttl", "int"),
        _later("new_server", "text"),
    ),
)

TENANT = Spec(
    "tenant",
    (
        _req("name", "text", nonempty=True),
        _req("plan", "enum", choices=glossary.PLANS),
        _opt("trial_ends", "date"),
        # IANA name; absent means Asia/Tokyo (helpdesk_tui.timezones), so older exports
        # are unchanged
        _later("time_zone", "zone"),
        _opt("primary_domain", "domain"),
        Field("domains", "list", nullable=False, default=(), spec=DOMAIN),
        _opt("password_policy", "object", spec=PASSWORD_POLICY),
        # seed 000 primary-domain switch (helpdesk_tui.domains.primary)
        _later("previous_primary_domain", "domain"),
        _later("primary_domain_changed_at", "time"),
        _later("mail_migration", "object", spec=MAIL_MIGRATION),
    ),
)

LAST_ACCESS = Spec(
    "last_access",
    (
        _req("at", "time"),
        _opt("environment", "text"),
        _opt("country", "country"),
        _opt("ip", "ip"),
    ),
)

MEMBER = Spec(
    "member",
    (
        _req("id", "ident"),
        _req("name", "text", nonempty=True),
        _opt("kana", "text"),
        _opt("email", "email"),
        _req("status", "enum", choices=glossary.MEMBER_STATUSES),
        _flag("app_access_blocked"),
        _flag("is_admin"),
        _flag("is_top_admin"),
        _opt("department", "text"),
        _opt("rank", "text"),
        _opt("position", "text"),
        _opt("workplace", "text"),
        _opt("phone", "phone"),
        _opt("mobile", "phone"),
        _opt("recovery_mobile", "phone"),
        _opt("recovery_email", "email"),
        _flag("line_linked"),
        _flag("initial_id"),
        _flag("initial_id_changed"),
        _opt("password_changed_at", "time"),
        _flag("password_change_requested"),
        _opt("deleted_at", "time"),
        _opt("last_access", "object", spec=LAST_ACCESS),
        # written by the actions (helpdesk_tui.actions.effects)
        _later("login_id", "email"),
        _later("temp_password_hash", "text"),
        _later("must_change_password", "bool"),
    ),
)

# Phone fields of a member and the derived E.164 field the importer stores beside each.
MEMBER_PHONE_FIELDS = ("phone", "mobile", "recovery_mobile")
DERIVED_MEMBER_FIELDS = {f"{name}_e164": name for name in MEMBER_PHONE_FIELDS}

APP = Spec(
    "app",
    (
        _req("name", "text", nonempty=True),
        _opt("version", "text"),
    ),
)

DEVICE = Spec(
    "device",
    (
        _req("member_id", "ident"),
        _req("device_id", "ident"),
        _opt("model", "text"),
        _opt("os", "text"),
        _flag("mdm_registered"),
        _opt("vendor_id", "text"),
        _opt("serial", "text"),
        Field("apps", "list", nullable=False, default=(), spec=APP),
        _opt("first_seen", "time"),
        _opt("last_seen", "time"),
        _later("app_data_wiped_at", "time"),
        _later("factory_reset_at", "time"),
    ),
)

SESSION = Spec(
    "session",
    (
        _req("member_id", "ident"),
        _req("session_id", "ident"),
        _req("started_at", "time"),
        _opt("environment", "text"),
        _opt("country", "country"),
        _opt("ip", "ip"),
        Field("connected", "bool", nullable=False, default=False),
    ),
)

OPERATOR = Spec(
    "operator",
    (
        _req("username", "ident"),
        _req("role", "enum", choices=glossary.ROLES),
        _opt("display_name", "text"),
    ),
)

# The top-level object. Every key is optional; each list may be omitted.
DOCUMENT = Spec(
    "document",
    (
        Field("tenant", "object", nullable=False, spec=TENANT),
        Field("members", "list", nullable=False, spec=MEMBER),
        Field("devices", "list", nullable=False, spec=DEVICE),
        Field("sessions", "list", nullable=False, spec=SESSION),
        Field("operators", "list", nullable=False, spec=OPERATOR),
    ),
)
LIST_KEYS = ("members", "devices", "sessions", "operators")

# Access-log event kinds (ARCHITECTURE "Records").
EVENT_SESSION = "session"
EVENT_DISCONNECT = "disconnect"


def _default(f: Field) -> Any:
    if f.kind == "list":
        return []
    return f.default


def normalise(record: dict, spec: Spec) -> dict:
    """``record`` (already valid) with every key of ``spec``, in spec order.

    Absent optional fields get their default (``omit_none`` fields stay absent when
    unset); keys outside the spec (derived fields, or
    fields a later version adds to the store) are dropped; nested objects and lists of
    objects are normalised too. The input is not modified.
    """
    out: dict[str, Any] = {}
    for f in spec.fields:
        value = record[f.name] if f.name in record else _default(f)
        if value is None and f.omit_none:
            continue
        if value is not None and f.spec is not None:
            if f.kind == "object":
                value = normalise(value, f.spec)
            else:
                value = [normalise(item, f.spec) for item in value]
        out[f.name] = value
    return out


def is_complete(record: dict, spec: Spec) -> bool:
    """True when ``record`` (already valid) has exactly the keys of ``spec`` (an unset
    ``omit_none`` field absent), nested objects included, so :func:`normalise` would
    only reorder it."""
    keys = record.keys()
    if not spec.always <= keys <= spec.key_set:
        return False
    if any(record[name] is None for name in spec.omittable & keys):
        return False
    for f in spec.nested:
        value = record[f.name]
        if value is None:
            continue
        if f.kind == "object":
            if not is_complete(value, f.spec):
                return False
        else:
            for item in value:
                if not is_complete(item, f.spec):
                    return False
    return True


def filled(record: dict, spec: Spec) -> dict:
    """``record`` with every key of ``spec``: the record itself when it is complete
    (not copied: callers must not modify it), else a normalised copy."""
    return record if is_complete(record, spec) else normalise(record, spec)
