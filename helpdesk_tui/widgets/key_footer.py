"""The footer, in the operator's language.

Binding descriptions (and binding-group descriptions) are catalogue keys
(``key.back``); Textual's Footer would show the key itself, so this footer translates
each through ``app.t`` when it (re)composes. A language switch only needs
``screen.refresh_bindings()``.

At 80 columns not every key fits: the footer shows the screen's own keys first, then the
app's with "?" leading them, and leaves out whole keys that do not fit (measured once
laid out, again on a resize) — never one cut in half at the edge. "?" lists them all.
"""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup


def translate(app, description: str) -> str:
    """``app.t(description)`` when the app has a catalogue; else the text unchanged."""
    translate_key = getattr(app, "t", None)
    return translate_key(description) if translate_key and description else description


class KeyFooter(Footer):
    """Footer listing the active bindings with translated descriptions."""

    class Fitted(Message):
        """The keys are laid out and fitted: the screen is complete (start-up waits for it)."""

    DEFAULT_CSS = """
    KeyFooter {
        background: $footer-background;
    }
    KeyFooter.-compact FooterLabel.-group {
        margin: 0 1 0 0;
    }
    /* First, not docked right: a docked key would slide over the others and garble a
       wide Japanese character at the seam. */
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
        screen_keys, app_keys = [], []
        for node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            if palette is not None and binding is palette.binding:
                continue
            seen.add(binding.action)
            # The screen's own keys first; the app's (language, queue, quit…) after them,
            # "?" leading those: it lists every key that does not fit (issue 14 item 9).
            (app_keys if node is app else screen_keys).append((binding, enabled, tooltip))
        app_keys.sort(key=lambda item: item[0].action != "show_keys")
        self._units: list[list] = []
        self._fit_tries = 0
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            key = FooterKey(
                palette.binding.key,
                app.get_key_display(palette.binding),
                translate(app, palette.binding.description),
                palette.binding.action,
                classes="-command-palette",
                disabled=not palette.enabled,
            )
            self._units.append([key])
            yield key
        for keys in (screen_keys, app_keys):
            for group, members in groupby(keys, lambda item: item[0].group):
                members = list(members)
                if group is not None and len(members) > 1:
                    box = KeyGroup(classes="-compact" if group.compact else "")
                    with box:
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
                    caption = FooterLabel(translate(app, group.description), classes="-group")
                    self._units.append([box, caption])
                    yield caption
                    continue
                for binding, enabled, tooltip in members:
                    key = FooterKey(
                        binding.key,
                        app.get_key_display(binding),
                        translate(app, binding.description),
                        binding.action,
                        disabled=not enabled,
                        tooltip=tooltip,
                    ).data_bind(compact=Footer.compact)
                    if binding.action == "show_keys":
                        key.add_class("-show-keys")
                    self._units.append([key])
                    yield key
        self.call_after_refresh(self.fit_width)

    def on_resize(self, event) -> None:
        if getattr(self, "_fitted_width", None) not in (None, event.size.width):
            self.recompose()  # every key back, then fit_width again for the new width

    def fit_width(self) -> None:
        """Show whole keys only: a key that does not fit in the width is left out entirely
        (never cut at the edge: "^l 日本"), the screen's own keys first, and "?" always,
        since it lists the keys left out."""
        units = getattr(self, "_units", [])
        if not units or not self.is_attached or any(not w.is_attached for u in units for w in u):
            return
        waiting = not self.size.width or any(not unit[0].region.width for unit in units if unit[0].display)
        if waiting and self._fit_tries < 20:
            self._fit_tries += 1
            self.call_after_refresh(self.fit_width)  # not laid out yet: measure next frame
            return
        self._fit_tries = 0
        self._fitted_width = self.size.width
        left = self.region.x
        starts = [unit[0].region.x - unit[0].styles.margin.left - left for unit in units]
        last = units[-1][-1]
        end = last.region.right + last.styles.margin.right - left
        widths = [after - before for before, after in zip(starts, [*starts[1:], end])]
        help_width = next((w for unit, w in zip(units, widths) if unit[0].has_class("-show-keys")), 0)
        budget = self.size.width - help_width
        for unit, width in zip(units, widths):
            is_help = unit[0].has_class("-show-keys")
            fits = is_help or width <= budget
            if fits and not is_help:
                budget -= width
            for widget in unit:
                widget.display = fits
        self.post_message(self.Fitted())
