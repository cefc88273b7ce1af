"""Where each screen is opened from: the app's navigation, in one place.

Mixed into :class:`helpdesk_tui.app.HelpdeskApp`. Screens are imported when first
opened, to keep start-up to the first screen short. ``_show`` replaces a screen of the
same kind on top instead of stacking it; ``_back_to`` returns to one already open below.
"""

from __future__ import annotations

from textual.screen import Screen


class Navigation:
    def open_member(self, member_id: str) -> None:
        """Show the member's security view (replacing one already shown)."""
        from helpdesk_tui.screens.member import MemberScreen

        if self.refused or self.store is None:
            return
        if isinstance(self.screen, MemberScreen):
            self.switch_screen(MemberScreen(member_id))
        else:
            self.push_screen(MemberScreen(member_id))

    def _show(self, screen: Screen) -> None:
        """Push ``screen``; a screen of the same kind on top is replaced, not stacked."""
        if self.refused or self.store is None:
            return
        if type(self.screen) is type(screen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _back_to(self, wanted) -> Screen | None:
        """Pop back to the first screen of the stack that is ``wanted``; None if none is."""
        for screen in self.screen_stack:
            if wanted(screen):
                while self.screen is not screen:
                    self.pop_screen()
                return screen
        return None

    def open_queue(self) -> None:
        """The ticket queue (open and pending tickets, longest waiting first)."""
        from helpdesk_tui.screens.queue import QueueScreen

        found = self._back_to(lambda screen: isinstance(screen, QueueScreen))
        if found is not None:
            found.reload()
        else:
            self._show(QueueScreen())

    def open_ticket(self, ticket_id: str) -> None:
        """One ticket: its facts, verification and timeline (going back to it when it is
        already open below, e.g. from its triage)."""
        from helpdesk_tui.screens.ticket import TicketScreen
        from helpdesk_tui.tickets import normalise_ticket_id

        ticket_id = normalise_ticket_id(ticket_id)
        found = self._back_to(lambda screen: isinstance(screen, TicketScreen) and screen.ticket_id == ticket_id)
        if found is not None:
            found.load()
        else:
            self._show(TicketScreen(ticket_id))

    def start_intake(self, member_id: str) -> None:
        """Open a ticket for the member: symptom, channel, notes, then triage."""
        from helpdesk_tui.screens.intake import IntakeScreen

        self._show(IntakeScreen(member_id))

    def open_triage(self, ticket_id: str) -> None:
        """The guided triage of a ticket (resumes where it stopped)."""
        from helpdesk_tui.screens.triage import TriageScreen

        self._show(TriageScreen(ticket_id))

    def open_domains(self) -> None:
        """The tenant's domains: ownership, live DNS checks, the primary switch (seed 000)."""
        from helpdesk_tui.screens.domains import DomainsScreen

        if self._back_to(lambda screen: isinstance(screen, DomainsScreen)) is None:
            self._show(DomainsScreen(resolvers=self.resolvers))

    def open_migration(self) -> None:
        """The mail-server migration: headers → IP, checklist, propagation (seed 002)."""
        from helpdesk_tui.screens.migration import MigrationScreen

        if self._back_to(lambda screen: isinstance(screen, MigrationScreen)) is None:
            self._show(MigrationScreen(resolvers=self.resolvers))

    def open_action_menu(self, member_id: str, ticket: str | None = None, recommended=()) -> None:
        """Every action on the member, with whether it would run now; the chosen one opens."""
        from helpdesk_tui.screens.action_menu import ActionMenu

        if self.refused or self.store is None:
            return

        def chosen(action: str | None) -> None:
            if action:
                self.open_action(member_id, action, ticket)

        self.push_screen(ActionMenu(member_id, ticket, recommended), chosen)

    def open_action(self, member_id: str, action: str, ticket: str | None = None, *,
                    device: str | None = None) -> None:
        """One action's pane: consequences, the gate, its inputs, run (seed 003); a
        device action from the device screen starts on that ``device``."""
        from helpdesk_tui.screens.action_pane import ActionScreen

        self._show(ActionScreen(member_id, action, ticket, device=device))

    def open_device(self, member_id: str, device_id: str) -> None:
        """One device of the member: every detail, and its wipe / reset panes."""
        from helpdesk_tui.screens.device import DeviceScreen

        self._show(DeviceScreen(member_id, device_id))

    def open_bulk_request(self) -> None:
        """Ask many members at once to change their login information (seed 003)."""
        from helpdesk_tui.screens.bulk_request import BulkRequestScreen

        if self._back_to(lambda screen: isinstance(screen, BulkRequestScreen)) is None:
            self._show(BulkRequestScreen())

    def open_audit(self) -> None:
        """The audit log, narrowed to the member or ticket on screen when there is one."""
        from helpdesk_tui.screens.audit import AuditScreen

        member = getattr(self.screen, "member_id", None)
        ticket = getattr(self.screen, "ticket_id", None)
        self._show(AuditScreen(member=member, ticket=ticket))

    def open_export_blocked(self) -> None:
        """Write the blocked-member list (seed 003) to a CSV or .xlsx file."""
        from helpdesk_tui.screens.export_blocked import ExportBlockedModal

        if not self.refused and self.store is not None:
            self.push_screen(ExportBlockedModal())
