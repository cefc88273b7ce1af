"""Every seed edge case is an identifiable member at any size of 40 or more."""

from __future__ import annotations

import pytest

from helpdesk_tui import clock, glossary
from helpdesk_tui.demo import EDGE_CASES, HOSTILE_NAMES, edge_id
from helpdesk_tui.phone import (
    KIND_IP_PHONE,
    KIND_LANDLINE,
    KIND_M2M,
    KIND_MOBILE,
    PROBLEM_FULL_WIDTH,
    PROBLEM_HYPHENS,
    analyse,
)

PC_MODELS = ("ThinkPad", "Dell", "Surface", "VAIO", "MacBook", "iMac")


class Tenant:
    """One generated document, indexed for the checks."""

    def __init__(self, doc: dict, now):
        self.now = now
        self.doc = doc
        self.members = {m["id"]: m for m in doc["members"]}
        self.devices: dict[str, list[dict]] = {}
        for device in doc["devices"]:
            self.devices.setdefault(device["member_id"], []).append(device)
        self.sessions: dict[str, list[dict]] = {}
        for session in doc["sessions"]:
            self.sessions.setdefault(session["member_id"], []).append(session)

    def m(self, name: str) -> dict:
        return self.members[edge_id(f"edge-{name}")]

    def s(self, name: str) -> list[dict]:
        return self.sessions.get(edge_id(f"edge-{name}"), [])

    def d(self, name: str) -> list[dict]:
        return self.devices.get(edge_id(f"edge-{name}"), [])

    def days_since(self, text: str) -> float:
        return (self.now - clock.parse_iso(text)).total_seconds() / 86400


def _kind(number):
    return analyse(number).kind


CHECKS = {
    "top-admin": lambda t: t.m("top-admin")["is_admin"] and t.m("top-admin")["is_top_admin"]
    and [m["id"] for m in t.doc["members"] if m["is_top_admin"]] == [edge_id("edge-top-admin")],
    "admin": lambda t: t.m("admin")["is_admin"] and not t.m("admin")["is_top_admin"],
    "active": lambda t: t.m("active")["status"] == "active"
    and analyse(t.m("active")["recovery_mobile"]).kind == KIND_MOBILE
    and analyse(t.m("active")["recovery_mobile"]).problems == ()
    and t.m("active")["recovery_email"] is not None
    and not t.m("active")["app_access_blocked"]
    and all(t.m("active")[f] for f in ("department", "workplace", "mobile", "last_access")),
    "pending": lambda t: t.m("pending")["status"] == "pending"
    and t.m("pending")["password_changed_at"] is None
    and t.m("pending")["last_access"] is None and not t.s("pending") and not t.d("pending"),
    "away": lambda t: t.m("away")["status"] == "away",
    "suspended": lambda t: t.m("suspended")["status"] == "suspended-admin"
    and not any(s["connected"] for s in t.s("suspended")),
    "locked": lambda t: t.m("locked")["status"] == "suspended-login-failure"
    and t.s("locked") and not any(s["connected"] for s in t.s("locked")),
    "blocked": lambda t: t.m("blocked")["status"] == "active" and t.m("blocked")["app_access_blocked"]
    and {s["environment"].endswith("browser") for s in t.s("blocked") if s["connected"]} == {True},
    "deleted-3d": lambda t: t.m("deleted-3d")["status"] == "deleted"
    and 3 <= t.days_since(t.m("deleted-3d")["deleted_at"]) < glossary.RESTORE_WINDOW_DAYS,
    "deleted-8d": lambda t: t.m("deleted-8d")["status"] == "deleted"
    and 8 <= t.days_since(t.m("deleted-8d")["deleted_at"]) < 9,
    "no-recovery": lambda t: t.m("no-recovery")["recovery_mobile"] is None
    and t.m("no-recovery")["recovery_email"] is None and t.m("no-recovery")["mobile"] is None,
    "landline": lambda t: _kind(t.m("landline")["recovery_mobile"]) == KIND_LANDLINE
    and t.m("landline")["recovery_mobile"].startswith("03"),
    "ip-phone": lambda t: _kind(t.m("ip-phone")["recovery_mobile"]) == KIND_IP_PHONE,
    "m2m": lambda t: _kind(t.m("m2m")["recovery_mobile"]) == KIND_M2M,
    "hyphens": lambda t: _kind(t.m("hyphens")["recovery_mobile"]) == KIND_MOBILE
    and analyse(t.m("hyphens")["recovery_mobile"]).problems == (PROBLEM_HYPHENS,),
    "fullwidth": lambda t: _kind(t.m("fullwidth")["recovery_mobile"]) == KIND_MOBILE
    and analyse(t.m("fullwidth")["recovery_mobile"]).problems == (PROBLEM_FULL_WIDTH,),
    "wrong-email": lambda t: t.m("wrong-email")["recovery_email"].endswith("@gmial.com")
    and t.m("wrong-email")["recovery_mobile"] is None,
    "line-initial-id": lambda t: t.m("line-initial-id")["line_linked"]
    and t.m("line-initial-id")["initial_id"] and not t.m("line-initial-id")["initial_id_changed"],
    "line-id-changed": lambda t: t.m("line-id-changed")["line_linked"]
    and t.m("line-id-changed")["initial_id"] and t.m("line-id-changed")["initial_id_changed"],
    "mdm": lambda t: len(t.d("mdm")) == 2
    and any(d["mdm_registered"] and d["vendor_id"] and d["serial"] for d in t.d("mdm")),
    "no-mdm": lambda t: t.d("no-mdm")
    and all(not d["mdm_registered"] and d["vendor_id"] is None and d["serial"] is None for d in t.d("no-mdm"))
    and not any(d["model"].startswith(PC_MODELS) for d in t.d("no-mdm")),
    "password-requested": lambda t: t.m("password-requested")["password_change_requested"]
    and t.days_since(t.m("password-requested")["password_changed_at"]) > 365,
    "abroad": lambda t: t.m("abroad")["last_access"]["country"] != "JP"
    and {s["country"] for s in t.s("abroad")} >= {"JP", "US"},
    "suspicious": lambda t: any(s["connected"] and s["country"] != "JP" for s in t.s("suspicious"))
    and any(s["country"] == "JP" for s in t.s("suspicious"))
    and t.m("suspicious")["last_access"]["country"] != "JP",
    "name-markup": lambda t: t.m("name-markup")["name"] == "[bold]x[/]",
    "name-close-tag": lambda t: t.m("name-close-tag")["name"] == "[/]",
    "name-ansi": lambda t: t.m("name-ansi")["name"] == "\x1b[31mred\x1b[0m",
    "name-osc": lambda t: t.m("name-osc")["name"] == "\x1b]0;title\x07",
    "name-control": lambda t: all(c in t.m("name-control")["name"] for c in "\x07\x08\r\t"),
    "name-bidi": lambda t: "\u202e" in t.m("name-bidi")["name"],
    "name-long": lambda t: len(t.m("name-long")["name"]) >= 200,
    "name-emoji": lambda t: any(ord(c) > 0xFFFF for c in t.m("name-emoji")["name"]),
}


def test_every_edge_case_has_a_check():
    assert sorted(f"edge-{name}" for name in CHECKS) == sorted(EDGE_CASES)
    assert set(HOSTILE_NAMES) <= set(EDGE_CASES)


@pytest.mark.parametrize("size", [40, 41, 300])
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_edge_case_member(demo_doc, now, size, name):
    tenant = Tenant(demo_doc(size), now)
    assert edge_id(f"edge-{name}") in tenant.members
    assert CHECKS[name](tenant), name


@pytest.mark.parametrize("size", [40, 300, 2000])
def test_edge_cases_come_first(demo_doc, size):
    doc = demo_doc(size)
    assert [m["id"] for m in doc["members"][: len(EDGE_CASES)]] == [edge_id(e) for e in EDGE_CASES]
    assert len(doc["members"]) == size


@pytest.mark.parametrize("seed", [1, 2, 99])
def test_edge_cases_hold_for_other_seeds(demo_doc, now, seed):
    tenant = Tenant(demo_doc(40, seed), now)
    failed = [name for name, check in CHECKS.items() if not check(tenant)]
    assert failed == []


@pytest.mark.parametrize("size", [0, 1, 10, len(EDGE_CASES)])
def test_small_sizes_keep_the_first_edge_cases(demo_doc, size):
    doc = demo_doc(size)
    assert [m["id"] for m in doc["members"]] == [edge_id(e) for e in EDGE_CASES[:size]]


def test_statuses_flags_and_admins_all_occur_in_ordinary_members_too(demo_doc):
    ordinary = [m for m in demo_doc(2000)["members"] if not m["id"].startswith("edge-")]
    assert {m["status"] for m in ordinary} == set(glossary.MEMBER_STATUSES)
    for flag in ("app_access_blocked", "is_admin", "line_linked", "initial_id", "initial_id_changed",
                 "password_change_requested"):
        assert any(m[flag] for m in ordinary), flag
    assert not any(m["is_top_admin"] for m in ordinary)
    assert any(m["recovery_mobile"] is None and m["recovery_email"] is None for m in ordinary)
