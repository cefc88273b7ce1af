"""``helpdesk-tui domain …`` run as a user runs it: a subprocess, a pinned clock."""

from __future__ import annotations

import json

from domain_helpers import audit, make_store, run_cli, run_json

LATER = "2026-11-20T12:00:00+09:00"
NEXT_DAY = "2026-11-21T09:59:00+09:00"


def test_add_shows_the_record_then_verify_against_a_real_dns_server(tmp_path, dns_server):
    path = tmp_path / "s"
    make_store(path)
    added = run_cli("domain", "add", "例え。ｊｐ", "--lang", "ja", store=path)
    assert added.returncode == 0, added.stderr
    assert "例え.jp (xn--r8jz45g.jp)" in added.stdout and "最大で 24 時間" in added.stdout
    record = run_json("domain", "record", "xn--r8jz45g.jp", store=path)
    assert record["zone_line"] == f"xn--r8jz45g.jp. 3600 IN MX 100 {record['value']}"
    assert record["value"].endswith(".msv1.invalid.") and record["status"] == "pending"

    dns_server.mx["xn--r8jz45g.jp"] = ["10 mx.example.jp."]
    args = ("domain", "verify", "例え.jp", "--resolver", dns_server.address, "--timeout", "2")
    early = run_cli(*args, "--lang", "en", store=path, now=LATER)
    assert early.returncode == 1
    assert "not visible yet" in early.stdout and "2026-11-21 10:00" in early.stdout
    assert "mx.example.jp" in early.stdout and record["value"] in early.stdout
    assert "finding: MX points elsewhere (mx-wrong-host)" in early.stdout  # the label, not only the id
    # The record is added beside the current MX, never instead of it.
    shown = run_cli("domain", "record", "xn--r8jz45g.jp", "--lang", "ja", store=path).stdout
    assert "今ある MX レコードとは別に「追加」" in shown and "削除も変更もしないでください" in shown

    dns_server.mx["xn--r8jz45g.jp"].append(f"100 {record['value']}")
    verified = run_cli(*args, "--json", store=path, now=LATER)
    assert verified.returncode == 0, verified.stderr
    result = json.loads(verified.stdout)
    assert (result["outcome"], result["domain"]["status"]) == ("verified", "verified")
    listed = run_json("domain", "list", store=path)["domains"]
    assert [(d["name"], d["state"]) for d in listed] == [
        ("example.by-works.com", "primary"), ("example.co.jp", "pending"), ("xn--r8jz45g.jp", "verified")]


def test_make_primary_prints_every_warning_and_changes_nothing_without_the_flag(tmp_path):
    path = tmp_path / "s"
    store = make_store(path)
    with store.transaction() as tx:
        tenant = tx.tenant.get()
        tenant["domains"][1]["status"] = "verified"
        tx.tenant.set(tenant)
    refused = run_cli("domain", "make-primary", "example.co.jp", "--lang", "ja", store=path)
    assert refused.returncode == 4
    for text in ("サブメールドメイン", "24 時間は再変更できません", "ログアウト", "仮ID@",
                 "カスタム URL", "連携サービス", "000_b509925ec010ac1e.txt", "--yes-i-understand"):
        assert text in refused.stdout, text
    assert "注意事項がまだ確認されていません" in refused.stderr
    assert store.get_tenant()["primary_domain"] == "example.by-works.com"

    done = run_cli("domain", "make-primary", "example.co.jp", "--yes-i-understand", "--json", store=path)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert len(payload["warnings"]) == 6 and payload["result"]["previous"] == "example.by-works.com"
    assert store.get_tenant()["primary_domain"] == "example.co.jp"

    again = run_cli("domain", "make-primary", "example.by-works.com", "--yes-i-understand",
                    "--lang", "en", store=path, now=NEXT_DAY)
    assert again.returncode == 4 and "try again after 2026-11-21 10:00+09:00" in again.stderr
    assert [e["outcome"] for e in audit(store) if e["action"] == "domain-make-primary"] == [
        "refused", "done", "refused"]


def test_an_agent_is_refused_with_exit_4(tmp_path):
    path = tmp_path / "s"
    make_store(path, my_role="agent")
    result = run_cli("domain", "add", "new.jp", "--lang", "en", store=path)
    assert result.returncode == 4 and "role admin" in result.stderr
    assert run_cli("domain", "list", store=path).returncode == 0  # reading is open to all


def test_delete_needs_the_name_typed_back(tmp_path):
    path = tmp_path / "s"
    store = make_store(path)
    wrong = run_cli("domain", "delete", "example.co.jp", "--confirm", "example.co", "--lang", "en", store=path)
    assert wrong.returncode == 4 and "--confirm example.co.jp" in wrong.stderr
    missing = run_cli("domain", "delete", "example.co.jp", store=path)
    assert missing.returncode == 2 and "--confirm" in missing.stderr
    done = run_cli("domain", "delete", "example.co.jp", "--confirm", "example.co.jp", store=path)
    assert done.returncode == 0
    assert [d["name"] for d in store.get_tenant()["domains"]] == ["example.by-works.com"]


def test_bad_input_is_exit_2_and_unknown_domain_exit_1(tmp_path):
    path = tmp_path / "s"
    store = make_store(path)
    assert run_cli("domain", "add", "tanaka@new.jp", store=path).returncode == 2
    assert run_cli("domain", "verify", "example.co.jp", "--resolver", "dns.google", store=path).returncode == 2
    unknown = run_cli("domain", "record", "absent.jp", store=path)
    assert unknown.returncode == 1 and "absent.jp" in unknown.stderr
    switch = run_cli("domain", "make-primary", "absent.jp", "--yes-i-understand", store=path)
    assert switch.returncode == 1
    assert [(e["action"], e["reason"]) for e in audit(store)] == [
        ("domain-token", "unknown-domain"), ("domain-make-primary", "unknown-domain")]
