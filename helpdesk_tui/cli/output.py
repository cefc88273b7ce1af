"""Plain-text and JSON output for the CLI.

Member data printed to a terminal goes through ``safe_text.visible`` so an escape
sequence in a name can't drive the operator's terminal; JSON output escapes C0
itself and C1, DEL, bidi and other format characters as ``\\uXXXX`` escapes
(``safe_text.dump_json``). Columns are padded by display cells so Japanese aligns.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence

from helpdesk_tui.safe_text import dump_json, visible


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, width: int) -> str:
    """Cut (with an ellipsis) or pad ``text`` to exactly ``width`` display cells."""
    size = cells(text)
    if size <= width:
        return text + " " * (width - size)
    out, used = [], 0
    for char in text:
        if used + cells(char) > width - 1:
            break
        out.append(char)
        used += cells(char)
    return "".join(out) + "…" + " " * (width - 1 - used)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int]) -> str:
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths)).rstrip()]
    for row in rows:
        lines.append("  ".join(fit(visible(v), w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def emit_json(value: object) -> None:
    dump_json(value, sys.stdout)


def error(message: str) -> None:
    print(f"helpdesk-tui: {visible(message)}", file=sys.stderr)
