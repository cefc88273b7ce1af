"""The footer, in the operator's language.

Binding descriptions (and binding-group descriptions) are catalogue keys
(``key.back``); Textual's Footer would show the key itself, so this footer translates
each through ``app.t`` when it (re)composes. A language switch only needs
``screen.refresh_bindings()``.
"""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup


def translate(app, description: str) -> str:
    """``app.t(description)`` when the app has a catalogue; else the text unchanged."""
    translate_key = getattr(app, "t", None)
    return translate_key(description) if translate_key and description else description


class KeyFooter(Footer):
    """Footer listing the active bindings with translated descriptions."""

    DEFAULT_CSS = """
    KeyFooter {
        background: $footer-background;
    }
    KeyFooter.-compact FooterLabel.-group {
        margin: 0 1 0 0;
    }
    /* First, not docked right: on a narrow terminal the screen's keys run off the right
       edge and are cut cleanly, instead of sliding under a docked key (which garbled a
       wide Japanese character at the seam). "?" lists every key anyway. */
    KeyFooter FooterKey.-command-palette {
        dock: none;
        border-left: none;
        border-right: vkey $foreground 20%;
        padding-right: 0;
        margin-right: 1;
    }
    """

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        app = self.app
        active = self.screen.active_bindings
        palette = active.get(app.COMMAND_PALETTE_BINDING) if self.show_command_palette else None
        seen: set[str] = set()
        shown = []
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            if palette is not None and binding is palette.binding:
                continue
            seen.add(binding.action)
            shown.append((binding, enabled, tooltip))
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            yield FooterKey(
                palette.binding.key,
                app.get_key_display(palette.binding),
                translate(app, palette.binding.description),
                palette.binding.action,
                classes="-command-palette",
                disabled=not palette.enabled,
            )
        for group, members in groupby(shown, lambda item: item[0].group):
            members = list(members)
            if group is not None and len(members) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for binding, enabled, tooltip in members:
                        yield FooterKey(
                            binding.key,
                            app.get_key_display(binding),
                            "",
                            binding.action,
                            disabled=not enabled,
                            tooltip=tooltip or translate(app, binding.description),
                            classes="-grouped",
                        ).data_bind(compact=Footer.compact)
                yield FooterLabel(translate(app, group.description), classes="-group")
                continue
            for binding, enabled, tooltip in members:
                yield FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    translate(app, binding.description),
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                ).data_bind(compact=Footer.compact)
