"""Secrets a member record may hold, and the one function every output path uses to
leave them out.

A temporary password is shown once and stored only as a hash; even the hash never leaves
the store: not in ``member show --json``, not in ``export``, not on a screen. A new
secret field is one more name in :data:`SECRET_MEMBER_FIELDS`.
"""

from __future__ import annotations

SECRET_MEMBER_FIELDS = frozenset({"temp_password_hash"})


def without_secrets(member: dict) -> dict:
    """A copy of ``member`` without its secret fields (the input is not modified)."""
    return {key: value for key, value in member.items() if key not in SECRET_MEMBER_FIELDS}


def keep_stored_secrets(incoming: dict, stored: dict | None, given: dict) -> dict:
    """``incoming`` (an import's record) with the stored secrets of ``stored`` kept where
    the import document ``given`` did not carry them: an export holds no secret, so
    importing it back must not void a temporary password still waiting to be used."""
    if stored is None:
        return incoming
    kept = {key: stored[key] for key in SECRET_MEMBER_FIELDS if key not in given and key in stored}
    if kept and "must_change_password" not in given:
        kept["must_change_password"] = stored.get("must_change_password")
    return {**incoming, **kept} if kept else incoming
