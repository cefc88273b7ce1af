"""Every screen of the console, reached as an operator reaches it (issue 14: "a test
renders every screen at 80×24 in both languages").

``STOPS`` names each screen (or pane, or modal) and how to get there from the search
screen; ``tour_store`` builds the store they need (the demo tenant with its waiting
tickets, one of them verified, noted, acted on and closed, so timelines and the audit
log have entries of every kind). Tests walk the stops one app at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from helpdesk_tui import clock
from helpdesk_tui.operators import current_os_user
from ui_helpers import NOW, edge, wait_for, wait_member_view, wait_ready

# The demo store's operator (tests/ui/conftest.py), spelled out: `from conftest import`
# picks whichever conftest was imported last when several test folders run together.
OPERATOR = {"username": current_os_user(), "role": "agent", "display_name": "テスト 担当"}

Drive = Callable[..., Awaitable[None]]
SIZE = (80, 24)
def tour_store(path: Path, operator: dict) -> dict[str, str]:
    """Tickets of the demo queue plus one worked ticket; returns their ids by role."""
    from helpdesk_tui.actions import run_action
    from helpdesk_tui.demo.queue import seed_tickets
    from helpdesk_tui.store import Store
    from helpdesk_tui.tickets import add_note, open_ticket, record_verification

    store = Store.open(path)
    with clock.pinned(NOW):
        queued = seed_tickets(store, operator, NOW)
        worked = open_ticket(store, operator, edge("locked"), "cannot-login", channel="phone",
                             priority="high", note="朝からログインできない")["id"]
        record_verification(store, operator, worked, "callback-registered-phone")
        add_note(store, operator, worked, "折り返し電話で本人確認済み")
        run_action(store, operator, "request-password-change", edge("locked"), ticket=worked)
    return {"queued": queued[0], "worked": worked}


async def _member(pilot, member: str, pane: str | None = None) -> None:
    pilot.app.open_member(edge(member))
    await wait_member_view(pilot, edge(member))
    if pane:
        await pilot.press(pane)
    await pilot.pause(0.2)


async def _screen(pilot, name: str, timeout: float = 5.0) -> None:
    await wait_for(pilot, lambda: any(cls.__name__ == name for cls in type(pilot.app.screen).__mro__), timeout)
    await pilot.pause(0.4)


def stops(tickets: dict[str, str]) -> dict[str, Drive]:
    """name → coroutine function(pilot) that leaves the app on that screen."""

    async def search(pilot):
        await pilot.press(*"edge-")
        await pilot.pause(0.3)

    async def keys(pilot):
        await _member(pilot, "active")
        await pilot.press("question_mark")
        await _screen(pilot, "KeysScreen")

    async def palette(pilot):
        await pilot.press("ctrl+p")
        await _screen(pilot, "CommandPalette")
        await pilot.press(*"ぬぬぬ")  # matches nothing
        await pilot.pause(0.6)

    async def queue(pilot):
        pilot.app.open_queue()
        await _screen(pilot, "QueueScreen")

    async def ticket(pilot):
        await ticket_of(pilot, tickets["worked"])

    async def ticket_of(pilot, ticket_id: str):
        pilot.app.open_ticket(ticket_id)
        await _screen(pilot, "TicketScreen")

    async def verify(pilot):
        await ticket_of(pilot, tickets["queued"])
        await pilot.press("v")
        await _screen(pilot, "VerifyModal")

    async def note(pilot):
        await ticket_of(pilot, tickets["queued"])
        await pilot.press("n")
        await _screen(pilot, "NoteModal")

    async def export(pilot):
        pilot.app.open_export_blocked()
        await _screen(pilot, "ExportBlockedModal")

    async def triage(pilot):
        pilot.app.open_triage(tickets["worked"])
        await _screen(pilot, "TriageScreen")

    async def intake(pilot):
        pilot.app.start_intake(edge("locked"))
        await _screen(pilot, "IntakeScreen")

    async def action_menu(pilot):
        pilot.app.open_action_menu(edge("locked"), tickets["worked"])
        await _screen(pilot, "ActionMenu")

    async def action(pilot):
        pilot.app.open_action(edge("locked"), "request-password-change", tickets["worked"])
        await _screen(pilot, "ActionScreen")

    async def audit(pilot):
        pilot.app.open_audit()
        await _screen(pilot, "AuditScreen")

    async def bulk(pilot):
        pilot.app.open_bulk_request()
        await _screen(pilot, "BulkRequestScreen")

    async def domains(pilot):
        pilot.app.open_domains()
        await _screen(pilot, "DomainsScreen")

    async def migration(pilot):
        pilot.app.open_migration()
        await _screen(pilot, "MigrationScreen")

    async def device(pilot):
        from helpdesk_tui.store import Store

        member_id = edge("mdm")
        first = Store.open(pilot.app.store.path).devices_for(member_id)[0]
        pilot.app.open_device(member_id, first["device_id"])
        await _screen(pilot, "DeviceScreen")

    async def operators(pilot):
        from helpdesk_tui.screens.operators import open_operators

        open_operators(pilot.app)
        await _screen(pilot, "OperatorsScreen")

    def member(name: str, pane: str | None = None) -> Drive:
        async def drive(pilot):
            await _member(pilot, name, pane)
        return drive

    return {
        "search": search,
        "member-summary": member("locked"),
        "member-history": member("suspicious", "2"),
        "member-devices": member("suspicious", "3"),
        "member-login": member("locked", "4"),
        "member-landline": member("landline"),
        "member-messages": member("locked", "5"),
        "device": device,
        "operators": operators,
        "keys": keys,
        "palette": palette,
        "queue": queue,
        "ticket": ticket,
        "verify": verify,
        "note": note,
        "triage": triage,
        "intake": intake,
        "action-menu": action_menu,
        "action": action,
        "audit": audit,
        "bulk-request": bulk,
        "export-blocked": export,
        "domains": domains,
        "migration": migration,
    }


async def visit(app, drive: Drive):
    """Run ``app`` at 80×24, drive it to the stop; yields the pilot (async context)."""
    pilot_cm = app.run_test(size=SIZE)
    pilot = await pilot_cm.__aenter__()
    await wait_ready(pilot)
    await drive(pilot)
    return pilot_cm, pilot
