"""Member data into display objects: always through ``safe_text.visible`` into ``Text``.

A plain ``str`` handed to a DataTable cell, a Static or a command-palette help line is
parsed as markup; member names such as ``[bold]x[/]`` must never be. Everything that
shows member data builds it here.
"""

from __future__ import annotations

from rich.text import Text

from helpdesk_tui.safe_text import visible

# Long values (a 500-character name) are cut before they reach a widget.
MAX_CHARS = 200


def safe(value: object, style: str = "", *, max_length: int = MAX_CHARS) -> Text:
    """``value`` made visible, as a literal ``Text`` (never markup)."""
    return Text(visible(value, max_length=max_length), style=style)


def cell(value: object, style: str = "") -> Text:
    """A single-line table cell that ends in an ellipsis when its column is narrower."""
    text = safe(value, style)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def label(text: str, style: str = "") -> Text:
    """A catalogue label (trusted, but still kept literal)."""
    return Text(text, style=style)


def joined(parts: list[Text | str], separator: str = "  ") -> Text:
    """Join pieces, dropping empty ones; ``str`` pieces are literal too."""
    pieces = [Text(part) if isinstance(part, str) else part for part in parts]
    return Text(separator).join(piece for piece in pieces if piece.plain)
