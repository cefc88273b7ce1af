"""(being built)"""

from __future__ import annotations


def register_mail_verbs(verbs, common) -> None:
    pass

