"""Japanese phone numbers: kept as entered, normalised to E.164 alongside.

Seed 001 「SMS が届かない」 and seed 004: the SMS code can only reach a mobile number, and
the recovery number must be digits only (no hyphens). Numbers beginning 050 (IP phone)
and 020 (M2M / pager) look mobile-like but cannot receive the code; landlines cannot
either. ``phonenumbers`` carries Japan's numbering plan, so no prefix table lives here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

DEFAULT_REGION = "JP"

# What a number is, for the question "can it receive an SMS code?"
KIND_MOBILE = "mobile"
KIND_LANDLINE = "landline"
KIND_IP_PHONE = "ip-phone"  # 050
KIND_M2M = "m2m"  # 020 (phonenumbers: PAGER)
KIND_TOLL_FREE = "toll-free"
KIND_OTHER = "other"
KIND_INVALID = "invalid"

_KINDS = {
    PhoneNumberType.MOBILE: KIND_MOBILE,
    PhoneNumberType.FIXED_LINE: KIND_LANDLINE,
    PhoneNumberType.VOIP: KIND_IP_PHONE,
    PhoneNumberType.PAGER: KIND_M2M,
    PhoneNumberType.TOLL_FREE: KIND_TOLL_FREE,
}

# Format problems seed 001 names: the recovery number must be plain half-width digits.
PROBLEM_HYPHENS = "hyphens"
PROBLEM_FULL_WIDTH = "full-width-digits"
PROBLEM_SPACES = "spaces"

_NON_DIGITS = re.compile(r"\D+")
_PHONE_CHARS = re.compile(r"^[\d\s\-+()\u2010-\u2015\u2212\u30fc\uff0d.]+$")


@dataclass(frozen=True)
class PhoneInfo:
    raw: str
    e164: str | None
    kind: str
    problems: tuple[str, ...]

    @property
    def can_receive_sms(self) -> bool:
        return self.kind == KIND_MOBILE

    @property
    def national_digits(self) -> str | None:
        """Domestic digits (``09012345678``) for search, or None if not Japanese."""
        if self.e164 and self.e164.startswith("+81"):
            return "0" + self.e164[3:]
        return self.e164.lstrip("+") if self.e164 else None


def looks_like_phone(text: str) -> bool:
    """True when ``text`` is made only of digits and phone punctuation."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return bool(folded) and bool(_PHONE_CHARS.match(folded)) and any(c.isdigit() for c in folded)


def digits_for_search(text: str) -> str:
    """Fold any written form to domestic digits: ``+81 90-1234`` → ``0901234``."""
    folded = unicodedata.normalize("NFKC", text)
    plus = folded.strip().startswith("+")
    digits = _NON_DIGITS.sub("", folded)
    if plus and digits.startswith("81"):
        return "0" + digits[2:]
    return digits


@lru_cache(maxsize=65536)
def analyse(raw: str | None, region: str = DEFAULT_REGION) -> PhoneInfo | None:
    """Normalise ``raw``; ``None`` for an empty value. Never raises on bad input.

    Cached: an import analyses each number several times (validation, E.164), and
    phonenumbers' parse is ~45 µs.
    """
    if raw is None or not str(raw).strip():
        return None
    raw = str(raw)
    problems: list[str] = []
    if any("\uff10" <= c <= "\uff19" for c in raw):
        problems.append(PROBLEM_FULL_WIDTH)
    if any(c in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d" for c in raw):
        problems.append(PROBLEM_HYPHENS)
    if any(c.isspace() for c in raw.strip()):
        problems.append(PROBLEM_SPACES)
    folded = unicodedata.normalize("NFKC", raw)
    try:
        number = phonenumbers.parse(folded, region)
    except phonenumbers.NumberParseException:
        return PhoneInfo(raw, None, KIND_INVALID, tuple(problems))
    if not phonenumbers.is_valid_number(number):
        return PhoneInfo(raw, None, KIND_INVALID, tuple(problems))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    kind = _KINDS.get(phonenumbers.number_type(number), KIND_OTHER)
    return PhoneInfo(raw, e164, kind, tuple(problems))


def e164(raw: str | None) -> str | None:
    info = analyse(raw)
    return info.e164 if info else None


def national(value: str | None) -> str:
    """How a number is shown on screen: Japan's national format (``080-3871-6215``),
    a foreign number in international format (``+1 201-555-0123``); E.164 stays in the
    store and in JSON. Text that is not a valid number is shown as entered."""
    if value is None or not str(value).strip():
        return ""
    info = analyse(str(value))
    if info is None or info.e164 is None:
        return str(value)
    number = phonenumbers.parse(info.e164, None)
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 81
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def shown_contact(value: str | None) -> str:
    """A contact on file as the operator reads it: an e-mail address as it is, a phone
    number in national format."""
    text = "" if value is None else str(value)
    return text if "@" in text else national(text)


def masked(value: str | None) -> str:
    """The one masking rule for a number shown but not to be copied (timelines):
    the national form with all digits but the first three and the last four hidden,
    ``080-****-6215``; a short number is hidden entirely."""
    shown = national(value)
    digits = sum(c.isdigit() for c in shown)
    keep_head, keep_tail = (3, 4) if digits > 7 else (0, 0)
    out, seen = [], 0
    for char in shown:
        if char.isdigit():
            seen += 1
            out.append(char if seen <= keep_head or seen > digits - keep_tail else "*")
        else:
            out.append(char)
    return "".join(out)
