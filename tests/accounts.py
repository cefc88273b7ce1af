"""Throwaway OS accounts for the privilege-boundary tests (tests run as root: CI and the
lab machine). Each account is created with useradd and removed, with its home, after
the test; a name collision with a real account is impossible (random suffix)."""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import subprocess

import pytest


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)


def needs_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("creating OS accounts needs root (scripts/test.sh runs the suite as root on CI)")


class Accounts:
    """Accounts and groups made for one test; ``close`` removes them all."""

    def __init__(self) -> None:
        self.users: list[str] = []
        self.groups: list[str] = []
        self.tag = secrets.token_hex(3)

    def group(self, base: str) -> str:
        name = f"{base}{self.tag}"[:32]
        _run("groupadd", name)
        self.groups.append(name)
        return name

    def user(self, base: str, *, groups: tuple[str, ...] = (), system: bool = False) -> str:
        name = f"{base}{self.tag}"[:32]
        command = ["useradd", "--create-home", "--shell", "/bin/sh"]
        if system:
            command = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
        if groups:
            command += ["--groups", ",".join(groups)]
        _run(*command, name)
        self.users.append(name)
        return name

    def close(self) -> None:
        for name in reversed(self.users):
            subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)
        for name in reversed(self.groups):
            subprocess.run(["groupdel", name], capture_output=True)


@pytest.fixture
def accounts():
    needs_root()
    made = Accounts()
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def throwaway_user(accounts) -> str:
    return accounts.user("hdtu")


def uid_of(name: str) -> int:
    return pwd.getpwnam(name).pw_uid


def gid_of(name: str) -> int:
    return grp.getgrnam(name).gr_gid
