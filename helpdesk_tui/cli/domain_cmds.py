"""(being built)"""

from __future__ import annotations


def register_domain_verbs(verbs, common) -> None:
    pass

