"""Validation of an import document (GLOSSARY "Import format"); pure, no store access.

:func:`validate` collects every problem of a document, in document order (each object's
unknown keys first, then its fields in format order, then the rules that relate fields or
records), each naming the exact path: ``members[3].recovery_mobile``,
``tenant.password_policy.min_length``, ``devices[0].apps[1].version``. The whole document
is refused on any problem; nothing is imported (``importer.import_document``).

Kept as entered and NOT refused: recovery numbers with hyphens or full-width digits, and
landline / 050 / 020 numbers in a mobile field. Those are real-world mistakes the console
diagnoses (seed 001 「入力電話番号の形式確認」, seed 004 「登録番号の確認と修正」). A number
that does not parse at all is refused.
"""

from __future__ import annotations

import ipaddress
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from helpdesk_tui import phone as phone_mod
from helpdesk_tui.importexport import schema
from helpdesk_tui.importexport.schema import Field, Spec
from helpdesk_tui.members.access import FIRST_YEAR, LAST_YEAR

DOCUMENT_PATH = "(document)"


@dataclass(frozen=True)
class ImportProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


def validate(
    doc: Any, *, member_exists: Callable[[str], bool] | None = None
) -> list[ImportProblem]:
    """Every problem of ``doc`` (an already parsed JSON value), in a stable order.

    ``member_exists(member_id)`` tells whether a member that is not in the document exists
    in the target store (devices and sessions may refer to it); without it only the
    document's own members count.
    """
    return Validator(member_exists).run(doc)


# --------------------------------------------------------------------------- helpers

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Whitespace, C0/C1 controls, DEL, zero-width and bidi formatting characters, surrogates.
_BAD_IDENT_CHARS = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_EMAIL_ATOM = "[^\\s@\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
_EMAIL = re.compile(rf"(?!\.){_EMAIL_ATOM}+(?<!\.)@(?:[^\s@.\x00-\x1f\x7f-\x9f]+\.)+[^\s@.\x00-\x1f\x7f-\x9f]+\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")

MAX_IDENT_LENGTH = 255
MAX_EMAIL_LENGTH = 254
_SHOW_LIMIT = 60


def key_path(path: str, key: str) -> str:
    """``path`` + ``key``: ``members[3].name``; an odd key is quoted: ``tenant["a b"]``."""
    if isinstance(key, str) and _IDENTIFIER.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_quote(str(key))}]"


def _quote(text: str, limit: int = _SHOW_LIMIT) -> str:
    """A JSON-style quoted string with every unprintable character escaped."""
    if len(text) > limit:
        text = text[:limit] + "…"
    out = ['"']
    for char in text:
        if char == '"' or char == "\\":
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def show(value: Any) -> str:
    """``value`` for an error message: safe to print to a terminal, short."""
    if isinstance(value, str):
        return _quote(value)
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOW_LIMIT else text[:_SHOW_LIMIT] + "…"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_domain(value: str) -> str | None:
    name = value[:-1] if value.endswith(".") else value
    if not name or _BAD_IDENT_CHARS.search(name) or "@" in name or "/" in name:
        return f"not a domain name: {show(value)}"
    labels = name.split(".")
    if len(labels) < 2 or any(not label for label in labels):
        return f"not a domain name: {show(value)}"
    if any(len(label) > 63 for label in labels) or len(name) > 253:
        return f"domain name too long: {show(value)}"
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        return f"a domain label cannot start or end with '-': {show(value)}"
    return None


def _domain_key(value: str) -> str:
    return value.rstrip(".").lower()


# --------------------------------------------------------------------------- validator


_MISSING = object()
_NO_PROBLEMS: frozenset[str] = frozenset()
# A phone number written with digits and hyphens only (after NFKC folding): it parses the
# same with the hyphens removed, so both spellings share one analysis.
_DIGITS_AND_HYPHENS = re.compile(r"\+?[0-9-]+\Z")


class Validator:
    """One validation run. Keeps the phone analyses for the importer to reuse."""

    def __init__(self, member_exists: Callable[[str], bool] | None = None) -> None:
        self._member_exists = member_exists
        self._exists_cache: dict[str, bool] = {}
        self.problems: list[ImportProblem] = []
        # raw phone text -> E.164 (None: does not parse)
        self.phone_e164: dict[str, str | None] = {}
        self._phone_by_key: dict[str, str | None] = {}
        self._ips: set[str] = set()
        self._file_members: set[str] = set()
        self._tables: dict[int, tuple] = {}
        self._checkers = {
            "text": self._c_text,
            "ident": self._c_ident,
            "bool": self._c_bool,
            "int": self._c_int,
            "enum": self._c_enum,
            "time": self._c_time,
            "date": self._c_date,
            "email": self._c_email,
            "phone": self._c_phone,
            "ip": self._c_ip,
            "country": self._c_country,
            "domain": self._c_domain,
            "label": self._c_label,
            "zone": self._c_zone,
        }

    # -- entry point

    def run(self, doc: Any) -> list[ImportProblem]:
        if not isinstance(doc, dict):
            self._add(DOCUMENT_PATH, f"the document must be one JSON object, not {json_type(doc)}")
            return self.problems
        self._unknown_keys(doc, schema.DOCUMENT, "")
        if "tenant" in doc:
            tenant = doc["tenant"]
            if isinstance(tenant, dict):
                bad = self._fields(tenant, schema.TENANT, "tenant")
                self._tenant_rules(tenant, bad, "tenant")
            else:
                self._add("tenant", f"must be an object, not {json_type(tenant)}")
        members = self._list(doc, "members")
        if members is not None:
            self._members(members)
        devices = self._list(doc, "devices")
        if devices is not None:
            self._devices(devices)
        sessions = self._list(doc, "sessions")
        if sessions is not None:
            self._sessions(sessions)
        operators = self._list(doc, "operators")
        if operators is not None:
            self._operators(operators)
        return self.problems

    def e164(self, raw: str) -> str | None:
        """E.164 of a phone text (cached ``phone.analyse``)."""
        if raw in self.phone_e164:
            return self.phone_e164[raw]
        folded = unicodedata.normalize("NFKC", raw).strip()
        key = folded.replace("-", "") if _DIGITS_AND_HYPHENS.match(folded) else raw
        if key in self._phone_by_key:
            e164 = self._phone_by_key[key]
        else:
            info = phone_mod.analyse(raw)
            e164 = info.e164 if info is not None else None
            self._phone_by_key[key] = e164
        self.phone_e164[raw] = e164
        return e164

    # -- generic

    def _add(self, path: str, message: str) -> None:
        self.problems.append(ImportProblem(path, message))

    def _list(self, doc: dict, key: str) -> list | None:
        if key not in doc:
            return None
        value = doc[key]
        if not isinstance(value, list):
            self._add(key, f"must be a list, not {json_type(value)}")
            return None
        return value

    def _unknown_keys(self, obj: dict, spec: Spec, path: str) -> None:
        known = spec.by_name
        if known.keys() >= obj.keys():
            return
        for key in obj:
            if key not in known:
                self._add(key_path(path, key), "unknown key")

    def _table(self, spec: Spec) -> tuple:
        table = self._tables.get(id(spec))
        if table is None:
            table = tuple((f.name, f, self._checkers.get(f.kind), f.kind) for f in spec.fields)
            self._tables[id(spec)] = table
        return table

    def _fields(self, obj: dict, spec: Spec, path: str) -> frozenset[str] | set[str]:
        """Check ``obj`` against ``spec``; return the names of fields with a problem
        (missing required fields included)."""
        self._unknown_keys(obj, spec, path)
        bad: frozenset[str] | set[str] = _NO_PROBLEMS
        for name, f, check, kind in self._table(spec):
            value = obj.get(name, _MISSING)
            if value is _MISSING:
                if not f.required:
                    continue
                message = "required field missing"
            elif value is None:
                if f.nullable:
                    continue
                message = "required; must not be null" if f.required else "must not be null"
            elif kind == "bool" and (value is True or value is False):
                continue  # fast path for the commonest fields
            elif (
                kind == "text"
                and type(value) is str
                and (value.isascii() or not _SURROGATE.search(value))
                and (not f.nonempty or value.strip())
            ):
                continue
            elif check is not None:
                message = check(value, f)
                if message is None:
                    continue
            else:
                if self._nested(value, f, key_path(path, name)):
                    continue
                message = None
            if message is not None:
                self._add(key_path(path, name), message)
            if bad is _NO_PROBLEMS:
                bad = set()
            bad.add(name)
        return bad

    def _nested(self, value: Any, f: Field, path: str) -> bool:
        """Check an object or list-of-objects field; True when it has no problem."""
        before = len(self.problems)
        if f.kind == "object":
            if not isinstance(value, dict):
                self._add(path, f"must be an object, not {json_type(value)}")
                return False
            bad = self._fields(value, f.spec, path)
            if f.spec is schema.PASSWORD_POLICY:
                self._password_policy_rules(value, bad, path)
            elif f.spec is schema.MAIL_MIGRATION:
                self._mail_migration_rules(value, path)
            return len(self.problems) == before
        if not isinstance(value, list):
            self._add(path, f"must be a list, not {json_type(value)}")
            return False
        for _index, item_path, item in self._objects(value, path):
            self._fields(item, f.spec, item_path)
        return len(self.problems) == before

    def _objects(self, items: list, section: str) -> Iterator[tuple[int, str, dict]]:
        """(index, path, object) of each object of a list; anything else is a problem."""
        for index, item in enumerate(items):
            path = f"{section}[{index}]"
            if isinstance(item, dict):
                yield index, path, item
            else:
                self._add(path, f"must be an object, not {json_type(item)}")

    # -- scalar checkers: an error message, or None when the value is fine

    @staticmethod
    def _c_bool(value: Any, f: Field) -> str | None:
        if value is True or value is False:
            return None
        return f"must be true or false, not {json_type(value)}"

    @staticmethod
    def _c_int(value: Any, f: Field) -> str | None:
        if type(value) is int:
            return None
        return f"must be an integer, not {json_type(value)}"

    @staticmethod
    def _c_text(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if not value.isascii() and _SURROGATE.search(value):
            return "contains an unpaired surrogate (not valid Unicode)"
        if f.nonempty and not value.strip():
            return "must not be empty"
        return None

    @staticmethod
    def _c_enum(value: Any, f: Field) -> str | None:
        if type(value) is str and value in f.choices:
            return None
        if not isinstance(value, str):
            return f"must be a string, not {json_type(value)}"
        return f"unknown {f.name} {show(value)}; expected one of: {', '.join(f.choices)}"

    @staticmethod
    def _c_ident(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if not value:
            return "must not be empty"
        if _BAD_IDENT_CHARS.search(value):
            return f"must not contain spaces, control or invisible characters: {show(value)}"
        if len(value) > MAX_IDENT_LENGTH:
            return f"too long ({len(value)} characters; at most {MAX_IDENT_LENGTH})"
        return None

    @staticmethod
    def _c_time(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        return _check_time(value)

    @staticmethod
    def _c_date(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if not _DATE.match(value):
            return f"not a date YYYY-MM-DD: {show(value)}"
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            return f"not a valid date {show(value)}: {exc}"
        return None

    @staticmethod
    def _c_email(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if len(value) > MAX_EMAIL_LENGTH or not _EMAIL.match(value):
            return f"not an e-mail address (name@domain): {show(value)}"
        return None

    def _c_phone(self, value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if not value.strip():
            return "empty phone number; use null for no number"
        if self.e164(value) is None:
            return f"does not parse as a phone number: {show(value)}"
        return None

    def _c_ip(self, value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if value in self._ips:
            return None
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return f"not an IP address: {show(value)}"
        self._ips.add(value)
        return None

    @staticmethod
    def _c_country(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if _COUNTRY.match(value):
            return None
        return f"not an ISO 3166 two-letter country code (e.g. JP): {show(value)}"

    @staticmethod
    def _c_domain(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        return _check_domain(value)

    @staticmethod
    def _c_label(value: Any, f: Field) -> str | None:
        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        if _LABEL.match(value):
            return None
        return f"not a DNS label (a-z, 0-9, inner '-', at most 63): {show(value)}"

    @staticmethod
    def _c_zone(value: Any, f: Field) -> str | None:
        from helpdesk_tui.timezones import UnknownZone, zone

        if type(value) is not str:
            return f"must be a string, not {json_type(value)}"
        try:
            zone(value)
        except UnknownZone:
            return f"unknown time zone {show(value)}; expected an IANA name such as Asia/Tokyo"
        return None

    # -- records

    def _members(self, members: list) -> None:
        seen: dict[str, int] = {}
        top_admin: int | None = None
        for index, path, member in self._objects(members, "members"):
            bad = self._fields(member, schema.MEMBER, path)
            member_id = member.get("id")
            if isinstance(member_id, str):
                self._file_members.add(member_id)
                if "id" not in bad:
                    first = seen.setdefault(member_id, index)
                    if first != index:
                        self._add(
                            f"{path}.id",
                            f"duplicate member id {show(member_id)} (first at members[{first}])",
                        )
            if member.get("is_top_admin") is True:
                if member.get("is_admin", False) is False:
                    self._add(
                        f"{path}.is_top_admin",
                        "a top administrator (is_top_admin) must also be an administrator"
                        " (is_admin)",
                    )
                if top_admin is None:
                    top_admin = index
                else:
                    self._add(
                        f"{path}.is_top_admin",
                        f"more than one top administrator (first at members[{top_admin}])",
                    )
            if "status" not in bad:
                status = member["status"]
                deleted_at = member.get("deleted_at")
                if status == "deleted" and deleted_at is None:
                    self._add(f"{path}.deleted_at", "a deleted member needs deleted_at")
                elif status != "deleted" and deleted_at is not None:
                    self._add(
                        f"{path}.deleted_at",
                        f"only a deleted member has deleted_at (status is {show(status)})",
                    )
            if member.get("initial_id_changed") is True and member.get("initial_id", False) is False:
                self._add(
                    f"{path}.initial_id_changed",
                    "initial_id_changed needs initial_id (only an auto-generated initial ID"
                    " can be changed)",
                )

    def _known_member(self, member_id: str) -> bool:
        if member_id in self._file_members:
            return True
        if self._member_exists is None:
            return False
        known = self._exists_cache.get(member_id)
        if known is None:
            known = bool(self._member_exists(member_id))
            self._exists_cache[member_id] = known
        return known

    def _member_ref(self, record: dict, bad: Set[str], path: str) -> None:
        if "member_id" not in bad and not self._known_member(record["member_id"]):
            self._add(
                f"{path}.member_id",
                f"unknown member {show(record['member_id'])}: neither in this file's members"
                " nor in the store",
            )

    def _unique_per_member(self, seen: dict, record: dict, bad: Set[str], index: int,
                           section: str, id_field: str, noun: str) -> None:
        """Device and session ids need only be unique per member (the store's key)."""
        if "member_id" in bad or id_field in bad:
            return
        key = (record["member_id"], record[id_field])
        first = seen.setdefault(key, index)
        if first != index:
            self._add(
                f"{section}[{index}].{id_field}",
                f"duplicate {noun} id {show(key[1])} for member {show(key[0])}"
                f" (first at {section}[{first}])",
            )

    def _devices(self, devices: list) -> None:
        seen: dict[tuple[str, str], int] = {}
        for index, path, device in self._objects(devices, "devices"):
            bad = self._fields(device, schema.DEVICE, path)
            self._member_ref(device, bad, path)
            self._unique_per_member(seen, device, bad, index, "devices", "device_id", "device")
            first_seen, last_seen = device.get("first_seen"), device.get("last_seen")
            if first_seen and last_seen and not bad & {"first_seen", "last_seen"}:
                if datetime.fromisoformat(first_seen) > datetime.fromisoformat(last_seen):
                    self._add(f"{path}.last_seen", "last_seen is before first_seen")

    def _sessions(self, sessions: list) -> None:
        seen: dict[tuple[str, str], int] = {}
        for index, path, session in self._objects(sessions, "sessions"):
            bad = self._fields(session, schema.SESSION, path)
            self._member_ref(session, bad, path)
            self._unique_per_member(seen, session, bad, index, "sessions", "session_id", "session")

    def _operators(self, operators: list) -> None:
        seen: dict[str, int] = {}
        for index, path, operator in self._objects(operators, "operators"):
            bad = self._fields(operator, schema.OPERATOR, path)
            if "username" not in bad:
                first = seen.setdefault(operator["username"], index)
                if first != index:
                    self._add(
                        f"{path}.username",
                        f"duplicate operator username {show(operator['username'])}"
                        f" (first at operators[{first}])",
                    )

    def _tenant_rules(self, tenant: dict, bad: Set[str], path: str) -> None:
        if tenant.get("plan") == "trial" and "plan" not in bad and tenant.get("trial_ends") is None:
            self._add(f"{path}.trial_ends", "a trial tenant needs trial_ends (YYYY-MM-DD)")
        domains = tenant.get("domains")
        names: set[str] = set()
        if isinstance(domains, list):
            seen: dict[str, int] = {}
            for index, domain in enumerate(domains):
                if not isinstance(domain, dict):
                    continue
                name = domain.get("name")
                if not isinstance(name, str) or _check_domain(name) is not None:
                    continue
                key = _domain_key(name)
                names.add(key)
                first = seen.setdefault(key, index)
                if first != index:
                    self._add(
                        f"{path}.domains[{index}].name",
                        f"duplicate domain {show(name)} (first at {path}.domains[{first}])",
                    )
        primary = tenant.get("primary_domain")
        if primary is not None and not bad & {"primary_domain", "domains"} and names:
            if _domain_key(primary) not in names:
                self._add(
                    f"{path}.primary_domain",
                    f"primary domain {show(primary)} is not one of {path}.domains",
                )

    def _mail_migration_rules(self, migration: dict, path: str) -> None:
        steps = migration.get("steps")
        if not isinstance(steps, list):
            return
        seen: dict[str, int] = {}
        for index, entry in enumerate(steps):
            step = entry.get("step") if isinstance(entry, dict) else None
            if not isinstance(step, str):
                continue
            first = seen.setdefault(step, index)
            if first != index:
                self._add(f"{path}.steps[{index}].step",
                          f"duplicate step {show(step)} (first at {path}.steps[{first}])")

    def _password_policy_rules(self, policy: dict, bad: Set[str], path: str) -> None:
        low, high = schema.PASSWORD_MIN_LENGTH_FLOOR, schema.PASSWORD_MAX_LENGTH_CEILING
        bounded = set()
        for name in ("min_length", "max_length"):
            if name in bad:
                continue
            value = policy[name]
            if value < low:
                self._add(f"{path}.{name}", f"{name} {value} is below {low}")
            elif value > high:
                self._add(f"{path}.{name}", f"{name} {value} is above {high}")
            else:
                bounded.add(name)
        if bounded == {"min_length", "max_length"} and policy["min_length"] > policy["max_length"]:
            self._add(
                f"{path}.min_length",
                f"min_length {policy['min_length']} is greater than max_length"
                f" {policy['max_length']}",
            )


def _check_time(value: str) -> str | None:
    match = _TIME.match(value)
    if not match:
        return (
            f"not an ISO 8601 time with offset (YYYY-MM-DDThh:mm:ss+09:00): {show(value)}"
        )
    if match.group(1) is None:
        return (
            f"time has no UTC offset: {show(value)}; write it as e.g."
            " 2026-10-01T09:00:00+09:00"
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        return f"not a valid time {show(value)}: {exc}"
    try:
        utc_year = moment.astimezone(timezone.utc).year
    except OverflowError:  # 9999-12-31T23:59:59-23:59 is past the last representable time
        utc_year = None
    if utc_year is None or not FIRST_YEAR <= utc_year <= LAST_YEAR:
        return (f"time out of range {show(value)}: expected a year from {FIRST_YEAR} to {LAST_YEAR} "
                "(a placeholder such as 9999-12-31 is not a time; leave the field out instead)")
    return None
