"""A hostile paste in the console's migration screen (one Received: header with 20k
addresses) is parsed off the UI thread once typing pauses: the paste itself returns
before any parsing, the answer arrives, and the list of skipped addresses is cut."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from bench.received_bench import hostile_header
from helpdesk_tui import clock
from helpdesk_tui.screens.migration import MigrationScreen
from tests.cli.conftest import NOW, run_cli
from tests.faults.console_helpers import make_app, notifications, wait_for


async def test_a_huge_paste_is_parsed_in_a_worker_and_shown_cut(tmp_path):
    path = tmp_path / "store"
    assert run_cli("demo", "--members", "10", store=path).returncode == 0
    with clock.pinned(clock.parse_iso(NOW)):
        app = make_app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.index is not None)
            screen = MigrationScreen()
            await app.push_screen(screen)
            await wait_for(pilot, lambda: screen.checklist is not None)
            pane = screen.query_one("#received-pane")
            area = screen.query_one("#headers", TextArea)
            area.focus()
            await pilot.pause()
            app.post_message(events.Paste(hostile_header(20_000)))
            await wait_for(pilot, lambda: area.text.strip() != "")
            assert pane.busy and pane.result is None  # the keystroke did not parse
            await wait_for(pilot, lambda: not pane.busy, timeout=30)
            assert pane.result.ip == "203.0.0.1"
            shown = str(screen.query_one("#received-result").content)
            assert "… +9980" in shown  # 10k private addresses skipped, 20 listed
            assert app.is_running and not notifications(app)
