"""(being built)"""

from __future__ import annotations


def register(commands, common) -> None:
    pass

