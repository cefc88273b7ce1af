"""Fold names, kana, ids and phone numbers so that what an operator types matches.

- NFKC: full-width ``ＡＢＣ１２３`` → ``ABC123``, half-width ｶﾀｶﾅ → カタカナ;
- casefold for Latin letters;
- katakana → hiragana, so ``タナカ`` finds ``たなか``;
- whitespace removed, so ``田中太郎`` finds ``田中 太郎`` and ``john smith`` finds ``John Smith``.
"""

from __future__ import annotations

import re
import unicodedata

# Katakana ァ (U+30A1) … ヶ (U+30F6) sit exactly 0x60 above their hiragana.
_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KATAKANA = re.compile("[\u30a1-\u30f6]")
# Not str.split(): it would also drop the index's \x1e/\x1f separators.
_WHITESPACE = re.compile("[ \t\r\n\u3000\u00a0]+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    folded = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text).casefold())
    # translate() is slow per character; most text has no katakana at all.
    if _KATAKANA.search(folded):
        folded = folded.translate(_KATA_TO_HIRA)
    return folded
