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


@pytest.fixture(scope="session")
def installed_tool():
    """``helpdesk-tui`` installed the way the README's deployment has it: a root-owned
    executable other accounts may run (this checkout's packages, the system's python3),
    so operator and service accounts run the real program. Removed afterwards."""
    import shutil
    import site
    import sys
    import tempfile
    from pathlib import Path

    if os.geteuid() != 0:
        pytest.skip("installing for other accounts needs root")
    python = shutil.which("python3", path="/usr/bin:/usr/local/bin") or sys.executable
    packages = [p for p in site.getsitepackages() if Path(p).is_dir()]
    prefix = Path(tempfile.mkdtemp(prefix="hdtu-tool-", dir="/opt" if os.access("/opt", os.W_OK) else None))
    os.chmod(prefix, 0o755)
    tool = prefix / "helpdesk-tui"
    tool.write_text(
        f"#!{python} -I\n"
        "import site, sys\n"
        + "".join(f"site.addsitedir({p!r})\n" for p in packages)
        + f"sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})  # this checkout\n"
        + "from helpdesk_tui.cli.main import main\n"
        "sys.exit(main())\n"
    )
    os.chmod(tool, 0o755)
    try:
        yield tool
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture
def open_tmp():
    """A directory other accounts can reach (pytest's tmp_path is root's 0700 tree)."""
    import shutil
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp(prefix="hdtu-"))
    os.chmod(path, 0o755)
    try:
        yield path
    finally:
        # An append-only witness file (chattr +a) cannot be removed until root clears it.
        subprocess.run(["chattr", "-R", "-a", str(path)], capture_output=True)
        shutil.rmtree(path, ignore_errors=True)
