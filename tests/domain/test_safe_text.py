"""Member data shows as typed, but control sequences are made visible, never executed."""

from __future__ import annotations

from helpdesk_tui.safe_text import has_controls, visible


def test_escape_sequences_and_controls_become_visible():
    shown = visible("\x1b[31mred\x1b[0m\x07\r\n\t")
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert shown.startswith("\u241b[31mred")  # ␛ stands in for ESC
    assert has_controls("a\x1bb") and not has_controls("田中 太郎")


def test_markup_is_left_as_text():
    assert visible("[bold]x[/]") == "[bold]x[/]"


def test_bidi_override_and_c1_are_visible():
    assert visible("abc\u202edef") == "abc<U+202E>def"
    assert visible("a\x9bb") == "a<U+009B>b"


def test_long_values_are_cut_with_an_ellipsis():
    assert visible("あ" * 300, max_length=10) == "あ" * 9 + "…"
    assert visible(None) == ""
