"""Member mapping (API "User" object → GLOSSARY "Import format" member keys)
---------------------------------------------------------------------------
Source: LINE WORKS API 2.0 reference, user-get / user-list ("User" schema:
developers.worksmobile.com/jp/reference/user-get), the admin screen's statuses of seed 003.

======================================================  ==================================  =====
API 2.0 User field                                      member key                          sure?
======================================================  ==================================  =====
``userId`` (resource id, permanent)                     ``id``                              yes
``email`` (login ID)                                    ``email``                           yes
``userName.lastName`` + " " + ``userName.firstName``    ``name`` (姓 名)                      yes
``userName.phoneticLastName`` + " " + ``…FirstName``    ``kana``                            yes
``isAdministrator``                                     ``is_admin``                        yes
``isDeleted``                                           ``status`` deleted                  yes
``isSuspended`` + ``suspendedReason`` ``MASTER``        ``status`` suspended-admin          no
``isSuspended`` + ``suspendedReason`` ``LOGIN_FAIL``    ``status`` suspended-login-failure  no
``isPending``                                           ``status`` pending                  yes
``isAwaiting``                                          :attr:`DirectoryUser.awaiting`       —
(none of the above)                                     ``status`` active                   yes
organization (``primary``, else first) ``.levelName``   ``rank``                            yes
its orgUnit (``primary``, else first) ``.orgUnitName``  ``department``                      likely
that orgUnit's ``positionName``                         ``position``                        likely
``location`` (office location)                          ``workplace``                       yes
``telephone``                                           ``phone``                           yes
``cellPhone``                                           ``mobile`` and ``recovery_mobile``  no
``privateEmail`` (personal e-mail)                      ``recovery_email``                  no
======================================================  ==================================  =====

"likely": the field names come from the reference's schema as we recall it and a public
client library's model, but we could not read the full ``UserOrganization`` schema.

Status precedence: deleted > suspended > pending > active (the API has no 不在 flag
we can name: ``away`` is never derived from it). A suspension with a
reason other than the two known ones maps to ``suspended-admin`` (only an admin can lift
either kind); the raw reason is kept on :class:`DirectoryUser`.

Where unsure (the reference we could consult did not settle it):

* ``suspendedReason`` values: ``MASTER`` / ``LOGIN_FAIL`` are the values we were given;
  the published schema names the field but we found no list of its values.
* ``isAwaiting``: the reference (user-get, "User" schema) describes a standby flag tied to
  the activation date (``activationDate``: the account is created but not yet
  activated), not 不在 (away). Until a documented meaning says otherwise it is kept as its
  own flag, :attr:`DirectoryUser.awaiting` (the mirror's ``mirror.awaiting``), shown beside
  the status and never folded into it. ``leaveOfAbsence`` is 休職 (leave of absence, per the Japanese
  reference of ``set-leave-of-absence``), not 不在: it does not change the status and is
  reported as :attr:`DirectoryUser.on_leave`.
* Recovery contacts (認証用情報): API 2.0 exposes no separate recovery fields that we
  could find. Seed 001 says self-service reset uses the mobile number or personal e-mail
  "registered in the profile", i.e. ``cellPhone`` and ``privateEmail``; so ``cellPhone``
  fills both ``mobile`` and ``recovery_mobile``, and :meth:`Directory.update_recovery_contact`
  writes ``cellPhone`` / ``privateEmail``.
* ``is_top_admin`` is not set: the User object does not say which administrator is the
  最高管理者 (``isAdministrator`` may also be true for sub-administrators).
* ``i18nNames`` are names in other languages (``en_US`` "Taro Tanaka"), not readings:
  they are not used for ``kana``.

Fields the import format has no key for are on :class:`DirectoryUser`, not in the
member dict (an import refuses unknown keys): ``userExternalKey`` → ``external_key``,
``locale`` → ``lang`` ("ja_JP" → "ja", "en_US" → "en", other languages → None: the
console speaks ja and en), ``employmentTypeName`` → ``employment_type``,
``suspendedReason`` → ``suspended_reason``, ``leaveOfAbsence.isLeaveOfAbsence`` →
``on_leave``. Keys the API does not provide
(``last_access``, ``password_changed_at``, ``app_access_blocked``, ``line_linked`` …) are
left out of the member dict rather than guessed; the importer's defaults fill them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from helpdesk_tui.lineworks.errors import LineWorksError

__all__ = ["DirectoryUser", "SUSPENDED_REASON_STATUS", "lang_of", "member_status", "to_directory_user",
           "user_to_member"]

SUSPENDED_REASON_STATUS = {"MASTER": "suspended-admin", "LOGIN_FAIL": "suspended-login-failure"}
SUSPENDED_DEFAULT_STATUS = "suspended-admin"
LANGS = {"ja": "ja", "en": "en"}


@dataclass(frozen=True)
class DirectoryUser:
    """One LINE WORKS user: ``member`` in import-format keys, plus what has no such key."""

    member: dict[str, Any]
    user_id: str
    external_key: str | None = None
    lang: str | None = None
    employment_type: str | None = None
    suspended_reason: str | None = None
    on_leave: bool = False
    awaiting: bool = False  # isAwaiting: standby until activation (module doc), not "away"
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _joined(*parts: Any) -> str | None:
    words = [p for p in (_text(x) for x in parts) if p]
    return " ".join(words) or None


def _primary(items: Any) -> Mapping[str, Any]:
    """The entry marked ``primary`` in a list of objects, else the first, else {}."""
    if not isinstance(items, list):
        return {}
    objects = [item for item in items if isinstance(item, Mapping)]
    for item in objects:
        if item.get("primary") is True:
            return item
    return objects[0] if objects else {}


def member_status(user: Mapping[str, Any]) -> str:
    """The glossary status of an API User (precedence in the module doc)."""
    if user.get("isDeleted") is True:
        return "deleted"
    if user.get("isSuspended") is True:
        reason = _text(user.get("suspendedReason"))
        return SUSPENDED_REASON_STATUS.get((reason or "").upper(), SUSPENDED_DEFAULT_STATUS)
    if user.get("isPending") is True:
        return "pending"
    return "active"


def lang_of(locale: Any) -> str | None:
    """``"ja_JP"`` → ``"ja"``, ``"en-US"`` → ``"en"``; languages the console lacks → None."""
    text = _text(locale)
    if not text:
        return None
    return LANGS.get(text.replace("-", "_").split("_", 1)[0].lower())


def user_to_member(user: Mapping[str, Any]) -> dict[str, Any]:
    """An API User object as a member dict with import-format keys only."""
    user_id = _text(user.get("userId"))
    if not user_id:
        raise LineWorksError("the LINE WORKS API sent a user without a userId")
    names = user.get("userName") if isinstance(user.get("userName"), Mapping) else {}
    email = _text(user.get("email"))
    organization = _primary(user.get("organizations"))
    unit = _primary(organization.get("orgUnits"))

    member: dict[str, Any] = {
        "id": user_id,
        "name": _joined(names.get("lastName"), names.get("firstName")) or email or user_id,
        "status": member_status(user),
        "is_admin": user.get("isAdministrator") is True,
    }
    optional = {
        # phonetic names live in userName; some payloads carry them at the top level
        "kana": _joined(names.get("phoneticLastName") or user.get("phoneticLastName"),
                        names.get("phoneticFirstName") or user.get("phoneticFirstName")),
        "email": email,
        "department": _text(unit.get("orgUnitName")),
        "position": _text(unit.get("positionName")),
        "rank": _text(organization.get("levelName")),
        "workplace": _text(user.get("location")),
        "phone": _text(user.get("telephone")),
        "mobile": _text(user.get("cellPhone")),
        "recovery_mobile": _text(user.get("cellPhone")),
        "recovery_email": _text(user.get("privateEmail")),
    }
    member.update({key: value for key, value in optional.items() if value is not None})
    return member


def to_directory_user(user: Mapping[str, Any]) -> DirectoryUser:
    """An API User object as a :class:`DirectoryUser`."""
    member = user_to_member(user)
    leave = user.get("leaveOfAbsence")
    return DirectoryUser(
        member=member,
        user_id=member["id"],
        external_key=_text(user.get("userExternalKey")),
        lang=lang_of(user.get("locale")),
        employment_type=_text(user.get("employmentTypeName")),
        suspended_reason=_text(user.get("suspendedReason")) if user.get("isSuspended") is True else None,
        on_leave=isinstance(leave, Mapping) and leave.get("isLeaveOfAbsence") is True,
        awaiting=user.get("isAwaiting") is True,
        raw=user,
    )
