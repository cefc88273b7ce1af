"""Helpers for the store tests (a module name of its own, so it never collides with
another folder's helpers in pytest's rootdir-relative import mode)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("store_worker.py")


def worker_cmd(*args: object) -> list[str]:
    return [sys.executable, str(WORKER), *map(str, args)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def spawn(*args: object, **kwargs) -> subprocess.Popen:
    """Start a worker process (see store_worker.py) with pipes for stdin/stdout/stderr."""
    return subprocess.Popen(
        worker_cmd(*args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=_env(),
        **kwargs,
    )


def run_worker(*args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(worker_cmd(*args), capture_output=True, text=True, cwd=REPO, env=_env(), timeout=timeout)


def snapshot(root: Path) -> dict[str, tuple[str, int, int, int]]:
    """Every file and directory under ``root``: content hash, mode, inode, mtime."""
    result = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        result[path.relative_to(root).as_posix()] = (digest, st.st_mode, st.st_ino, st.st_mtime_ns)
    return result


def member(member_id: str, **fields) -> dict:
    return {"id": member_id, "name": f"名前 {member_id}", "status": "active", "n": 0, **fields}
