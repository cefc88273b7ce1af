"""Every screen at 80×24 (issue 14 items 9 and 10), each reached as an operator would
(screen_tour.STOPS):

- the footer shows whole keys only, never one cut at the right edge ("^l 日本"); the
  screen's own keys come before the global ones, and "?" (which lists the rest) is there;
- a Japanese screen shows no English but data and proper names: every ASCII word on it
  must be a word of the tenant's data, a proper name or key name (ALLOWED), else it is
  an untranslated label.
"""

from __future__ import annotations

import re
import shutil

import pytest

from helpdesk_tui import clock
from screen_tour import OPERATOR, stops, tour_store, visit
from ui_helpers import NOW, screen_text, wait_for

STOP_NAMES = list(stops({"queued": "", "worked": ""}))

# Proper names, product and protocol names, units and key names a Japanese screen uses.
ALLOWED = {
    "line", "works", "tinydb", "id", "ip", "sms", "mdm", "dns", "os", "pc", "jst", "utc",
    "ios", "ipados", "android", "windows", "macos", "firefox", "chrome", "safari", "edge",
    "mx", "txt", "spf", "dkim", "dmarc", "url", "csv", "xlsx", "excel", "m2m", "english",
    "esc", "tab", "enter", "ctrl", "backspace", "shift", "ok", "tinydb", "helpdesk-tui",
    "received", "owS",
}
ALLOWED = {word.lower() for word in ALLOWED}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.'][A-Za-z0-9]+)*")


# Codes, not data: shown on screen only through their labels ("trial" → 無料トライアル);
# access environments' "app" / "browser" are worded on screen too.
CODE_FIELDS = ("environment", "status", "plan", "role", "symptom", "channel", "priority", "cause")


def data_words(value, skip=CODE_FIELDS) -> set[str]:
    """Every ASCII word of the tenant's data (names, ids, models, notes…), lower case."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                found |= data_words(item, skip)
    elif isinstance(value, list):
        for item in value:
            found |= data_words(item, skip)
    elif isinstance(value, str):
        found |= {w.lower() for w in WORD.findall(value)}
        for word in WORD.findall(value):  # "edge-locked@sample.co.jp" → its parts too
            found |= {part.lower() for part in re.split(r"[-_.]", word) if part}
    return found


def english_on(text: str, known: set[str]) -> list[str]:
    """ASCII words of ``text`` that are neither data nor allowed (a word cut by "…" is
    data when a data word starts with it)."""
    stray = []
    for match in WORD.finditer(text):
        word = match.group().lower()
        parts = [p for p in re.split(r"[-_.']", word) if p]
        if word in known or word in ALLOWED or all(p in known or p in ALLOWED or p.isdigit() for p in parts):
            continue
        if text[match.end():match.end() + 1] == "…" and any(k.startswith(word) for k in known):
            continue
        if all(char in known for char in word):
            continue  # a run of one-letter keys shown together ("aopmc": the queue filters)
        if re.search(r"\.(xlsx|csv|json)$", word):
            continue  # a file name (the export's default path): a name, not a label
        if re.fullmatch(r"[a-z]\d*|\d+[a-z]*|[a-f0-9]{6,}|t-\d+", word):
            continue  # single key letters (a, f, v), numbers with units, hashes, ticket ids
        stray.append(match.group())
    return stray


@pytest.fixture(scope="module")
def tour(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("tour") / "store"
    shutil.copytree(demo[0], path)
    tickets = tour_store(path, OPERATOR)
    from helpdesk_tui.store import Store

    store = Store.open(path)
    known = data_words(demo[1]) | data_words(store.list_operators())
    known |= data_words(list(store.iter_tickets()))
    known |= {OPERATOR["username"].lower()}
    return path, tickets, known


def key_names(app) -> set[str]:
    """The keys the footer shows ("aopmc", "^l"): key names, not words."""
    from textual.widgets._footer import FooterKey

    return {key.key_display.lower() for key in app.screen.query(FooterKey)}


def footer_laid_out(app) -> bool:
    from textual.widgets._footer import FooterKey

    keys = [key for key in app.screen.query(FooterKey) if key.display and key.parent.display]
    return all(key.region.width for key in keys)


def footer_problems(app) -> list[str]:
    from textual.widgets._footer import FooterKey

    from helpdesk_tui.widgets.key_footer import KeyFooter

    problems = []
    for footer in app.screen.query(KeyFooter):
        right = footer.region.right
        keys = [key for key in footer.query(FooterKey) if key.display and key.parent.display]
        for key in keys:
            if key.region.right > right or key.region.width == 0:
                problems.append(f"cut: {key.key_display} {key.description}")
        line = screen_text(app).splitlines()[-1]
        for key in keys:
            if key.description and f"{key.key_display} {key.description}" not in line:
                problems.append(f"not whole on the line: {key.key_display} {key.description}")
        left_out = [key for key in footer.query(FooterKey) if key not in keys]
        actions = [key.action for key in keys]
        if left_out and "show_keys" not in actions:  # "?" lists the keys left out
            problems.append("keys left out, and no ? to list them")
    return problems


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("stop", STOP_NAMES)
async def test_every_screen_fits_80_columns_and_japanese_has_no_english(make_app, tour, stop, lang):
    path, tickets, known = tour
    app = make_app(lang, path)
    with clock.pinned(NOW):
        context, pilot = await visit(app, stops(tickets)[stop])
        try:
            try:  # a footer recomposed (bindings changed) is fitted on the next refresh
                await wait_for(pilot, lambda: footer_laid_out(app) and not footer_problems(app), 3)
            except AssertionError:
                pass
            assert footer_problems(app) == []
            if lang == "ja":
                text = screen_text(app)
                assert english_on(text, known | key_names(app)) == [], text
        finally:
            await context.__aexit__(None, None, None)
