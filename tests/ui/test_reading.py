"""What the operator reads (issue 14 items 11, 12, 14, 17): Japanese line breaks, cut
cells, phone numbers, the triage title, the demo's first screen."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from helpdesk_tui.i18n import t
from helpdesk_tui.phone import masked, national
from helpdesk_tui.text.linebreak import NO_START, Phrased
from helpdesk_tui.widgets.fact_list import render_facts
from helpdesk_tui.widgets.safe import cell
from rich.text import Text
from ui_helpers import edge, screen_text, wait_for, wait_member_view, wait_ready

SENTENCES = [
    t("domain-screen.record-wait", lang="ja"),  # 「最大で 24 時間」
    "連続したログイン失敗により、アカウントが「一時停止 (ログイン失敗)」になっています。"
    "この状態では正しいID・パスワードでもログインできません。",
    t("actions.consequence.suspend", lang="ja"),
]


def rendered(renderable, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize("width", range(24, 79, 3))
@pytest.mark.parametrize("sentence", SENTENCES)
def test_japanese_breaks_between_phrases_with_kinsoku(sentence, width):
    lines = rendered(render_facts([("Result", Text(sentence))], 16), width + 17)  # ASCII label: 1 char = 1 cell
    values = [line[17:].strip() if len(line) > 17 else "" for line in lines]
    values = [v for v in values if v]
    assert "".join(values).replace(" ", "") == sentence.replace(" ", "")  # nothing lost
    for value in values:
        assert value[0] not in NO_START, (width, values)  # no line begins with 「。」
        assert not value.endswith("「")
    joined = "\n".join(values)
    if "最大で 24 時間" in sentence:
        assert "最大で 24 時間" in joined or "最大で24時間" in joined.replace(" ", ""), values
        assert not re.search(r"最大で\s*\n|\n\s*24 時間", joined), values
    quoted = "「一時停止 (ログイン失敗)」"
    if quoted in sentence and width >= cell_len(quoted):
        assert any(quoted in value for value in values), values  # a short quoted name whole


def test_breaks_fall_between_phrases_not_inside_words():
    # Rich folds a Japanese run anywhere (「ログイン / できません」); BudouX phrases don't.
    lines = rendered(Phrased(SENTENCES[1]), 40)
    assert all(not line.startswith(("きません", "グイン", "ン")) for line in lines), lines
    assert lines[0] == "連続したログイン失敗により、アカウントが"


def test_a_cut_cell_has_no_space_before_the_ellipsis():
    grid = Table.grid()
    grid.add_column(width=8)
    grid.add_row(cell("経営企画部"))  # 10 cells into 8: the wide 画 does not fit
    grid.add_row(cell("edge-suspicious@sample.co.jp"))
    assert rendered(grid, 20) == ["経営企…", "edge-su…"]


@pytest.mark.parametrize("raw, shown, hidden", [
    ("08038716215", "080-3871-6215", "080-****-6215"),
    ("+818038716215", "080-3871-6215", "080-****-6215"),
    ("080-3871-6215", "080-3871-6215", "080-****-6215"),
    ("03-1234-5678", "03-1234-5678", "03-1***-5678"),
    ("+12015550123", "+1 201-555-0123", "+1 20*-***-0123"),
])
def test_one_way_to_show_a_number_and_one_rule_to_mask_it(raw, shown, hidden):
    assert national(raw) == shown
    assert masked(raw) == hidden


async def test_member_screen_shows_numbers_in_national_format(make_app, members):
    app = make_app("ja")
    async with app.run_test(size=(80, 40)) as pilot:
        await wait_ready(pilot)
        app.open_member(edge("locked"))
        await wait_member_view(pilot, edge("locked"))
        text = screen_text(app)
    assert members[edge("locked")]["recovery_mobile"] == "08038716215"
    assert "080-3871-6215" in text
    assert "08038716215" not in text and "+818038716215" not in text


async def test_demo_first_screen_lists_people_not_escape_sequences(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: "members" in screen_text(app))
        rows = screen_text(app).splitlines()[6:-1]
    assert rows and not any(mark in row for row in rows for mark in ("␛", "␇", "[/]", "[bold]")), rows


async def test_triage_title_keeps_the_member_name_at_80_columns(make_app, store_copy, members):
    from helpdesk_tui.store import Store
    from helpdesk_tui.tickets import open_ticket

    from screen_tour import OPERATOR

    ticket = open_ticket(Store.open(store_copy), OPERATOR, edge("locked"), "account-compromised")["id"]
    app = make_app("ja", store_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        app.open_triage(ticket)
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TriageScreen")
        await pilot.pause(0.3)
        title = screen_text(app).splitlines()[0]
    assert members[edge("locked")]["name"] in title, title
