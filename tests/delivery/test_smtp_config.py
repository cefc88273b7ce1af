"""The ``[smtp]`` table: a typo or an unsafe setting is refused with the fix, never ignored."""

from __future__ import annotations

import pytest

from helpdesk_tui.delivery.config import load_smtp, parse_smtp
from helpdesk_tui.lineworks import ConfigError

BASE = {"host": "127.0.0.1", "port": 2525, "security": "none", "from": "helpdesk@sample.co.jp"}


def test_a_complete_table_with_a_password_file(tmp_path):
    secret = tmp_path / "smtp.password"
    secret.write_text("s3cret\n")
    secret.chmod(0o600)
    config = parse_smtp({**BASE, "username": "helpdesk", "password_file": "smtp.password"},
                        source=tmp_path / "config.toml")
    assert (config.host, config.port, config.security, config.username) == ("127.0.0.1", 2525, "none", "helpdesk")
    assert config.password == "s3cret" and "s3cret" not in repr(config)


@pytest.mark.parametrize("change, words", [
    ({"hots": "x"}, "unknown key"),
    ({"security": "ssl"}, "security must be one of"),
    ({"host": "smtp.example.co.jp"}, "only to a loopback host"),
    ({"from": "nobody"}, "from must be an e-mail address"),
    ({"port": 70000}, "port must be a port number"),
    ({"username": "helpdesk"}, "username needs password_file"),
])
def test_bad_settings_are_refused_with_the_reason(change, words):
    with pytest.raises(ConfigError, match=words):
        parse_smtp({**BASE, **change})


def test_a_password_file_others_can_read_is_refused(tmp_path):
    secret = tmp_path / "smtp.password"
    secret.write_text("s3cret")
    secret.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        parse_smtp({**BASE, "username": "u", "password_file": str(secret)})


def test_no_table_means_no_channel(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[lineworks]\n", encoding="utf-8")
    assert load_smtp(path) is None
