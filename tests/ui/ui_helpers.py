"""Helpers shared by the console tests (imported by name: tests/ui is on sys.path)."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console

from helpdesk_tui import clock

NOW = clock.parse_iso("2026-11-20T10:00:00+09:00")
# Snapshots and Pilot runs use an explicit theme: the automatic choice depends on the
# terminal's colour support, which differs between machines.
THEME = "textual-dark"


def edge(name: str) -> str:
    """Id of one of the demo's edge-case members (see helpdesk_tui/demo/generator.py)."""
    return f"edge-{name}@sample.co.jp"


def screen_text(app) -> str:
    """What the terminal shows now, as plain text (styles dropped)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def wait_for(pilot, predicate, timeout: float = 5.0) -> None:
    """Let the app run until ``predicate()`` is true (workers finish on other threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await pilot.pause(0.02)


async def wait_ready(pilot) -> None:
    """Until the member index is built."""
    await wait_for(pilot, lambda: pilot.app.index is not None)
    await pilot.pause()


async def wait_member_view(pilot, member_id: str) -> None:
    """Until the member screen for ``member_id`` has read and shown the security view."""
    from helpdesk_tui.screens.member import MemberScreen

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, MemberScreen) and screen.member_id == member_id and screen.now is not None

    await wait_for(pilot, shown)
    await pilot.pause()


def widget_text(widget, width: int = 78) -> str:
    """The plain text a Static-like widget holds (whether or not it is scrolled into view)."""
    console = Console(width=width, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(widget.content)
    return console.export_text()
