"""``domain check`` and ``mail propagation`` run as a user runs them:
``python -m helpdesk_tui`` in a subprocess, against nsd on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run_cli(*args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_PROXY="127.0.0.1,localhost")
    return subprocess.run([sys.executable, "-m", "helpdesk_tui", *args], capture_output=True,
                          text=True, env=environment, timeout=60)


def run_json(*args: str) -> dict:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_domain_check_json_uses_glossary_ids(nsd):
    data = run_json("domain", "check", "verified.test", "--expect-mx", "mx.verified.test",
                    "--expect-txt", "helpdesk-verification=tok-123",
                    "--resolver", nsd.spec, "--authoritative", nsd.spec, "--timeout", "2")
    assert [f["id"] for f in data["findings"]] == ["verified"]
    assert data["ok"] is True and data["severity"] == "ok"
    assert data["truth"] == nsd.spec and data["authority"]["zone"]["ascii"] == "verified.test"
    [auth] = data["authoritative"]
    assert (auth["aa"], auth["soa_serial"], auth["mx"]) == (True, 1, ["10 mx.verified.test"])
    [resolver] = data["resolvers"]
    assert resolver["server"] == nsd.spec and resolver["status"] == "ok"
    finding = data["findings"][0]
    assert finding["fix"]["ja"] and finding["fix"]["en"] and finding["evidence"][0]["authoritative"]


def test_domain_check_json_for_an_idn_typed_in_full_width(nsd):
    data = run_json("domain", "check", "例え。ｔｅｓｔ", "--expect-mx", "mx.例え.test",
                    "--resolver", nsd.spec, "--authoritative", nsd.spec)
    assert data["domain"] == {"ascii": "xn--r8jz45g.test", "unicode": "例え.test"}
    assert data["expect_mx"] == ["mx.xn--r8jz45g.test"]
    assert [f["id"] for f in data["findings"]] == ["verified"]


def test_a_domain_that_does_not_exist_is_a_finding_not_a_crash(nsd):
    data = run_json("domain", "check", "missing.verified.test", "--resolver", nsd.spec,
                    "--authoritative", nsd.spec)
    assert [(f["id"], f["severity"]) for f in data["findings"]] == [("nxdomain", "error")]
    assert data["ok"] is False


def test_text_output_prints_each_server_then_findings(nsd, blackholes):
    result = run_cli("domain", "check", "dangling.test", "--resolver", nsd.spec,
                     "--resolver", blackholes[0].spec, "--authoritative", nsd.spec,
                     "--timeout", "0.5", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Checking dangling.test: asking 3 servers (timeout 0.5 s)"
    server_lines = lines[1:4]
    assert any(f"[resolver]  {nsd.spec}  ok  MX 10 gone.dangling.test" in line for line in server_lines)
    assert any(f"[authoritative]  {nsd.spec}  ok  AA  SOA serial 1" in line for line in server_lines)
    # The dead server comes last: the others were printed without waiting for it.
    assert f"[resolver]  {blackholes[0].spec}  timeout" in server_lines[2]
    text = result.stdout
    assert "ERROR  mx-dangling  MX host has no address" in text
    assert "WARNING  resolver-timeout" in text
    assert f"evidence: {nsd.spec} (AA): dangling.test MX: 10 gone.dangling.test. (TTL 300)" in text
    assert "fix: Add A/AAAA records for gone.dangling.test" in text


def test_text_output_in_japanese(nsd):
    result = run_cli("domain", "check", "spf.test", "--resolver", nsd.spec,
                     "--authoritative", nsd.spec, "--lang", "ja")
    assert result.returncode == 0, result.stderr
    assert "エラー  multiple-spf  SPF レコードが複数ある" in result.stdout
    assert "対処: 1 件の TXT レコード (v=spf1 で始まる) にまとめてください" in result.stdout


def test_no_escape_sequence_reaches_the_terminal_raw(nsd):
    # One in a TXT record served by DNS, one in the expected value typed by the operator.
    result = run_cli("domain", "check", "evil.test", "--expect-txt", "tok\x1b[2J", "--resolver", nsd.spec,
                     "--authoritative", nsd.spec, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "txt-missing" in result.stdout and "red" in result.stdout
    assert "\x1b" not in result.stdout
    assert "tok\u241b[2J" in result.stdout  # shown as the visible ␛ stand-in


def test_mail_propagation_json(switch):
    data = run_json("mail", "propagation", "switch.test", "--expect-mx", "old-mx.switch.test",
                    "--resolver", switch.spec, "--authoritative", switch.spec)
    assert data["source"] == "match" and data["propagated"] is True
    assert [(r["server"], r["state"], r["mx"]) for r in data["resolvers"]] == \
        [(switch.spec, "match", ["old-mx.switch.test"])]
    assert [f["id"] for f in data["findings"]] == ["propagated"]
    assert "registrar" in data["notes"]["transfer_vs_dns_change"]["en"]


def test_mail_propagation_text_shows_states_and_the_seed_002_notes(switch):
    result = run_cli("mail", "propagation", "switch.test", "--expect-mx", "new-mx.switch.test",
                     "--old-mx", "old-mx.switch.test", "--resolver", switch.spec,
                     "--authoritative", switch.spec, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"[resolver]  {switch.spec}  stale  old-mx.switch.test" in result.stdout
    assert "Authoritative servers: stale" in result.stdout
    assert "No estimate: the authoritative servers themselves do not serve the new MX yet." in result.stdout
    assert "A domain transfer and a DNS change are different things." in result.stdout


@pytest.mark.parametrize(("args", "says"), [
    (["domain", "check", "bad..name"], "empty label"),
    (["domain", "check", "tanaka@example.jp"], "after the @"),
    (["domain", "check", "example.jp", "--resolver", "dns.google"], "not an IP address"),
    (["domain", "check", "example.jp", "--resolver", "[::1]:99999"], "port must be"),
    (["domain", "check", "example.jp", "--doh", "ftp://dns.google/"], "DNS-over-HTTPS URL"),
    (["domain", "check", "example.jp", "--timeout", "0"], "--timeout"),
    (["domain", "check", "example.jp", "--expect-mx", "192.0.2.1"], "not an IP address"),
    (["domain", "check", "example.jp", "--authoritative", "ns1.example.jp"], "not an IP address"),
    (["mail", "propagation", "example.jp", "--expect-mx", "mx..example.jp"], "empty label"),
    (["mail", "propagation", "example.jp", "--expect-mx", "MX.example.jp", "--old-mx", "mx.example.jp."],
     "same host"),
])
def test_malformed_input_exits_2_with_a_message(args, says):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("helpdesk-tui: ") and says in result.stderr


def test_propagation_without_the_new_mx_is_a_usage_error():
    result = run_cli("mail", "propagation", "example.jp")
    assert result.returncode == 2 and "--expect-mx" in result.stderr
