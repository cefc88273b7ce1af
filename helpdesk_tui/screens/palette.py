"""Command palette (``ctrl+p``): every action of the console, plus "open member …" and
"open ticket …" (a ticket id in any short form: ``T-000005``, ``T-5``, ``5``).

Command names and help come from the catalogue. Members found by the search index are
offered as "open member" hits; their names go into the palette as literal ``Text``
(the palette parses plain strings as markup).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from helpdesk_tui.safe_text import visible

if TYPE_CHECKING:
    from helpdesk_tui.app import HelpdeskApp

MEMBER_HITS = 8
# "open tanaka" / 「開く 田中」: the verb is not part of the member query.
OPEN_VERBS = {"open", "開く", "ひらく"}


class HelpdeskCommands(Provider):
    """Console actions and members, in the operator's language."""

    @property
    def helpdesk(self) -> HelpdeskApp:
        return cast("HelpdeskApp", self.app)

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.helpdesk
        t = app.t
        commands = [
            (t("palette.search"), t("palette.search.help"), app.action_focus_search),
            (t("palette.open-member-prompt"), t("palette.open-member-prompt.help"),
             app.action_focus_search),
            (t("palette.queue"), t("palette.queue.help"), app.open_queue),
            (t("palette.toggle-language"), t("palette.toggle-language.help"), app.action_toggle_language),
            (t("palette.show-keys"), t("palette.show-keys.help"), app.action_show_keys),
        ]
        member_id = getattr(self.screen, "member_id", None)
        if member_id and type(self.screen).__name__ == "MemberScreen":
            commands.append((t("palette.new-ticket"), t("palette.new-ticket.help"),
                             partial(app.start_intake, member_id)))
        commands += self._screen_commands()
        # Less frequent, tenant-wide work comes after what the screen offers.
        commands += [
            (t("palette.domains"), t("palette.domains.help"), app.open_domains),
            (t("palette.migration"), t("palette.migration.help"), app.open_migration),
            (t("palette.bulk-request"), t("palette.bulk-request.help"), app.open_bulk_request),
            (t("palette.export-blocked"), t("palette.export-blocked.help"), app.open_export_blocked),
            (t("palette.audit"), t("palette.audit.help"), app.open_audit),
        ]
        if (app.operator or {}).get("role") == "admin":  # re-read: a demoted admin loses it at once
            from helpdesk_tui.screens.operators import open_operators

            commands.append((t("operators.palette"), t("operators.palette.help"), partial(open_operators, app)))
        if not app.on_search_screen(self.screen):  # the screen the palette was opened over
            commands.append((t("palette.back"), t("palette.back.help"), app.action_back))
        commands.append((t("palette.quit"), t("palette.quit.help"), app.action_quit))
        return commands

    def _screen_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The keys of the screen under the palette, as commands (so the palette reaches
        every action): those the screen allows now, named by their long label."""
        from textual.actions import parse

        screen, app = self.screen, self.helpdesk
        found = []
        for binding in getattr(type(screen), "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description or binding.action == "back":
                continue
            if binding.key.isdigit():  # numbered choices are answered by their key
                continue
            _, name, params = parse(binding.action)
            if not screen.check_action(name, params):
                continue
            long_key = binding.description + ".long"
            label = app.t(long_key) if long_key in app.catalogue else app.t(binding.description)
            found.append((label, f"{binding.key}: {app.t(binding.description)}",
                          partial(screen.run_action, binding.action)))
        return found

    async def discover(self) -> Hits:
        if self.helpdesk.refused:
            return
        for name, help_text, command in self._commands():
            yield DiscoveryHit(Text(name), command, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        app = self.helpdesk
        if app.refused:
            return
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(name)), command, text=name, help=escape(help_text))
        ticket = self._ticket(query)
        if ticket is not None:
            symptom = app.t(f"symptom.{ticket['symptom']}")
            prompt = Text(app.t("console.palette.open-ticket", id=ticket["id"], symptom=symptom,
                                status=app.t(f"ticket.status.{ticket['status']}")))
            yield Hit(1.0, prompt, partial(app.open_ticket, ticket["id"]), text=prompt.plain,
                      help=escape(visible(ticket.get("member_id"), max_length=60)))
        for score, record in self._members(query):
            label = visible(record.get("name"), max_length=40)
            member_id = visible(record.get("id"), max_length=60)
            prompt = Text(app.t("palette.open-member", label=f"{label} <{member_id}>"))
            yield Hit(
                score,
                prompt,
                partial(app.open_member, str(record.get("id"))),
                text=prompt.plain,
                help=escape(app.t("palette.open-member.help")),
            )

    def _ticket(self, query: str) -> dict | None:
        """The ticket named by ``query`` (an id in any short form), if there is one."""
        from helpdesk_tui.tickets.model import TICKET_PREFIX, normalise_ticket_id

        words = query.split(maxsplit=1)
        if len(words) == 2 and words[0].casefold() in OPEN_VERBS:
            query = words[1]
        wanted = normalise_ticket_id(query)
        store = self.helpdesk.store
        if store is None or not (wanted.startswith(TICKET_PREFIX) and wanted[len(TICKET_PREFIX):].isdigit()):
            return None
        try:
            return store.get_ticket(wanted)
        except Exception:  # a damaged ticket file: no hit (the ticket screen says why)
            return None

    def _members(self, query: str) -> list[tuple[float, dict]]:
        """Members matching ``query``: an exact id or e-mail first, then search hits."""
        index = self.helpdesk.index
        words = query.split(maxsplit=1)
        if len(words) == 2 and words[0].casefold() in OPEN_VERBS:
            query = words[1]
        query = query.strip()
        if index is None or len(query) < 2:
            return []
        found: list[tuple[float, dict]] = []
        exact = index.get(query)
        if exact is not None:
            found.append((1.0, exact))
        for record in index.search(query, limit=MEMBER_HITS).rows:
            if exact is None or record.get("id") != exact.get("id"):
                found.append((0.6, record))
        return found[:MEMBER_HITS]
