"""Store errors. Every message names the store path or file, so the console can show it."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class StoreError(Exception):
    """Anything the store refuses or cannot do."""


class StoreNotFoundError(StoreError):
    """Store.open on a missing or empty directory, or one that holds no store."""


class StoreLockedError(StoreError):
    """The store-wide write lock was not free within the timeout."""


class StoreSchemaError(StoreError):
    """The store was written by a newer helpdesk-tui; nothing was touched."""


class StoreAccessError(StoreError):
    """This account may not read the store (it belongs to the service account, or to
    someone else): a refusal with the way in, never a PermissionError."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(
            f"this account may not read the store at {root}: on a shared host operators reach "
            f"it only through helpdesk-tui (run it without --store; an admin adds you to the "
            f"helpdesk group and as an operator)"
        )


class StoreInsecureError(StoreError):
    """The old group-writable layout: any member of the group could rewrite the store
    (operators, roles, the audit chain). Refused until converted."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(
            f"the store at {root} is group-writable (the old shared layout): any member of the "
            f"group could rewrite operators, roles and the audit log. An administrator converts "
            f"it once, as root: helpdesk-tui store secure --store {root} --service-user helpdesk "
            f"--group helpdesk"
        )


class StoreClockError(StoreError):
    """HELPDESK_NOW set for a store that is not a training store (or malformed)."""


class StoreCorruptError(StoreError):
    """A store file cannot be parsed or has the wrong shape. It is never overwritten."""

    def __init__(self, path: str | Path, detail: str):
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")


class StoreProblem(NamedTuple):
    """One problem file found by Store.verify()."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
