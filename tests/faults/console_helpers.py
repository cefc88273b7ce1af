"""Console helpers for tests/faults: a HelpdeskApp on a given store, and waiting."""

from __future__ import annotations

import asyncio

from helpdesk_tui.app import HelpdeskApp


def make_app(path, lang: str = "en") -> HelpdeskApp:
    app = HelpdeskApp(path, lang, theme="textual-dark")
    app.animation_level = "none"
    return app


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await pilot.pause(0.02)


def notifications(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)
