"""A store directory's content fingerprint, for "nothing was changed" assertions."""

from __future__ import annotations

import hashlib
from pathlib import Path


def store_fingerprint(root: str | Path) -> str:
    """Hash of every file's name and bytes under ``root`` (the lock file excepted)."""
    root = Path(root)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".lock"):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
