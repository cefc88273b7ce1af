"""The names a store file may have: what a journal may name and what verify() accepts.

Anything else in the store (a planted file, a link, ``../`` in a journal entry) is
corruption: the store reports it and never writes to it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .applog import LOGS
from .errors import StoreCorruptError
from .files import is_temp
from .tables import COUNTERS, DEVICES, MEMBERS, OPERATORS, TENANT, TICKETS

ROOT_TABLE_FILES = frozenset({TENANT.file, OPERATORS.file, COUNTERS.file})
SHARDED_TABLES = frozenset({MEMBERS.table, DEVICES.table, TICKETS.table})
_SHARD = re.compile(r"^\d{1,6}\.json$")
_SEGMENT = re.compile(r"^\d{1,6}-\d{6,}\.jsonl$")


def is_store_file(rel: str) -> bool:
    """Whether store-relative ``rel`` names one of the store's tables or log segments."""
    parts = rel.split("/")
    if len(parts) == 1:
        return parts[0] in ROOT_TABLE_FILES
    if len(parts) == 2:
        return parts[0] in SHARDED_TABLES and bool(_SHARD.match(parts[1]))
    if len(parts) == 3:
        return parts[0] == "logs" and parts[1] in LOGS and bool(_SEGMENT.match(parts[2]))
    return False


_ROOT_NAMES = ROOT_TABLE_FILES | {"meta.json", ".lock", "journal.redo", "helpdesk.json", "helpdesk.json.v1-backup"}
_ROOT_DIRS = SHARDED_TABLES | {"logs"}


def unexpected_entries(root: Path, shards: int) -> list[tuple[Path, str]]:
    """Links and files of no expected name in the store (temp files of a writer aside)."""
    found: list[tuple[Path, str]] = []

    def scan(directory: Path, files_ok, dirs_ok) -> list[Path]:
        subdirs = []
        try:
            names = sorted(os.listdir(directory))
        except (FileNotFoundError, NotADirectoryError):
            return subdirs
        for name in names:
            path = directory / name
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found.append((path, "a symbolic link in the store; the store never follows links (remove it)"))
            elif stat.S_ISDIR(mode) and dirs_ok(name):
                subdirs.append(path)
            elif stat.S_ISREG(mode) and (files_ok(name) or is_temp(name)):
                continue
            else:
                found.append((path, "an unexpected entry in the store (not one of its files)"))
        return subdirs

    for sub in scan(root, _ROOT_NAMES.__contains__, _ROOT_DIRS.__contains__):
        if sub.name == "logs":
            for log in scan(sub, lambda name: False, LOGS.__contains__):
                scan(log, lambda name: bool(_SEGMENT.match(name)), lambda name: False)
        else:
            scan(sub, lambda name: bool(_SHARD.match(name)) and int(name.split(".")[0]) < shards,
                 lambda name: False)
    return found


def refuse_links_at_top(root: Path) -> None:
    """Before a write: no link (or other non-regular entry) among the store's top-level
    files and directories. Cheap (one listing); shard files are checked as they open."""
    for name in os.listdir(root):
        path = root / name
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            raise StoreCorruptError(path, "is a symbolic link in the store; the store never follows links "
                                    "(remove it, or restore the file from a backup)")
        if name in _ROOT_DIRS and not stat.S_ISDIR(mode) or name in _ROOT_NAMES and not stat.S_ISREG(mode):
            raise StoreCorruptError(path, "is not a plain file or directory of the store")
