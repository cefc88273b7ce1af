"""The label catalogue: both languages complete, every glossary id labelled, no Textual."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpdesk_tui import glossary, phone
from helpdesk_tui.i18n import Catalogue, catalogue, detect_lang, format_datetime, t

GROUPS = {
    "status": glossary.MEMBER_STATUSES,
    "status-short": glossary.MEMBER_STATUSES,
    "status-help": glossary.MEMBER_STATUSES,
    "symptom": glossary.SYMPTOMS,
    "cause": glossary.CAUSES,
    "action": glossary.ACTIONS,
    "role": glossary.ROLES,
    "channel": glossary.CHANNELS,
    "verification": glossary.VERIFICATION_METHODS,
    "phone.kind": tuple(v for k, v in vars(phone).items() if k.startswith("KIND_")),
    "phone.problem": tuple(v for k, v in vars(phone).items() if k.startswith("PROBLEM_")),
}


def test_both_languages_have_the_same_keys_and_placeholders():
    ja, en = catalogue("ja"), catalogue("en")
    assert ja.keys() == en.keys()
    for key in ja.keys():
        assert set(re.findall(r"{(\w+)}", ja.t(key))) == set(re.findall(r"{(\w+)}", en.t(key))), key


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_glossary_id_has_a_label(group):
    for lang in ("ja", "en"):
        labels = catalogue(lang)
        for ident in GROUPS[group]:
            assert f"{group}.{ident}" in labels, (lang, group, ident)


def test_japanese_labels_follow_the_seed_wording():
    assert t("status.suspended-login-failure", lang="ja") == "一時停止 (ログイン失敗)"
    assert t("status.suspended-admin", lang="ja") == "一時停止 (管理者設定)"
    assert t("flag.app-access-blocked", lang="ja") == "アクセスブロック中"
    assert t("security.password-change-requested", lang="ja") == "管理者がパスワードの変更を要請"
    assert t("line.linked", lang="ja") == "LINEでログイン中"


def test_placeholders_and_fallbacks():
    assert t("operator.unknown", lang="en", name="bob") == "unknown operator bob: ask an admin to add you"
    assert t("no.such.key", lang="ja") == "no.such.key"
    assert catalogue("en").t("search.ready") == "{count} members. Type to search."  # unfilled stays visible
    with pytest.raises(ValueError):
        Catalogue("fr")


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANG": "C", "LC_MESSAGES": "ja_JP.eucJP"}, "ja"),
    ({"LC_ALL": "ja"}, "ja"),
    ({}, "en"),
])
def test_detect_lang(environ, lang):
    assert detect_lang(environ) == lang


def test_format_datetime_is_in_the_tenant_zone():
    # The tenant's zone (Asia/Tokyo by default), whatever offset the record was written in;
    # the host here runs in Tokyo too (conftest), so no zone label.
    assert format_datetime("2026-11-20T01:00:00+00:00", "en") == "2026-11-20 10:00"
    assert format_datetime("2026-11-20T01:00:00+00:00", "en", always_zone=True) == "2026-11-20 10:00 JST"
    assert format_datetime(None, "ja") == "—"


def test_no_english_label_says_a_before_a_vowel_sound():
    # "a IP phone": every phone kind filled into every English label that takes one.
    from helpdesk_tui import phone as phones

    en = catalogue("en")
    kinds = [en.t(f"phone.kind.{kind}") for kind in GROUPS["phone.kind"]]
    for key in en.keys():
        if "{kind}" not in en.t(key):
            continue
        for kind in kinds:
            text = en.t(key, kind=kind)
            assert not re.search(r"\ba (?=[AEIOaeio]|IP\b|M2M\b|SMS\b)", text), (key, text)
    assert phones.KIND_IP_PHONE in GROUPS["phone.kind"]


def test_pane_keys_in_keys_help_are_named_as_their_tabs():
    for lang in ("ja", "en"):
        cat = catalogue(lang)
        for pane in ("summary", "history", "devices", "login"):
            assert cat.t(f"key.tab-{pane}") == cat.t(f"tab.{pane}"), (lang, pane)


def test_i18n_does_not_import_textual():
    code = "import helpdesk_tui.i18n, sys; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_security_view_labels_fit_their_column_in_both_languages():
    # A label wider than the label column wraps mid-word (「外部サービスを使 / 用した…」).
    from rich.cells import cell_len

    from helpdesk_tui.widgets.fact_list import LABEL_WIDTH

    for lang in ("ja", "en"):
        cat = catalogue(lang)
        too_wide = {key: cat.t(key) for key in cat.keys()
                    if key.startswith("field.") and cell_len(cat.t(key)) > LABEL_WIDTH}
        assert too_wide == {}, lang
