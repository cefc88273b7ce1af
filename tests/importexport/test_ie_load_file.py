"""load_file(): a clear error for every way a file can fail to be a JSON document."""

from __future__ import annotations

import os

import pytest

from helpdesk_tui.importexport import ImportFileError, load_file, validate


def _error(path) -> str:
    with pytest.raises(ImportFileError) as raised:
        load_file(path)
    assert str(path) in str(raised.value)
    return raised.value.message


def test_a_valid_file_loads(fixtures_dir, valid_doc):
    assert load_file(fixtures_dir / "valid.json") == valid_doc
    assert load_file(str(fixtures_dir / "valid.json")) == valid_doc


def test_a_utf8_bom_is_accepted(fixtures_dir, minimal_doc):
    assert load_file(fixtures_dir / "with_bom.json") == minimal_doc


def test_missing_file(tmp_path):
    assert _error(tmp_path / "nope.json") == "no such file"


def test_a_directory(tmp_path):
    assert "directory" in _error(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    assert _error(path) == "permission denied"


def test_shift_jis_is_not_utf8_and_says_where(fixtures_dir):
    message = _error(fixtures_dir / "shift_jis.json")
    assert message.startswith("not UTF-8 text")
    assert "line 2, column" in message and "save the file as UTF-8" in message


def test_invalid_json_names_line_and_column(fixtures_dir):
    message = _error(fixtures_dir / "broken.json")
    assert message.startswith("not valid JSON")
    assert "line 3, column 30" in message


def test_a_key_twice_in_one_object_is_refused(fixtures_dir):
    assert "\"status\" appears twice" in _error(fixtures_dir / "duplicate_key.json")


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_file(tmp_path, text):
    path = tmp_path / "empty.json"
    path.write_text(text, encoding="utf-8")
    assert _error(path) == "the file is empty"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused(tmp_path, constant):
    path = tmp_path / "nan.json"
    path.write_text('{"tenant": {"password_policy": {"min_length": %s}}}' % constant, encoding="utf-8")
    assert constant.lstrip("-") in _error(path)


def test_a_json_value_that_is_not_an_object_loads_but_does_not_validate(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    doc = load_file(path)
    assert [(p.path, "one JSON object" in p.message) for p in validate(doc)] == [("(document)", True)]
