"""Member operations against the fake API: paging, mapping to import-format members,
the three userId forms, the writes (and their request bodies), the audit download."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from helpdesk_tui.importexport import schema
from helpdesk_tui.importexport.validate import validate
from helpdesk_tui.lineworks import ApiNotFound, ApiRefused, Directory, LineWorksError, user_to_member
from helpdesk_tui.lineworks.directory import lang_of, member_status, user_path
from lw_support import DOMAIN_ID

JST = timezone(timedelta(hours=9))


@pytest.fixture
def directory(make_client) -> Directory:
    return Directory(make_client())


def full_user(fake_api):
    return fake_api.add_user(
        "userf7da-f82c-4284-13e7-030f3b4c756x", "tanaka@example.co.jp", "田中", "太郎",
        userExternalKey="EMP 001:東京",
        userName={"lastName": "田中", "firstName": "太郎",
                  "phoneticLastName": "たなか", "phoneticFirstName": "たろう"},
        i18nNames=[{"language": "en_US", "firstName": "Taro", "lastName": "Tanaka"}],
        isAdministrator=True,
        privateEmail="taro@example.com",
        telephone="03-1234-5678",
        cellPhone="090-1234-5678",
        location="東京本社",
        locale="ja_JP",
        employmentTypeName="正社員",
        organizations=[
            {"domainId": DOMAIN_ID, "primary": False, "levelName": "兼務職級",
             "orgUnits": [{"orgUnitId": "x", "orgUnitName": "兼務部", "primary": True}]},
            {"domainId": DOMAIN_ID, "primary": True, "levelName": "課長",
             "orgUnits": [
                 {"orgUnitId": "a", "orgUnitName": "経理部", "primary": False, "positionName": "担当"},
                 {"orgUnitId": "b", "orgUnitName": "営業部", "primary": True, "positionName": "チームリーダー"},
             ]},
        ],
    )


# ---------------------------------------------------------------------- mapping

def test_full_user_maps_to_an_import_format_member(directory, fake_api):
    full_user(fake_api)
    user = directory.get_user("userf7da-f82c-4284-13e7-030f3b4c756x")
    assert user.member == {
        "id": "userf7da-f82c-4284-13e7-030f3b4c756x",
        "name": "田中 太郎",
        "kana": "たなか たろう",
        "email": "tanaka@example.co.jp",
        "status": "active",
        "is_admin": True,
        "department": "営業部",
        "position": "チームリーダー",
        "rank": "課長",
        "workplace": "東京本社",
        "phone": "03-1234-5678",
        "mobile": "090-1234-5678",
        "recovery_mobile": "090-1234-5678",
        "recovery_email": "taro@example.com",
    }
    assert user.user_id == "userf7da-f82c-4284-13e7-030f3b4c756x"
    assert user.external_key == "EMP 001:東京"
    assert user.lang == "ja"
    assert user.employment_type == "正社員"
    assert user.suspended_reason is None and user.on_leave is False


def test_mapped_members_pass_the_import_validator(directory, fake_api):
    full_user(fake_api)
    fake_api.add_user("u2", "sato@example.co.jp", "佐藤", "花子", isSuspended=True, suspendedReason="LOGIN_FAIL")
    fake_api.add_user("u3", "kim@example.co.jp", "", "", isPending=True)
    members = list(directory.iter_members())
    assert all(set(m) <= schema.MEMBER.key_set for m in members)
    assert validate({"members": members}) == []


@pytest.mark.parametrize("flags, status", [
    ({}, "active"),
    ({"isPending": True}, "pending"),
    ({"isAwaiting": True}, "active"),  # a flag of its own (DirectoryUser.awaiting), not 不在
    ({"isSuspended": True, "suspendedReason": "MASTER"}, "suspended-admin"),
    ({"isSuspended": True, "suspendedReason": "LOGIN_FAIL"}, "suspended-login-failure"),
    ({"isSuspended": True, "suspendedReason": "SOMETHING_NEW"}, "suspended-admin"),
    ({"isSuspended": True}, "suspended-admin"),
    ({"isDeleted": True}, "deleted"),
    # precedence: deleted > suspended > pending > away
    ({"isDeleted": True, "isSuspended": True, "suspendedReason": "LOGIN_FAIL"}, "deleted"),
    ({"isSuspended": True, "suspendedReason": "LOGIN_FAIL", "isPending": True}, "suspended-login-failure"),
    ({"isPending": True, "isAwaiting": True}, "pending"),
    # leave of absence (休職) is not a status of its own
    ({"leaveOfAbsence": {"isLeaveOfAbsence": True}}, "active"),
])
def test_every_status_over_the_wire(directory, fake_api, flags, status):
    fake_api.add_user("u1", "a@example.co.jp", "青木", "一郎", **flags)
    user = directory.get_user("u1")
    assert user.member["status"] == status
    if flags.get("isSuspended"):
        assert user.suspended_reason == flags.get("suspendedReason")
    assert user.awaiting is bool(flags.get("isAwaiting"))


def test_member_status_is_a_pure_function():
    assert member_status({"isSuspended": True, "suspendedReason": "login_fail"}) == "suspended-login-failure"
    assert member_status({"isAwaiting": False, "isPending": False}) == "active"


def test_names_fall_back_sensibly():
    assert user_to_member({"userId": "u", "userName": {"lastName": "山田"}})["name"] == "山田"
    assert user_to_member({"userId": "u", "userName": {"firstName": "Ken"}})["name"] == "Ken"
    assert user_to_member({"userId": "u", "email": "x@example.co.jp"})["name"] == "x@example.co.jp"
    assert user_to_member({"userId": "u"})["name"] == "u"
    # phonetic names given at the top level (seen in some payloads)
    member = user_to_member({"userId": "u", "phoneticLastName": "やまだ", "phoneticFirstName": "けん"})
    assert member["kana"] == "やまだ けん"


def test_missing_optional_fields_are_left_out_not_guessed():
    member = user_to_member({"userId": "u", "email": "x@example.co.jp", "userName": {"lastName": "X"},
                             "cellPhone": "", "organizations": []})
    assert member == {"id": "u", "name": "X", "email": "x@example.co.jp", "status": "active", "is_admin": False}


@pytest.mark.parametrize("locale, lang", [("ja_JP", "ja"), ("en_US", "en"), ("en-US", "en"),
                                          ("ko_KR", None), (None, None), ("", None)])
def test_locale_to_lang(locale, lang):
    assert lang_of(locale) == lang


def test_on_leave_is_reported(directory, fake_api):
    fake_api.add_user("u1", "a@example.co.jp", "青木", "一郎",
                      leaveOfAbsence={"isLeaveOfAbsence": True, "startTime": "2026-11-01T00:00:00+09:00"})
    assert directory.get_user("u1").on_leave is True


# ---------------------------------------------------------------------- paging

def test_iter_users_pages_through_three_pages(make_client, fake_api):
    for n in range(7):
        fake_api.add_user(f"user{n:04d}", f"m{n}@example.co.jp", "社員", str(n))
    directory = Directory(make_client(), page_size=3)
    ids = [user.user_id for user in directory.iter_users()]
    assert ids == [f"user{n:04d}" for n in range(7)]
    pages = fake_api.seen("GET", "/users")
    assert len(pages) == 3
    assert [p.query.get("cursor") for p in pages] == [None, ["c+/3=="], ["c+/6=="]]
    assert all(p.query["count"] == ["3"] and p.query["domainId"] == [str(DOMAIN_ID)] for p in pages)


def test_iter_users_on_an_empty_domain(directory, fake_api):
    assert list(directory.iter_users()) == []
    assert fake_api.count("GET", "/users") == 1


def test_page_size_is_bounded(make_client):
    with pytest.raises(ValueError):
        Directory(make_client(), page_size=101)


# ---------------------------------------------------------------------- userId forms

@pytest.mark.parametrize("key", [
    "userf7da-f82c-4284-13e7-030f3b4c756x",
    "tanaka@example.co.jp",
    "TANAKA@example.co.jp",
    "externalKey:EMP 001:東京",
])
def test_every_user_id_form_reaches_the_right_user(directory, fake_api, key):
    full_user(fake_api)
    fake_api.add_user("other", "other@example.co.jp", "他", "人", userExternalKey="EMP 002")
    assert directory.get_user(key).user_id == "userf7da-f82c-4284-13e7-030f3b4c756x"
    (seen,) = fake_api.seen("GET", "/users/{id}")
    assert seen.path == "/v1.0/users/" + quote(key, safe="")
    assert seen.user == "userf7da-f82c-4284-13e7-030f3b4c756x"


def test_user_path_encodes_one_segment():
    assert user_path("tanaka@example.co.jp") == "/users/tanaka%40example.co.jp"
    assert user_path("externalKey:A B/C", "suspend") == "/users/externalKey%3AA%20B%2FC/suspend"
    with pytest.raises(ValueError):
        user_path("  ")


def test_unknown_user_is_not_found(directory, fake_api):
    with pytest.raises(ApiNotFound):
        directory.get_user("externalKey:NOPE")


# ---------------------------------------------------------------------- writes

def test_update_recovery_contact_sends_only_the_given_fields(directory, fake_api):
    full_user(fake_api)
    directory.update_recovery_contact("tanaka@example.co.jp", mobile=" 080-9999-0000 ", email="new@example.com")
    directory.update_recovery_contact("externalKey:EMP 001:東京", email="newer@example.com")
    bodies = [seen.json for seen in fake_api.seen("PATCH", "/users/{id}")]
    assert bodies == [{"cellPhone": "080-9999-0000", "privateEmail": "new@example.com"},
                      {"privateEmail": "newer@example.com"}]
    member = directory.get_user("tanaka@example.co.jp").member
    assert member["recovery_mobile"] == "080-9999-0000"
    assert member["recovery_email"] == "newer@example.com"


def test_update_recovery_contact_needs_something_to_send(directory, fake_api):
    with pytest.raises(ValueError):
        directory.update_recovery_contact("u1")
    with pytest.raises(ValueError):
        directory.update_recovery_contact("u1", mobile="  ")
    assert fake_api.count("PATCH") == 0


def test_suspend_unsuspend_force_logout(directory, fake_api):
    full_user(fake_api)
    key = "tanaka@example.co.jp"
    directory.suspend(key)
    assert directory.get_user(key).member["status"] == "suspended-admin"
    directory.unsuspend(key)
    assert directory.get_user(key).member["status"] == "active"
    directory.force_logout(key)
    assert [(s.method, s.route) for s in fake_api.seen() if s.method == "POST"] == [
        ("POST", "/users/{id}/suspend"), ("POST", "/users/{id}/unsuspend"), ("POST", "/users/{id}/force-logout"),
    ]
    assert all(s.body == b"" for s in fake_api.seen("POST"))


def test_suspending_the_top_admin_is_refused_with_the_api_message(directory, fake_api):
    full_user(fake_api)
    fake_api.top_admins.add("userf7da-f82c-4284-13e7-030f3b4c756x")
    with pytest.raises(ApiRefused) as caught:
        directory.suspend("tanaka@example.co.jp")
    assert "The super admin cannot be suspended." in str(caught.value)


# ---------------------------------------------------------------------- audit

def test_audit_logs_follow_the_download_redirect(directory, fake_api):
    fake_api.audit_csv = "\ufeffDate,User,Action,IP\n2026-11-20 09:00,tanaka@example.co.jp,login failed,203.0.113.5\n" \
                         "2026-11-20 09:01,tanaka@example.co.jp,login,203.0.113.5\n"
    start = datetime(2026, 11, 19, tzinfo=JST)
    rows = directory.audit_logs("auth", start, start + timedelta(days=1))
    assert rows == [
        {"Date": "2026-11-20 09:00", "User": "tanaka@example.co.jp", "Action": "login failed", "IP": "203.0.113.5"},
        {"Date": "2026-11-20 09:01", "User": "tanaka@example.co.jp", "Action": "login", "IP": "203.0.113.5"},
    ]
    (request,) = fake_api.seen("GET", "/audits/logs/download")
    assert request.query == {"service": ["auth"], "startTime": ["2026-11-19T00:00:00+09:00"],
                             "endTime": ["2026-11-20T00:00:00+09:00"]}
    (download,) = fake_api.seen("GET", "/download/audit/{n}")
    assert download.headers["authorization"].startswith("Bearer ")


def test_audit_download_error_trailer_is_an_error(directory, fake_api):
    fake_api.audit_csv = "Date,User\n2026-11-20,x\ndownloadLogs error : timeout\n"
    start = datetime(2026, 11, 19, tzinfo=JST)
    with pytest.raises(LineWorksError) as caught:
        directory.audit_logs("auth", start, start + timedelta(hours=1))
    assert "failed part-way: timeout" in str(caught.value)


def test_audit_logs_need_aware_times(directory):
    with pytest.raises(ValueError):
        directory.audit_logs("auth", datetime(2026, 11, 19), datetime(2026, 11, 20))
    start = datetime(2026, 11, 19, tzinfo=JST)
    with pytest.raises(ValueError):
        directory.audit_logs("auth", start, start)
