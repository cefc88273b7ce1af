"""Search as the operator types: every way a caller reads out a name, kana or number."""

from __future__ import annotations

import pytest

from helpdesk_tui.search import MemberIndex

MEMBERS = [
    {"id": "tanaka@sample.co.jp", "name": "田中 太郎", "kana": "たなか たろう",
     "email": "tanaka@sample.co.jp", "recovery_mobile": "090-1234-5678",
     "recovery_email": "taro.t@example.com"},
    {"id": "tanabe@sample.co.jp", "name": "田辺 花子", "kana": "たなべ はなこ",
     "email": "tanabe@sample.co.jp", "mobile": "０８０１１１１２２２２"},
    {"id": "smith@sample.co.jp", "name": "John Smith", "kana": "すみす じょん",
     "email": "smith@sample.co.jp", "phone": "03-1234-5678"},
    {"id": "hostile@sample.co.jp", "name": "[bold]x[/] \x1b[31mred", "kana": "",
     "email": "hostile@sample.co.jp"},
]


@pytest.fixture(scope="module")
def index() -> MemberIndex:
    return MemberIndex.build(MEMBERS)


def ids(index: MemberIndex, query: str, **kwargs) -> list[str]:
    return [row["id"] for row in index.search(query, **kwargs).rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("田中", ["tanaka@sample.co.jp"]),
        ("田中太郎", ["tanaka@sample.co.jp"]),  # typed without the space
        ("たなか", ["tanaka@sample.co.jp"]),
        ("タナカ", ["tanaka@sample.co.jp"]),  # katakana finds hiragana kana
        ("ﾀﾅｶ", ["tanaka@sample.co.jp"]),  # half-width katakana
        ("たな", ["tanaka@sample.co.jp", "tanabe@sample.co.jp"]),  # gojūon: か before べ
        ("JOHN smith", ["smith@sample.co.jp"]),
        ("ｓｍｉｔｈ", ["smith@sample.co.jp"]),  # full-width Latin
        ("taro.t@", ["tanaka@sample.co.jp"]),  # personal e-mail
        ("09012345678", ["tanaka@sample.co.jp"]),
        ("090-1234-5678", ["tanaka@sample.co.jp"]),
        ("090 1234 5678", ["tanaka@sample.co.jp"]),
        ("０９０－１２３４", ["tanaka@sample.co.jp"]),
        ("+81 90-1234-5678", ["tanaka@sample.co.jp"]),
        ("+818011112222", ["tanabe@sample.co.jp"]),  # stored with full-width digits
        ("(03) 1234", ["smith@sample.co.jp"]),
        ("[bold]", ["hostile@sample.co.jp"]),  # markup is just text to search
        ("nobody", []),
    ],
)
def test_finds_member(index, query, expected):
    assert ids(index, query) == expected


def test_exact_id_comes_first(index):
    assert ids(index, "smith@sample.co.jp")[0] == "smith@sample.co.jp"


def test_empty_query_lists_everyone_in_kana_order(index):
    result = index.search("")
    assert result.total == 4 and not result.truncated
    assert [row["id"] for row in result.rows][:3] == [
        "hostile@sample.co.jp",  # no kana: sorts by name fold, which starts with "["
        "smith@sample.co.jp",
        "tanaka@sample.co.jp",
    ]


def test_many_matches_are_cut_at_the_limit_and_say_so():
    people = [{"id": f"user{n:05d}@x.jp", "name": f"User {n}", "kana": "ゆーざー"}
              for n in range(500)]
    result = MemberIndex.build(people).search("user", limit=50)
    assert len(result.rows) == 50 and result.truncated


def test_a_match_never_spans_two_members():
    people = [{"id": "a@x.jp", "name": "abc"}, {"id": "b@x.jp", "name": "def"}]
    assert MemberIndex.build(people).search("cdef").rows == []


def test_separator_characters_in_a_name_do_not_shift_fields():
    people = [{"id": "odd@x.jp", "name": "a\x1fb\x1ec", "kana": "かな"},
              {"id": "plain@x.jp", "name": "zzz", "kana": "あ"}]
    index = MemberIndex.build(people)
    assert [r["id"] for r in index.search("").rows] == ["plain@x.jp", "odd@x.jp"]
    assert index.get("odd@x.jp")["kana"] == "かな"


def test_replace_swaps_the_dropped_members_and_keeps_order():
    def initial(member_id: str) -> str:  # stands in for the store's shard number
        return member_id[0]

    index = MemberIndex.build(MEMBERS, group=initial)
    renamed = dict(MEMBERS[2], name="John Smythe", kana="すみす じょん")
    newcomer = {"id": "aoki@sample.co.jp", "name": "青木 一郎", "kana": "あおき いちろう"}
    # group "s" now holds the renamed smith; group "a" gains a member
    updated = index.replace({"s", "a"}, [renamed, newcomer])
    assert ids(updated, "smythe") == ["smith@sample.co.jp"] and ids(updated, "johnsmith") == []
    assert ids(index, "johnsmith") == ["smith@sample.co.jp"]
    assert [row["id"] for row in updated.search("").rows][:2] == ["hostile@sample.co.jp",
                                                                   "aoki@sample.co.jp"]
    assert len(updated) == 5
    assert ids(index, "smith") == ["smith@sample.co.jp"]  # the original is unchanged
    gone = updated.replace({"t"}, [MEMBERS[1]])  # tanaka left group "t"; tanabe stays
    assert gone.get("tanaka@sample.co.jp") is None and ids(gone, "田中") == []
    assert ids(gone, "田辺") == ["tanabe@sample.co.jp"]


def test_rows_carry_only_the_summary():
    row = MemberIndex.build(MEMBERS).get("tanaka@sample.co.jp")
    assert row["name"] == "田中 太郎" and "recovery_mobile" not in row
