"""Japanese line breaking: between phrases, never before 「。」 or after 「「」 (kinsoku).

Rich breaks lines at ASCII spaces and folds a run of Japanese anywhere, so a sentence
wrapped as 「最大で / 24 時間」 or a line began with 「。」. BudouX (Google's phrase
segmenter, a small model with no dictionary to maintain) says where a Japanese line may
break; the rules here add what it leaves to the typesetter: kinsoku characters, and no
break at a space before a number (「最大で 24 時間」 stays whole).

:class:`Phrased` is a Rich renderable: it wraps at whatever width it is given, keeping
the text's styles. Text without Japanese is left to Rich's own word wrapping.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

# May not begin a line (JIS X 4051 行頭禁則, the common subset).
NO_START = set("、。，．,.・：；？！?!)）」』】〕〉》〙〗｝]）ーゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥～")
# May not end a line (行末禁則).
NO_END = set("（「『【〔〈《〘〖｛[(")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


@lru_cache(maxsize=1)
def _parser():
    import budoux  # imported on first use: no start-up cost for the first screen

    return budoux.load_default_japanese_parser()


def is_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


@lru_cache(maxsize=4096)
def break_points(plain: str) -> tuple[int, ...]:
    """Offsets where a line may start, inside one paragraph (no newline)."""
    if not is_japanese(plain):
        return tuple(m.end() for m in re.finditer(r" +", plain) if m.end() < len(plain))
    points, offset = set(), 0
    for phrase in _parser().parse(plain)[:-1]:
        offset += len(phrase)
        points.add(offset)
    # A space between Latin words is a break too (a command inside a sentence).
    points |= {m.end() for m in re.finditer(r"(?<=[\x21-\x7e]) +(?=[\x21-\x7e])", plain)}
    allowed = []
    for point in sorted(points):
        if point <= 0 or point >= len(plain):
            continue
        before, after = plain[point - 1], plain[point]
        nxt = plain[point:].lstrip(" ")[:1]
        if after in NO_START or nxt in NO_START or before in NO_END:
            continue
        if nxt.isdigit() and (after == " " or before == " "):
            continue  # 「最大で 24 時間」: a number stays with the words before it
        if _inside_short_quote(plain, point):
            continue  # 「一時停止 (ログイン失敗)」: a short quoted name stays whole
        allowed.append(point)
    return tuple(allowed)


def _inside_short_quote(plain: str, point: int, longest: int = 20) -> bool:
    opened = plain.rfind("「", 0, point)
    if opened == -1 or plain.rfind("」", 0, point) > opened:
        return False
    closed = plain.find("」", point)
    return closed != -1 and closed - opened <= longest


def wrap_offsets(plain: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line of one paragraph at ``width`` cells; spaces at a break
    are dropped, a phrase wider than a line is folded by character (kinsoku kept)."""
    width = max(width, 2)
    points = [p for p in break_points(plain)]
    lines: list[tuple[int, int]] = []
    start = 0
    while start < len(plain):
        while start < len(plain) and plain[start] == " " and lines:
            start += 1
        if cell_len(plain[start:]) <= width:
            lines.append((start, len(plain)))
            break
        end = None
        for point in points:
            if point <= start:
                continue
            if cell_len(plain[start:point].rstrip(" ")) > width:
                break
            end = point
        if end is None:  # no phrase boundary fits: fold by character
            end, used = start, 0
            while end < len(plain) and used + cell_len(plain[end]) <= width:
                used += cell_len(plain[end])
                end += 1
            while end - 1 > start and plain[end] in NO_START:
                end -= 1  # carry the character before 「。」 down with it
        lines.append((start, end))
        start = end
    return [(s, e - (len(plain[s:e]) - len(plain[s:e].rstrip(" ")))) for s, e in lines] or [(0, 0)]


def wrap_text(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, styles kept."""
    out: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        for start, end in wrap_offsets(plain, width):
            out.append(paragraph[start:end])
    return out


class Phrased:
    """A Rich renderable of ``text`` wrapped between phrases (Japanese) or words."""

    def __init__(self, text: Text | str, style: str = "") -> None:
        self.text = text if isinstance(text, Text) else Text(text, style=style)

    @property
    def plain(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_text(self.text, options.max_width):
            line.end = "\n"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.text.__rich_measure__(console, options)


def phrased(text: Text) -> Text | Phrased:
    """Japanese text as :class:`Phrased`; anything else unchanged."""
    return Phrased(text) if is_japanese(text.plain) else text
