"""One-time temporary passwords (PRODUCT "Security model").

Drawn with :mod:`secrets`, long enough for the tenant's policy and at least 12
characters when the policy allows, with a lower-case letter, an upper-case letter, a digit
and a symbol, and no look-alike characters (0/O, 1/l/I) since it is read out to the member.
It is shown once and stored only as a salted scrypt hash; the member must change it at
the next login. Nothing else ever sees it: not the audit, the ticket or any log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

LOWER = "abcdefghijkmnpqrstuvwxyz"
UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "23456789"
SYMBOLS = "#$%&*+-=?@"
PREFERRED_LENGTH = 12
DEFAULT_POLICY = {"min_length": 8, "max_length": 20}
# scrypt cost: ~16 MiB and a few tens of ms, paid once per reset, outside the store lock.
_N, _R, _P = 2**14, 8, 1


def policy_of(tenant: dict | None) -> dict:
    policy = (tenant or {}).get("password_policy") or {}
    return {**DEFAULT_POLICY, **{k: v for k, v in policy.items() if k in DEFAULT_POLICY}}


def temporary_password(policy: dict | None = None) -> str:
    """A fresh password within ``policy`` (min_length / max_length)."""
    policy = {**DEFAULT_POLICY, **(policy or {})}
    length = min(max(policy["min_length"], PREFERRED_LENGTH), policy["max_length"])
    length = max(length, 4)  # one of each class
    classes = (LOWER, UPPER, DIGITS, SYMBOLS)
    chars = [secrets.choice(group) for group in classes]
    everything = "".join(classes)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64), what the member record keeps."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"scrypt${_N}${_R}${_P}${encode(salt)}${encode(digest)}"


def check_password(password: str, stored: str) -> bool:
    """True when ``password`` is the one ``stored`` was made from."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        seen = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                              p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(seen, base64.b64decode(digest))
