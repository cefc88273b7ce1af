"""The keys the domain and migration features add to the tenant survive export | import |
export, are type-checked on import, and are absent (not null) when unused."""

from __future__ import annotations

import copy
import json

import pytest
from domain_helpers import ADMIN, NOW, TENANT

from helpdesk_tui.domains import WARNING_IDS, add_domain, make_primary, verify_domain
from helpdesk_tui.importexport import ImportRejected, export_document, import_document, validate
from helpdesk_tui.mail import mark_step, request_switch
from helpdesk_tui.store import Store


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _used(store: Store) -> None:
    """Every new key written by the real operations."""
    view = add_domain(store, ADMIN, "例え.jp")
    verify_domain(store, ADMIN, "例え.jp", lambda n: [f"100 {view.token}.msv1.invalid."])
    make_primary(store, ADMIN, "例え.jp", acknowledged=WARNING_IDS)
    for step in ("server-ip-found", "clients-use-ip", "accounts-created", "all-devices-done"):
        mark_step(store, ADMIN, step, server_ip="203.0.113.25" if step == "server-ip-found" else None,
                  new_server="mx.new.example" if step == "accounts-created" else None)
    mark_step(store, ADMIN, "ttl-lowered", old_ttl=3600)
    request_switch(store, ADMIN, NOW.replace(day=24))


def test_export_import_export_is_identical_with_every_new_key(store, tmp_path):
    _used(store)
    first = export_document(store)
    tenant = first["tenant"]
    assert tenant["previous_primary_domain"] == "example.by-works.com"
    assert tenant["primary_domain_changed_at"] == "2026-11-20T10:00:00+09:00"
    assert tenant["mail_migration"]["server_ip"] == "203.0.113.25"
    assert len(tenant["mail_migration"]["steps"]) == 6
    assert (tenant["mail_migration"]["old_ttl"], tenant["mail_migration"]["new_server"]) == (3600, "mx.new.example")
    idn = next(d for d in tenant["domains"] if d["name"] == "xn--r8jz45g.jp")
    assert set(idn) == {"name", "status", "provided", "token", "added_at", "verified_at", "checked_at"}
    assert validate(json.loads(_dump(first))) == []
    fresh = Store.create(tmp_path / "fresh")
    import_document(fresh, json.loads(_dump(first)))
    assert _dump(export_document(fresh)) == _dump(first)


def test_a_tenant_that_never_used_the_features_exports_without_the_new_keys(store):
    exported = export_document(store)["tenant"]
    assert list(exported) == list(TENANT)
    assert all(set(d) == {"name", "status", "provided"} for d in exported["domains"])


@pytest.mark.parametrize(
    ("change", "path", "says"),
    [
        (lambda t: t.update(previous_primary_domain=5), "tenant.previous_primary_domain", "string"),
        (lambda t: t.update(primary_domain_changed_at="2026-11-20 10:00"),
         "tenant.primary_domain_changed_at", "ISO 8601"),
        (lambda t: t["domains"][1].update(token="Not A Label"), "tenant.domains[1].token", "DNS label"),
        (lambda t: t["domains"][1].update(verified_at="yesterday"), "tenant.domains[1].verified_at", "ISO"),
        (lambda t: t.update(mail_migration={"steps": [], "colour": "red"}), "tenant.mail_migration.colour",
         "unknown key"),
        (lambda t: t.update(mail_migration={"server_ip": "mail.example.jp"}),
         "tenant.mail_migration.server_ip", "not an IP"),
        (lambda t: t.update(mail_migration={"steps": [{"step": "dns-done", "done": True, "by": "a",
                                                       "at": "2026-11-20T10:00:00+09:00"}]}),
         "tenant.mail_migration.steps[0].step", "expected one of"),
        (lambda t: t.update(mail_migration={"steps": [
            {"step": "accounts-created", "done": True, "by": "a", "at": "2026-11-20T10:00:00+09:00"},
            {"step": "accounts-created", "done": False, "by": "b", "at": "2026-11-20T11:00:00+09:00"}]}),
         "tenant.mail_migration.steps[1].step", "duplicate step"),
        (lambda t: t.update(mail_migration={"steps": [{"step": "accounts-created", "done": True,
                                                       "at": "2026-11-20T10:00:00+09:00"}]}),
         "tenant.mail_migration.steps[0].by", "required"),
    ],
)
def test_new_keys_are_type_checked_on_import_naming_the_path(store, change, path, says):
    tenant = copy.deepcopy(TENANT)
    change(tenant)
    problems = validate({"tenant": tenant})
    assert [p.path for p in problems] == [path]
    assert says in problems[0].message
    before = store.get_tenant()
    with pytest.raises(ImportRejected):
        import_document(store, {"tenant": tenant})
    assert store.get_tenant() == before


def test_null_new_keys_are_accepted_and_dropped(store):
    tenant = copy.deepcopy(TENANT)
    tenant.update(previous_primary_domain=None, primary_domain_changed_at=None, mail_migration=None)
    tenant["domains"][0]["token"] = None
    import_document(store, {"tenant": tenant})
    assert store.get_tenant() == TENANT
