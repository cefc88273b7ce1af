"""The five Japanese source documents the console is built from (shared/seeds/), shipped
with the package so that ``helpdesk-tui trees check`` can prove every citation.

A citation names a seed file and a heading; the heading must be a whole line of that file
(after trimming spaces), so a typo or a paraphrase is caught.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

SEED_FILES = (
    "000_b509925ec010ac1e.txt",  # vendor PDF: changing the primary mail domain
    "001_b012fa257ec9fb04.txt",  # article: forgot password / can't log in
    "002_c707fd664de90ac5.txt",  # hosting guide: zero-loss mail-server migration
    "003_742dfa6b2af9907e.txt",  # vendor admin guide: security features
    "004_bc6e543374d9f88f.txt",  # article: can't log in after changing phones
)

# What an operator calls each document (screens cite a document by this and a heading,
# never by its file name): the document's own title where it has one (000, 003).
SEED_TITLES = {
    "000_b509925ec010ac1e.txt": "LINE WORKS トライアル【アドバンストプラン】",
    "001_b012fa257ec9fb04.txt": "パスワードを忘れた・ログインできないときの対処法",
    "002_c707fd664de90ac5.txt": "メールサーバ移行ガイド (OWS)",
    "003_742dfa6b2af9907e.txt": "セキュリティ機能",
    "004_bc6e543374d9f88f.txt": "機種変更後にログインできないとき",
}


def title(seed: str) -> str:
    """The document's title for a citation on screen; the file name if it has none."""
    return SEED_TITLES.get(seed, seed)


@lru_cache(maxsize=None)
def lines(seed: str) -> frozenset[str]:
    """The trimmed non-empty lines of seed file ``seed``; KeyError for an unknown file."""
    if seed not in SEED_FILES:
        raise KeyError(seed)
    text = resources.files(__name__).joinpath(seed).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def cites(seed: str, heading: str) -> str | None:
    """Why the citation ``(seed, heading)`` is wrong, or None when it is right."""
    if seed not in SEED_FILES:
        return f"no seed file {seed!r} (known: {', '.join(SEED_FILES)})"
    if heading.strip() not in lines(seed):
        return f"seed {seed} has no heading line {heading!r}"
    return None
