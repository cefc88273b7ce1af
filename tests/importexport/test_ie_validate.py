"""validate(): every kind of problem, named by its exact path; import refuses it whole."""

from __future__ import annotations

import copy

import pytest

from helpdesk_tui.importexport import ImportProblem, ImportRejected, import_document, validate


def _set(path: tuple, value):
    """A mutation that sets doc[path...] = value (``...`` keys / indexes)."""

    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return doc

    return mutate


def _delete(path: tuple):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return doc

    return mutate


def _all(*mutations):
    def mutate(doc):
        for mutation in mutations:
            doc = mutation(doc)
        return doc

    return mutate


# id -> (mutation of valid.json, path named, message fragment)
CASES = {
    "document-not-object": (lambda doc: [doc], "(document)", "one JSON object"),
    "unknown-top-key": (_set(("extra",), 1), "extra", "unknown key"),
    "unknown-member-key": (_set(("members", 1, "nickname"), "x"), "members[1].nickname", "unknown key"),
    "unknown-policy-key": (
        _set(("tenant", "password_policy", "special"), True),
        "tenant.password_policy.special",
        "unknown key",
    ),
    "unknown-app-key": (_set(("devices", 2, "apps", 1, "build"), "1"), "devices[2].apps[1].build", "unknown key"),
    "unknown-last-access-key": (
        _set(("members", 2, "last_access", "city"), "Tokyo"),
        "members[2].last_access.city",
        "unknown key",
    ),
    "odd-unknown-key-quoted": (_set(("members", 0, "a b"), 1), 'members[0]["a b"]', "unknown key"),
    "ansi-unknown-key-escaped": (
        _set(("members", 0, "\x1b[31m"), 1),
        'members[0]["\\u001b[31m"]',
        "unknown key",
    ),
    "members-not-list": (_set(("members",), {}), "members", "must be a list"),
    "member-not-object": (_set(("members", 3), "yamada"), "members[3]", "must be an object"),
    "tenant-not-object": (_set(("tenant",), []), "tenant", "must be an object"),
    "name-not-string": (_set(("members", 0, "name"), 7), "members[0].name", "must be a string"),
    "name-blank": (_set(("members", 0, "name"), "   "), "members[0].name", "must not be empty"),
    "flag-not-bool": (_set(("members", 2, "is_admin"), "yes"), "members[2].is_admin", "true or false"),
    "int-as-string": (
        _set(("tenant", "password_policy", "min_length"), "8"),
        "tenant.password_policy.min_length",
        "integer",
    ),
    "bool-is-not-int": (
        _set(("tenant", "password_policy", "max_length"), True),
        "tenant.password_policy.max_length",
        "integer",
    ),
    "required-missing": (_delete(("members", 1, "status")), "members[1].status", "required field missing"),
    "device-id-missing": (_delete(("devices", 0, "device_id")), "devices[0].device_id", "required"),
    "required-null": (_set(("sessions", 0, "started_at"), None), "sessions[0].started_at", "must not be null"),
    "status-null": (_set(("members", 0, "status"), None), "members[0].status", "must not be null"),
    "status-unknown": (_set(("members", 0, "status"), "locked"), "members[0].status", "unknown status"),
    "plan-unknown": (_set(("tenant", "plan"), "free"), "tenant.plan", "unknown plan"),
    "domain-status-unknown": (
        _set(("tenant", "domains", 2, "status"), "verifying"),
        "tenant.domains[2].status",
        "unknown status",
    ),
    "role-unknown": (_set(("operators", 1, "role"), "root"), "operators[1].role", "unknown role"),
    "time-without-offset": (
        _set(("members", 2, "password_changed_at"), "2026-10-01T09:00:00"),
        "members[2].password_changed_at",
        "no UTC offset",
    ),
    "time-not-iso": (
        _set(("devices", 0, "first_seen"), "2026/06/01 10:00"),
        "devices[0].first_seen",
        "ISO 8601",
    ),
    "time-out-of-range": (
        _set(("sessions", 1, "started_at"), "2026-11-31T09:00:00+09:00"),
        "sessions[1].started_at",
        "not a valid time",
    ),
    "date-format": (_set(("tenant", "trial_ends"), "2026/12/01"), "tenant.trial_ends", "YYYY-MM-DD"),
    "date-invalid": (_set(("tenant", "trial_ends"), "2026-02-30"), "tenant.trial_ends", "not a valid date"),
    "email-shape": (
        _set(("members", 2, "recovery_email"), "taro at example.com"),
        "members[2].recovery_email",
        "e-mail",
    ),
    "email-no-dot": (_set(("members", 2, "email"), "tanaka@localhost"), "members[2].email", "e-mail"),
    "phone-does-not-parse": (
        _set(("members", 2, "recovery_mobile"), "12345"),
        "members[2].recovery_mobile",
        "does not parse",
    ),
    "phone-words": (_set(("members", 2, "phone"), "電話なし"), "members[2].phone", "does not parse"),
    "phone-empty": (_set(("members", 2, "mobile"), ""), "members[2].mobile", "empty phone number"),
    "duplicate-member": (
        _set(("members", 3, "id"), "tanaka@example.co.jp"),
        "members[3].id",
        "duplicate member id",
    ),
    "duplicate-device": (
        _set(("devices", 2, "device_id"), "dev-iphone-1"),
        "devices[2].device_id",
        "duplicate device id",
    ),
    "duplicate-session": (
        _set(("sessions", 2, "session_id"), "s-tanaka-1"),
        "sessions[2].session_id",
        "duplicate session id",
    ),
    "duplicate-operator": (
        _set(("operators", 2, "username"), "alice"),
        "operators[2].username",
        "duplicate operator",
    ),
    "duplicate-domain": (
        _set(("tenant", "domains", 2, "name"), "EXAMPLE.co.jp"),
        "tenant.domains[2].name",
        "duplicate domain",
    ),
    "device-unknown-member": (
        _set(("devices", 0, "member_id"), "ghost@example.co.jp"),
        "devices[0].member_id",
        "unknown member",
    ),
    "session-unknown-member": (
        _set(("sessions", 3, "member_id"), "ghost@example.co.jp"),
        "sessions[3].member_id",
        "unknown member",
    ),
    "deleted-without-deleted-at": (
        _set(("members", 1, "deleted_at"), None),
        "members[1].deleted_at",
        "needs deleted_at",
    ),
    "deleted-at-on-active": (
        _set(("members", 2, "deleted_at"), "2026-11-01T09:00:00+09:00"),
        "members[2].deleted_at",
        "only a deleted member",
    ),
    "top-admin-not-admin": (
        _set(("members", 2, "is_admin"), False),
        "members[2].is_top_admin",
        "must also be an administrator",
    ),
    "two-top-admins": (
        _all(_set(("members", 3, "is_admin"), True), _set(("members", 3, "is_top_admin"), True)),
        "members[3].is_top_admin",
        "more than one top administrator",
    ),
    "policy-min-above-max": (
        _set(("tenant", "password_policy", "min_length"), 21),
        "tenant.password_policy.min_length",
        "greater than max_length",
    ),
    "policy-min-too-small": (
        _set(("tenant", "password_policy", "min_length"), 2),
        "tenant.password_policy.min_length",
        "below",
    ),
    "policy-max-too-large": (
        _set(("tenant", "password_policy", "max_length"), 1000),
        "tenant.password_policy.max_length",
        "above",
    ),
    "initial-id-changed-without-initial-id": (
        _set(("members", 1, "initial_id"), False),
        "members[1].initial_id_changed",
        "needs initial_id",
    ),
    "trial-without-end": (_set(("tenant", "trial_ends"), None), "tenant.trial_ends", "trial tenant needs"),
    "primary-not-a-domain-of-the-tenant": (
        _set(("tenant", "primary_domain"), "other.jp"),
        "tenant.primary_domain",
        "not one of",
    ),
    "domain-name-shape": (_set(("tenant", "domains", 2, "name"), "not a domain"), "tenant.domains[2].name", "domain"),
    "ip-invalid": (_set(("sessions", 1, "ip"), "203.0.113.300"), "sessions[1].ip", "not an IP address"),
    "country-lowercase": (_set(("sessions", 1, "country"), "jp"), "sessions[1].country", "country code"),
    "id-with-space": (
        _set(("members", 0, "id"), "a b@example.co.jp"),
        "members[0].id",
        "spaces, control or invisible",
    ),
    "id-with-bidi": (
        _set(("operators", 0, "username"), "ali\u202ece"),
        "operators[0].username",
        "spaces, control or invisible",
    ),
    "lone-surrogate": (_set(("members", 2, "name"), "田中\ud800"), "members[2].name", "surrogate"),
    "last-seen-before-first-seen": (
        _set(("devices", 0, "first_seen"), "2027-01-01T00:00:00+09:00"),
        "devices[0].last_seen",
        "before first_seen",
    ),
    "apps-not-list": (_set(("devices", 1, "apps"), "LINE WORKS"), "devices[1].apps", "must be a list"),
    "app-not-object": (_set(("devices", 1, "apps", 0), "LINE WORKS"), "devices[1].apps[0]", "must be an object"),
}


def _problem_with(problems: list[ImportProblem], path: str, fragment: str) -> ImportProblem:
    for problem in problems:
        if problem.path == path and fragment in problem.message:
            return problem
    raise AssertionError(f"no problem at {path!r} containing {fragment!r}; got:\n"
                         + "\n".join(map(str, problems)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_named_by_its_path(valid_doc, case):
    mutate, path, fragment = CASES[case]
    problems = validate(mutate(valid_doc))
    _problem_with(problems, path, fragment)
    # messages are printable: no raw control characters reach the operator's terminal
    for problem in problems:
        assert str(problem).isprintable(), str(problem)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_rejected_import_changes_nothing(loaded_store, store_digest, valid_doc, case):
    mutate, path, fragment = CASES[case]
    before = store_digest(loaded_store)
    doc = mutate(valid_doc)
    if isinstance(doc, dict):  # make every record new, so an import would show
        for member in doc.get("members", []) if isinstance(doc.get("members"), list) else []:
            if isinstance(member, dict):
                member["position"] = "changed"
    with pytest.raises(ImportRejected) as raised:
        import_document(loaded_store, doc, operator="carol")
    _problem_with(raised.value.problems, path, fragment)
    assert store_digest(loaded_store) == before


def test_the_valid_fixture_has_no_problem(valid_doc):
    assert validate(valid_doc) == []


def test_an_empty_document_is_valid():
    assert validate({}) == []
    assert validate({"members": [], "devices": [], "sessions": [], "operators": []}) == []


@pytest.mark.parametrize(
    "number",
    [
        "090-1234-5678",  # hyphens: kept as entered, diagnosed by the console (seed 001)
        "０９０１２３４５６７８",  # full-width digits
        "０９０－１２３４－５６７８",  # full-width digits and hyphens
        "03-6890-1234",  # a landline as recovery "mobile"
        "05012345678",  # IP phone
        "02012345678",  # M2M / pager
        "+1 212 555 0123",  # abroad
        "+81 90 1234 5678",
    ],
)
def test_real_world_number_spellings_are_not_import_errors(valid_doc, number):
    valid_doc["members"][2]["recovery_mobile"] = number
    valid_doc["members"][2]["mobile"] = number
    assert validate(valid_doc) == []


def test_every_problem_is_collected_in_document_order(valid_doc):
    doc = valid_doc
    doc["zzz"] = 1
    doc["tenant"]["plan"] = "free"
    doc["members"][0]["status"] = "locked"
    doc["members"][0]["kana"] = 5
    doc["members"][3]["recovery_mobile"] = "12345"
    doc["devices"][1]["member_id"] = "ghost@example.co.jp"
    doc["sessions"][0]["started_at"] = "yesterday"
    doc["operators"][0]["role"] = "root"
    problems = validate(doc)
    assert [p.path for p in problems] == [
        "zzz",
        "tenant.plan",
        "members[0].kana",
        "members[0].status",
        "members[3].recovery_mobile",
        "devices[1].member_id",
        "sessions[0].started_at",
        "operators[0].role",
    ]
    assert validate(copy.deepcopy(doc)) == problems  # stable


def test_members_in_the_target_store_may_be_referred_to(valid_doc):
    doc = {"devices": valid_doc["devices"][1:2], "sessions": valid_doc["sessions"][1:3]}
    assert [p.path for p in validate(doc)] == [
        "devices[0].member_id",
        "sessions[0].member_id",
        "sessions[1].member_id",
    ]
    asked = []

    def exists(member_id):
        asked.append(member_id)
        return member_id == "tanaka@example.co.jp"

    assert validate(doc, member_exists=exists) == []
    assert asked == ["tanaka@example.co.jp"]  # asked once, not per record


def test_import_refers_to_a_member_already_in_the_store(store, valid_doc):
    import_document(store, {"members": [valid_doc["members"][2]]})
    doc = {"devices": valid_doc["devices"][1:2], "sessions": valid_doc["sessions"][1:3]}
    summary = import_document(store, doc)
    assert summary.devices == 1 and summary.sessions_added == 2
    assert [d["device_id"] for d in store.devices_for("tanaka@example.co.jp")] == ["dev-iphone-1"]


def test_rejection_carries_every_problem(store, store_digest, valid_doc):
    valid_doc["members"][0]["status"] = "locked"
    valid_doc["operators"][0]["role"] = "root"
    before = store_digest(store)
    with pytest.raises(ImportRejected) as raised:
        import_document(store, valid_doc)
    assert [p.path for p in raised.value.problems] == ["members[0].status", "operators[0].role"]
    assert "2 problems" in str(raised.value)
    assert store_digest(store) == before
    assert store.member_count() == 0 and store.get_tenant() is None
