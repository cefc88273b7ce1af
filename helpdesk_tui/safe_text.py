"""Member data is shown as typed, but never interpreted: the one output sanitiser.

Names and notes may carry Rich markup (``[bold]x[/]``), ANSI escapes or other control
characters. Screens put member data into ``rich.text.Text`` / ``Content`` objects (never
markup strings); this module additionally makes control characters *visible* so an
escape sequence can neither drive the operator's terminal nor hide in a name. The stored
value is never changed: only what is displayed or printed.

Two forms, one definition of "unsafe" (:data:`UNSAFE`):

- text (:func:`visible`): C0 → control pictures (␛), DEL → ␡, C1 / format (bidi,
  zero-width) characters → ``<U+009B>``, undecodable bytes (surrogate escapes, as Python
  decodes a bad argv byte) → ``<0xFF>``; other lone surrogates → ``<U+D800>``;
- JSON (:func:`json_text`, :func:`dump_json`): the same characters as ``\\u009b`` escapes,
  so the output is valid JSON that reads back to exactly the stored value, yet a
  terminal showing it sees only ASCII for them (``ensure_ascii=False`` alone escapes
  only C0).
"""

from __future__ import annotations

import json
import re
from typing import IO

# C0 controls map to the Unicode "control pictures" block (U+2400…), DEL to U+2421.
_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_C0[0x7F] = "\u2421"

# Every format character (Unicode category Cf: bidi embeddings/overrides/isolates and
# marks, zero-width characters, the tag characters used to smuggle hidden text), C0,
# DEL, C1, line/paragraph separators and surrogates. Written out (Python 3.11's Cf set)
# rather than computed from unicodedata at import: the console imports this at start-up.
_BEYOND_C0 = (
    "\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
# JSON escapes C0 itself (and its indentation newlines are structure, not data).
_JSON_UNSAFE = re.compile(f"[{_BEYOND_C0}]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code in _C0:
        return _C0[code]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: a byte that was not valid UTF-8
        return f"<0x{code - 0xDC00:02X}>"
    return f"<U+{code:04X}>"


def visible(value: object, *, max_length: int | None = None) -> str:
    """Return ``value`` as a single printable line.

    Control characters (C0, DEL, C1, bidi overrides, zero-width format characters,
    surrogates) are replaced by visible stand-ins; the text is cut to ``max_length``
    with an ellipsis.
    """
    if value is None:
        return ""
    result = UNSAFE.sub(_shown, str(value))
    if max_length is not None and len(result) > max_length:
        result = result[: max(0, max_length - 1)] + "…"
    return result


def has_controls(value: str) -> bool:
    """True when ``value`` holds anything :func:`visible` would replace."""
    return UNSAFE.search(value) is not None


def _escaped(match: re.Match) -> str:
    char = match.group()
    if ord(char) > 0xFFFF:  # JSON escapes astral characters as a surrogate pair
        code = ord(char) - 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{ord(char):04x}"


def json_text(value: object, *, indent: int | None = 2, **options) -> str:
    """``value`` as JSON whose unsafe characters are ``\\uXXXX`` escapes (readable
    Japanese stays as it is). Unsafe characters can only occur inside JSON strings, so
    escaping them in the encoded text keeps it valid and lossless."""
    return _JSON_UNSAFE.sub(_escaped, json.dumps(value, ensure_ascii=False, indent=indent, **options))


def dump_json(value: object, stream: IO[str], *, indent: int | None = 2) -> None:
    """Write :func:`json_text` of ``value`` and a newline to ``stream``."""
    stream.write(json_text(value, indent=indent))
    stream.write("\n")
