"""Property-based tests (Hypothesis): generated hostile input for the output sanitiser,
the import validator, the ``Received:`` parser and the search query normaliser.

No timing here: the parser's time bound lives in bench/received_bench.py."""

from __future__ import annotations

import copy
import json
import string
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk_tui.importexport import validate
from helpdesk_tui.mail.hops import words
from helpdesk_tui.mail.received import find_server_ip
from helpdesk_tui.members.access import parse_time
from helpdesk_tui.safe_text import json_text, visible
from helpdesk_tui.search import MemberIndex
from helpdesk_tui.search.normalize import fold

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "import" / "valid.json").read_text("utf-8"))

# Every character a terminal could act on, and the ones that disguise text.
DANGEROUS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                              0x200E, 0x200F, 0x061C]}
# Any code point, lone surrogates included (an undecodable argv byte arrives as one).
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=60)
TEXT_WITH_CONTROLS = st.text(st.one_of(st.sampled_from(sorted(DANGEROUS)), st.characters()), max_size=60)


# --------------------------------------------------------------------------- sanitiser

@SETTINGS
@given(st.one_of(ANY_TEXT, TEXT_WITH_CONTROLS))
def test_visible_text_holds_no_control_and_always_prints(text):
    shown = visible(text)
    assert not DANGEROUS & set(shown)
    shown.encode("utf-8")  # no lone surrogate: printing can never raise UnicodeEncodeError
    assert visible(shown) == shown  # what is shown is already safe


@SETTINGS
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), TEXT_WITH_CONTROLS, ANY_TEXT),
                    lambda inner: st.one_of(st.lists(inner, max_size=4),
                                            st.dictionaries(ANY_TEXT, inner, max_size=4)),
                    max_leaves=12))
def test_json_output_is_lossless_and_carries_no_raw_control(value):
    for indent in (None, 2):
        text = json_text(value, indent=indent)
        assert json.loads(text) == value
        assert not (DANGEROUS - {"\n"}) & set(text)
        assert "\n" not in text if indent is None else True
        text.encode("utf-8")


# --------------------------------------------------------------------------- import validator

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), ANY_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(ANY_TEXT, inner, max_size=3)),
    max_leaves=10)


@SETTINGS
@given(JSON_VALUES)
def test_the_validator_never_raises_on_any_json_document(doc):
    problems = validate(doc)
    if not isinstance(doc, dict):
        assert problems
    assert all(isinstance(p.path, str) and p.message for p in problems)


FIELDS = [("members", "name"), ("members", "status"), ("members", "password_changed_at"),
          ("members", "recovery_mobile"), ("members", "recovery_email"), ("devices", "device_id"),
          ("sessions", "started_at"), ("sessions", "ip"), ("tenant", "name")]


@SETTINGS
@given(st.sampled_from(FIELDS), JSON_VALUES)
def test_one_hostile_field_in_a_valid_document_is_named_or_accepted(where, value):
    doc = copy.deepcopy(VALID)
    section, key = where
    (doc[section] if section == "tenant" else doc[section][0])[key] = value
    problems = validate(doc)
    assert all(p.message for p in problems)
    assert not problems or any(key in p.path or section in p.path for p in problems)


OFFSETS = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


@SETTINGS
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)), OFFSETS)
def test_every_time_the_import_accepts_is_one_readers_can_compute_with(moment, offset):
    value = moment.replace(tzinfo=offset, microsecond=0).isoformat()
    doc = copy.deepcopy(VALID)
    doc["members"][0]["password_changed_at"] = value
    accepted = not [p for p in validate(doc) if "password_changed_at" in p.path]
    parsed = parse_time(value)
    assert accepted == (parsed is not None)
    if parsed is not None:  # what the security view and triage do with it
        for zone in (timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))):
            (parsed + timedelta(days=60)).astimezone(zone)
            (parsed - timedelta(days=60)).astimezone(zone)


# --------------------------------------------------------------------------- Received: parser

def reference_words(value: str) -> list[str]:
    """The obvious character-by-character reading (the former, quadratic implementation):
    the oracle for the linear one."""
    found, current, depth = [], "", 0
    for char in value:
        if char == "(":
            if depth == 0 and current:
                found.append(current)
                current = ""
            depth += 1
            current += char
        elif char == ")" and depth:
            depth -= 1
            current += char
            if depth == 0:
                found.append(current)
                current = ""
        elif depth == 0 and (char.isspace() or char == ";"):
            if current:
                found.append(current)
                current = ""
            if char == ";":
                return found
        else:
            current += char
    if current:
        found.append(current)
    return found


HEADER_TEXT = st.lists(st.one_of(st.sampled_from(list("()[]; \t\n:=.,<>") + ["from ", "by ", "Received: ", "IPv6:"]),
                                 st.characters()), max_size=40).map("".join)


@SETTINGS
@given(st.one_of(HEADER_TEXT, ANY_TEXT))
def test_the_linear_word_split_reads_exactly_as_the_obvious_one(value):
    assert words(value) == reference_words(value)


OCTET = st.integers(0, 255)
ADDRESS = st.tuples(OCTET, OCTET, OCTET, OCTET).map(lambda o: ".".join(map(str, o)))


@SETTINGS
@given(st.lists(ADDRESS, min_size=1, max_size=30), HEADER_TEXT, st.sampled_from(["\n", "\r\n"]))
def test_every_address_of_a_hop_is_read_in_order_whatever_surrounds_it(addresses, noise, newline):
    flat = " ".join(noise.splitlines())
    text = newline.join([f"Received: from relay.example.jp ({' '.join(f'[{a}]' for a in addresses)}) "
                         f"by mx.example.co.jp; Fri, 20 Nov 2026 10:00:00 +0900", f"X-Noise: {flat}", "", noise])
    result = find_server_ip(text)
    [hop] = result.hops  # the body after the blank line is never read as hops
    assert list(hop.from_ips) == list(dict.fromkeys(addresses))
    if result.ip is not None:
        assert result.ip in hop.from_ips + hop.by_ips


@SETTINGS
@given(st.one_of(HEADER_TEXT, ANY_TEXT))
def test_the_parser_never_raises_on_any_text(text):
    result = find_server_ip(text)
    result.reason("en")
    json_text(result.to_json())


# --------------------------------------------------------------------------- search normaliser

KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
NAME_CHARS = st.sampled_from(list(string.ascii_letters + KANA + "田中山佐藤鈴木高橋渡辺") + [" ", "\u3000"])


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@SETTINGS
@given(st.text(NAME_CHARS, max_size=30))
def test_katakana_full_width_case_and_spaces_fold_to_the_same_key(name):
    key = fold(name)
    assert fold(to_katakana(name)) == key
    assert fold(to_full_width(name)) == key
    assert fold(name.upper()) == key and fold(name.swapcase()) == key
    assert " " not in key and "\u3000" not in key
    assert fold(key) == key


@SETTINGS
@given(st.text(NAME_CHARS, min_size=2, max_size=20).filter(lambda s: s.strip()), st.data())
def test_a_query_that_is_part_of_a_name_finds_that_member(name, data):
    start = data.draw(st.integers(0, len(name) - 1))
    end = data.draw(st.integers(start + 1, len(name)))
    query = name[start:end]
    if not query.strip():
        return
    member = {"id": "m-target@example.jp", "name": name, "kana": "", "email": "", "status": "active"}
    others = [{"id": f"m{i}@example.jp", "name": "別人", "kana": "", "email": "", "status": "active"}
              for i in range(3)]
    index = MemberIndex.build([*others, member])
    for typed in (query, to_katakana(query), to_full_width(query)):
        found = [row["id"] for row in index.search(typed).rows]
        assert member["id"] in found, (typed, name)
