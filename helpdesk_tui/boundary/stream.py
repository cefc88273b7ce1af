"""Files across the boundary: the operator's own process reads and writes them.

``import FILE`` and ``mail received FILE``: this side opens FILE as the operator and
hands it to the privileged half as its standard input (``-``), so the service account
never opens a path the caller chose (it could read its own store files for them).

``export -o FILE``:

The privileged half (under the service account) checks the role, audits, and streams
the content on its standard output (``--to-operator``); this side, running as the
operator, writes it to a 0600 temporary file beside FILE and moves it into place only
when the privileged half succeeded. So the service account never opens a path the
caller chose, and the file belongs to the operator.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from helpdesk_tui.boundary.sysconfig import BoundaryError

TO_OPERATOR = "--to-operator"


def wants_file(args: argparse.Namespace) -> bool:
    return getattr(args, "command", None) == "export" and getattr(args, "output", None) not in (None, "-")


def wants_input(args: argparse.Namespace) -> bool:
    return isinstance(getattr(args, "file", None), str) and args.file != "-"


def run_with_input(args: argparse.Namespace, argv: list[str], command: list[str]) -> int:
    try:
        handle = open(Path(args.file).expanduser(), "rb")
    except OSError as problem:
        raise BoundaryError(f"{args.file}: {problem.strerror or problem}") from None
    forwarded = list(argv)
    index = len(forwarded) - 1 - forwarded[::-1].index(args.file)
    forwarded[index] = "-"
    sys.stdout.flush()
    # Through a pipe, not the file itself: /dev/stdin of a regular file would be opened
    # again by path, as the service account.
    with handle, subprocess.Popen(command + forwarded, stdin=subprocess.PIPE) as child:
        try:
            shutil.copyfileobj(handle, child.stdin)
            child.stdin.close()
        except BrokenPipeError:
            pass  # it stopped reading (refused): its exit code says why
        return child.wait()


def export_to_file(args: argparse.Namespace, argv: list[str], command: list[str]) -> int:
    target = Path(args.output).expanduser().absolute()
    blocked = getattr(args, "what", "tenant") == "blocked-members"
    if target.is_dir():
        raise BoundaryError(f"{target} is a directory; give a file name")
    if not target.parent.is_dir():
        raise BoundaryError(f"{target.parent}: no such directory")
    if blocked and target.exists() and not args.force:
        raise BoundaryError(f"{target} already exists (--force to overwrite)")
    fmt = args.format
    if blocked and fmt is None:
        from helpdesk_tui.exports import format_for

        fmt = format_for(target) or "csv"
    forwarded = _without_output(argv) + ["--output", "-", TO_OPERATOR, "--reported-path", str(target)]
    if blocked:
        forwarded += ["--format", fmt]
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as problem:
        raise BoundaryError(f"cannot write in {target.parent}: {problem.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        sys.stdout.flush()
        code = subprocess.run(command + forwarded, stdout=fd, check=False).returncode
        os.fsync(fd)
        os.close(fd)
        fd = -1
        if code != 0:
            return code
        os.replace(temp, target)
    finally:
        if fd >= 0:
            os.close(fd)
        Path(temp).unlink(missing_ok=True)
    if blocked and getattr(args, "json", False):
        print(json.dumps({"path": str(target), "format": fmt}))
    elif blocked:
        print(f"written: {target}")
    return 0


def _without_output(argv: list[str]) -> list[str]:
    out, skip = [], False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in ("-o", "--output"):
            skip = True
        elif token.startswith("--output=") or (token.startswith("-o") and token != "-o"):
            continue
        else:
            out.append(token)
    return out
