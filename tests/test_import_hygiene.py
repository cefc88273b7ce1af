"""Domain code never imports Textual: only app.py, screens/ and widgets/ may.

Two checks: a static scan of every module's imports (catches a lazy import inside a
function too), and a real import of every domain module in a fresh interpreter,
asserting Textual did not get loaded transitively.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "helpdesk_tui"
PRESENTATION = {"app.py", "screens", "widgets"}


def _domain_modules() -> list[Path]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in PRESENTATION:
            continue
        modules.append(path)
    return modules


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_modules_do_not_mention_textual():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in _imports(path) if n.split(".")[0] == "textual")
        for path in _domain_modules()
    }
    offenders = {module: names for module, names in offenders.items() if names}
    assert offenders == {}


def test_importing_domain_modules_does_not_load_textual():
    modules = []
    for path in _domain_modules():
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        if parts[-1] in {"__main__", "main"}:
            continue  # entry points launch the console on purpose
        modules.append(".".join(parts))
    assert "helpdesk_tui.store" in modules and "helpdesk_tui.search" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_presentation_is_the_only_textual_user():
    # Guard the guard: if the presentation folders were renamed, the scan above would
    # silently cover nothing of them; the app must still be where we look for it.
    assert (PACKAGE / "app.py").exists()
    assert "textual" in {n.split(".")[0] for n in _imports(PACKAGE / "app.py")}
