"""Every DNS finding has its label, message and fix in Japanese and English, from the
``dns.json`` fragments, and the fragments add no key the main catalogue has."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpdesk_tui.dns import Finding
from helpdesk_tui.glossary import DNS_FINDINGS
from helpdesk_tui.i18n import catalogue

I18N = Path(__file__).resolve().parents[2] / "helpdesk_tui" / "i18n"


def _fragment(lang: str) -> dict:
    return json.loads((I18N / lang / "dns.json").read_text(encoding="utf-8"))


def test_fragments_have_the_same_keys_and_placeholders_and_are_prefixed():
    ja, en = _fragment("ja"), _fragment("en")
    assert ja.keys() == en.keys()
    assert all(key.startswith("dns.") for key in ja)
    for key in ja:
        assert set(re.findall(r"{(\w+)}", ja[key])) == set(re.findall(r"{(\w+)}", en[key])), key
    for lang in ("ja", "en"):
        main = json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))
        assert not set(main) & set(_fragment(lang))


@pytest.mark.parametrize("finding_id", DNS_FINDINGS)
def test_every_finding_is_labelled_in_both_languages(finding_id):
    for lang in ("ja", "en"):
        labels = catalogue(lang)
        for part in ("finding", "message", "fix"):
            assert f"dns.{part}.{finding_id}" in labels, (lang, part, finding_id)
    finding = Finding(finding_id, "info", "example.jp")
    assert finding.title("ja") != finding.title("en")


def test_an_unknown_finding_id_or_severity_is_refused():
    with pytest.raises(ValueError):
        Finding("mx-broken", "error", "example.jp")
    with pytest.raises(ValueError):
        Finding("nxdomain", "fatal", "example.jp")
