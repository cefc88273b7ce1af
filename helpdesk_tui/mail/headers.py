"""Message headers as people paste them: find the ``Received:`` fields in any text.

What arrives is whatever a mail client's "show source" / "internet headers" box gave:
CRLF or LF line ends, folded (continuation) lines, sometimes a summary block above the
headers (Gmail's "Show original"), sometimes the body below them, sometimes a stray line
that is not a header at all. We unfold continuation lines, ignore lines that are not a
``Name: value`` field, and take the ``Received:`` fields of the first block (blocks are
separated by blank lines) that has any: a blank line after them starts the body, whose
quoted or forwarded text must not be read as hops.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

# RFC 5322 field name: printable ASCII except ":" and space.
_FIELD = re.compile(r"([!-9;-~]+)[ \t]*:(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Field:
    name: str
    value: str  # unfolded: continuation lines joined with single spaces
    line: int  # 1-based line of the field's first line in the pasted text


def header_fields(text: str) -> list[list[Field]]:
    """Header fields grouped in blocks (separated by blank lines), unfolded."""
    # dedent: a paste copied out of an indented quote still starts its fields in column 0
    lines = textwrap.dedent(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    blocks: list[list[Field]] = [[]]
    name: str | None = None
    parts: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal name
        if name is not None:
            blocks[-1].append(Field(name, " ".join(p.strip() for p in parts if p.strip()), start))
        name = None

    for number, line in enumerate(lines, 1):
        if not line.strip():
            flush()
            if blocks[-1]:
                blocks.append([])
            continue
        if line[0] in " \t":
            if name is not None:
                parts.append(line)
            continue
        flush()
        match = _FIELD.match(line)
        if match:
            name, parts, start = match.group(1), [match.group(2)], number
    flush()
    return [block for block in blocks if block]


def received_fields(text: str) -> list[Field]:
    """The ``Received:`` fields of the first block that has any, top (newest) first."""
    for block in header_fields(text):
        found = [f for f in block if f.name.lower() == "received"]
        if found:
            return found
    return []
