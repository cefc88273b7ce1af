"""The [lineworks] settings: where they are read from, and every way they are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lw_support import CLIENT_ID, DOMAIN_ID, SERVICE_ACCOUNT, config_toml, pem, write_private
from helpdesk_tui.lineworks import ConfigError, config_path, load_config
from helpdesk_tui.lineworks.config import (
    DEFAULT_API_BASE_URL,
    DEFAULT_AUTH_URL,
    DEFAULT_REQUESTS_PER_MINUTE,
    DEFAULT_SCOPE,
    DEFAULT_TIMEOUT,
)

MINIMAL = f"""
[lineworks]
client_id = "{CLIENT_ID}"
client_secret = "secret"
service_account = "{SERVICE_ACCOUNT}"
private_key_file = "private.key"
domain_id = {DOMAIN_ID}
"""


@pytest.fixture
def minimal(tmp_path: Path, rsa_key) -> Path:
    write_private(tmp_path / "private.key", pem(rsa_key))
    path = tmp_path / "config.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_minimal_file_gets_the_documented_defaults(minimal: Path):
    config = load_config(minimal)
    assert config.api_base_url == DEFAULT_API_BASE_URL == "https://www.worksapis.com/v1.0"
    assert config.auth_url == DEFAULT_AUTH_URL == "https://auth.worksmobile.com/oauth2/v2.0/token"
    assert config.scope == DEFAULT_SCOPE
    assert config.requests_per_minute == DEFAULT_REQUESTS_PER_MINUTE == 240
    assert config.timeout == DEFAULT_TIMEOUT
    assert config.domain_id == DOMAIN_ID
    # a relative key path is relative to the config file, not to the current directory
    assert config.private_key_file == minimal.parent / "private.key"
    assert config.private_key is not None and config.private_key.key_size == 2048
    assert "secret" not in repr(config)


def test_optional_keys_are_read(tmp_path: Path, key_file: Path):
    path = tmp_path / "c.toml"
    path.write_text(config_toml(api_base_url="https://api.example.test/v1.0/", auth_url="https://auth.example.test/t",
                                key=str(key_file), scope="user  user.read", requests_per_minute=60, timeout=2.5))
    config = load_config(path)
    assert config.api_base_url == "https://api.example.test/v1.0"  # trailing slash dropped
    assert config.scope == "user user.read"
    assert config.requests_per_minute == 60
    assert config.timeout == 2.5
    assert config.private_key_file == key_file


def test_path_resolution_explicit_then_env_then_user_config_dir(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HELPDESK_CONFIG", str(tmp_path / "from-env.toml"))
    assert config_path(tmp_path / "explicit.toml") == tmp_path / "explicit.toml"
    assert config_path() == tmp_path / "from-env.toml"
    monkeypatch.delenv("HELPDESK_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "helpdesk-tui" / "config.toml"


def test_env_variable_is_used_by_load_config(minimal: Path, monkeypatch):
    monkeypatch.setenv("HELPDESK_CONFIG", str(minimal))
    assert load_config().client_id == CLIENT_ID


def test_missing_file(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("HELPDESK_CONFIG", raising=False)
    message = refused(tmp_path / "nope.toml")
    assert "nope.toml" in message and "no such file" in message


def test_bad_toml_names_the_line(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[lineworks]\nclient_id = "a"\nclient_secret = oops\n', encoding="utf-8")
    message = refused(path)
    assert "not valid TOML" in message and "line 3" in message


def test_missing_keys_are_all_listed(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[lineworks]\nclient_id = "a"\n', encoding="utf-8")
    message = refused(path)
    assert "missing keys" in message
    for key in ("client_secret", "service_account", "private_key_file", "domain_id"):
        assert key in message
    assert "client_id," not in message.split("missing keys")[1]


def test_no_lineworks_table(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[console]\nlang = "ja"\n', encoding="utf-8")
    assert "no [lineworks] table" in refused(path)


def test_unknown_keys_are_refused_by_name(minimal: Path):
    minimal.write_text(MINIMAL + 'client_secrett = "typo"\nrate = 3\n', encoding="utf-8")
    message = refused(minimal)
    assert "unknown keys" in message and "client_secrett" in message and "rate" in message


def test_other_top_level_tables_are_left_alone(minimal: Path):
    minimal.write_text(MINIMAL + '\n[console]\nlang = "en"\n', encoding="utf-8")
    assert load_config(minimal).client_id == CLIENT_ID


@pytest.mark.parametrize("line, words", [
    ("domain_id = \"10000001\"", "domain_id must be the numeric domain ID"),
    ("domain_id = 0", "domain_id must be the numeric domain ID"),
    ("requests_per_minute = 0", "requests_per_minute must be a positive integer"),
    ("requests_per_minute = true", "requests_per_minute must be a positive integer"),
    ("timeout = -1", "timeout must be a positive number"),
    ("client_id = \"  \"", "client_id must be a non-empty string"),
    ("api_base_url = \"ftp://example.test\"", "api_base_url must be an https:// URL"),
    ("auth_url = \"http://auth.example.test/token\"", "auth_url must use https://"),
])
def test_bad_values(minimal: Path, line: str, words: str):
    key = line.split(" = ")[0]
    lines = [existing for existing in MINIMAL.splitlines() if not existing.startswith(key + " ")]
    minimal.write_text("\n".join(lines) + "\n" + line + "\n", encoding="utf-8")
    assert words in refused(minimal)


def test_plain_http_is_allowed_on_loopback_only(minimal: Path):
    minimal.write_text(MINIMAL + 'api_base_url = "http://127.0.0.1:8080/v1.0"\nauth_url = "http://localhost:1/t"\n')
    assert load_config(minimal).api_base_url == "http://127.0.0.1:8080/v1.0"


@pytest.mark.parametrize("mode, who", [(0o644, "others"), (0o604, "others"), (0o660, "group (write)"),
                                       (0o666, "group (write) and others")])
def test_key_readable_by_others_is_refused_with_the_chmod_hint(minimal: Path, mode: int, who: str):
    key = minimal.parent / "private.key"
    key.chmod(mode)
    message = refused(minimal)
    assert f"accessible to {who}" in message
    assert f"chmod 600 {key}" in message


@pytest.mark.parametrize("mode", [0o400, 0o600, 0o640])
def test_owner_and_group_read_modes_are_accepted(minimal: Path, mode: int):
    key = minimal.parent / "private.key"
    key.chmod(mode)  # 0640: the helpdesk group's operators on a shared host
    assert load_config(minimal).private_key is not None


def test_missing_key_file(minimal: Path):
    (minimal.parent / "private.key").unlink()
    assert "private key file not found" in refused(minimal)


def test_not_pem(minimal: Path):
    write_private(minimal.parent / "private.key", b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
    assert "not a PEM private key" in refused(minimal)


def test_not_rsa(minimal: Path):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    write_private(minimal.parent / "private.key", pem(ec_key))
    message = refused(minimal)
    assert "not an RSA private key" in message and "RS256" in message


def test_encrypted_key(minimal: Path, rsa_key):
    data = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.BestAvailableEncryption(b"pass"))
    write_private(minimal.parent / "private.key", data)
    assert "encrypted" in refused(minimal)


def test_public_key_is_not_a_private_key(minimal: Path, rsa_key):
    data = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    write_private(minimal.parent / "private.key", data)
    assert "not a readable PEM private key" in refused(minimal)
