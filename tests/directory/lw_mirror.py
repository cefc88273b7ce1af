"""The reverse of ``lineworks.directory.user_to_member``: a demo member as a LINE WORKS API
User, to seed the fake API (tests/lineworks/fake_api.py) with a demo store's members."""

from __future__ import annotations

from typing import Any

_STATUS_FLAGS = {
    "suspended-admin": {"isSuspended": True, "suspendedReason": "MASTER"},
    "suspended-login-failure": {"isSuspended": True, "suspendedReason": "LOGIN_FAIL"},
    "deleted": {"isDeleted": True},
    "pending": {"isPending": True},
    "away": {"isAwaiting": True},
}


def _split(text: str | None) -> tuple[str, str]:
    last, _, first = (text or "").partition(" ")
    return last, first


def member_to_user(member: dict) -> dict[str, Any]:
    """The API User fields (besides userId / email / names given to ``add_user``)."""
    last, first = _split(member.get("name"))
    kana_last, kana_first = _split(member.get("kana"))
    fields: dict[str, Any] = {
        "userName": {"lastName": last, "firstName": first,
                     "phoneticLastName": kana_last, "phoneticFirstName": kana_first},
        "isAdministrator": bool(member.get("is_admin")),
        **_STATUS_FLAGS.get(member.get("status"), {}),
    }
    optional = {"telephone": member.get("phone"),
                "cellPhone": member.get("recovery_mobile") or member.get("mobile"),
                "privateEmail": member.get("recovery_email"), "location": member.get("workplace")}
    fields.update({k: v for k, v in optional.items() if v})
    if member.get("department") or member.get("rank"):
        fields["organizations"] = [{"primary": True, "levelName": member.get("rank"),
                                    "orgUnits": [{"primary": True, "orgUnitName": member.get("department"),
                                                  "positionName": member.get("position")}]}]
    return fields


def seed_fake(fake, members) -> int:
    count = 0
    for member in members:
        fields = member_to_user(member)
        last, first = fields["userName"]["lastName"], fields["userName"]["firstName"]
        fake.add_user(member["id"], member["id"], last, first, **fields)
        if member.get("is_top_admin"):
            fake.top_admins.add(member["id"])
        count += 1
    return count
