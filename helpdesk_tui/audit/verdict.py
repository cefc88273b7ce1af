"""Where a bad audit entry is, and the failure that names it (verify.py, witness_check.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Where:
    file: str
    line: int
    position: int


class Failure(Exception):
    def __init__(self, kind: str, where: Where | None, **fields: Any) -> None:
        super().__init__(kind)
        self.kind, self.where, self.fields = kind, where, fields
