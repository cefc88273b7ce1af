"""Member data into display objects: always through ``safe_text.visible`` into ``Text``.

A plain ``str`` handed to a DataTable cell, a Static or a command-palette help line is
parsed as markup; member names such as ``[bold]x[/]`` must never be. Everything that
shows member data builds it here.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from helpdesk_tui.safe_text import visible

# Long values (a 500-character name) are cut before they reach a widget.
MAX_CHARS = 200


def safe(value: object, style: str = "", *, max_length: int = MAX_CHARS) -> Text:
    """``value`` made visible, as a literal ``Text`` (never markup)."""
    return Text(visible(value, max_length=max_length), style=style)


class CellText(Text):
    """A one-line cell cut to its column with "…" straight after the last character
    that fits: Rich pads a wide character that does not fit with a space first
    (「経営企 …」); here it is 「経営企…」 and the padding goes after."""

    def wrap(self, console, width: int, **kwargs):
        if width > 1 and "\n" not in self.plain and cell_len(self.plain) > width:
            used = end = 0
            for char in self.plain:
                if used + cell_len(char) > width - 1:
                    break
                used += cell_len(char)
                end += 1
            fitted = self[:end]
            fitted.rstrip()
            fitted.append("…")
            return Text.wrap(fitted, console, width, **kwargs)
        return super().wrap(console, width, **kwargs)


def cell(value: object, style: str = "") -> Text:
    """A single-line table cell that ends in an ellipsis when its column is narrower."""
    text = CellText(visible(value, max_length=MAX_CHARS), style=style)
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
