"""Member data is shown as typed, but never interpreted.

Names and notes may carry Rich markup (``[bold]x[/]``), ANSI escapes or other control
characters. Screens put member data into ``rich.text.Text`` / ``Content`` objects (never
markup strings); this module additionally makes control characters *visible* so an
escape sequence can neither drive the operator's terminal nor hide in a name. The stored
value is never changed: only what is displayed or printed.
"""

from __future__ import annotations

import unicodedata

# C0 controls map to the Unicode "control pictures" block (U+2400…), DEL to U+2421.
_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_C0[0x7F] = "\u2421"


def visible(value: object, *, max_length: int | None = None) -> str:
    """Return ``value`` as a single printable line.

    Control characters (C0, DEL, C1, bidi overrides, zero-width format characters) are
    replaced by visible stand-ins; the text is cut to ``max_length`` with an ellipsis.
    """
    if value is None:
        return ""
    text = str(value)
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code in _C0:
            out.append(_C0[code])
        elif 0x80 <= code <= 0x9F:
            out.append("\ufffd")
        elif unicodedata.category(char) == "Cf":
            # Bidi overrides and zero-width characters can disguise a name.
            out.append(f"<U+{code:04X}>")
        else:
            out.append(char)
    result = "".join(out)
    if max_length is not None and len(result) > max_length:
        result = result[: max(0, max_length - 1)] + "…"
    return result


def has_controls(value: str) -> bool:
    """True when ``value`` holds anything :func:`visible` would replace."""
    return visible(value) != value
