"""Plain-text and JSON output for the CLI.

Member data printed to a terminal goes through ``safe_text.visible`` so an escape
sequence in a name can't drive the operator's terminal; JSON escapes control
characters by itself. Columns are padded by display cells so Japanese aligns.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence

from helpdesk_tui.safe_text import visible


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
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def error(message: str) -> None:
    print(f"helpdesk-tui: {visible(message)}", file=sys.stderr)
