"""The bot and undelete endpoints, against the loopback stand-in, and ``bot_id`` settings."""

from __future__ import annotations

import pytest

from helpdesk_tui.lineworks import ApiRefused, ConfigError, Directory, load_config


def test_bot_id_is_read_and_checked(config_file):
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text + "bot_id = 2000001\n", encoding="utf-8")
    assert load_config(config_file).bot_id == "2000001"
    config_file.write_text(text + 'bot_id = "my bot"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="bot_id must be the bot's numeric ID"):
        load_config(config_file)


def test_a_bot_message_reaches_one_user(make_client, fake_api):
    fake_api.add_user("u1", "taro@example.co.jp", "田中", "太郎")
    Directory(make_client()).send_bot_message("2000001", "taro@example.co.jp", "こんにちは")
    assert fake_api.bot_messages == [{"bot": "2000001", "user": "u1", "text": "こんにちは"}]
    assert fake_api.seen("POST", "/bots/{bot}/users/{id}/messages")[0].path.endswith("/taro%40example.co.jp/messages")


def test_undelete_restores_and_refuses_a_member_who_is_not_deleted(make_client, fake_api):
    fake_api.add_user("u1", "taro@example.co.jp", "田中", "太郎", isDeleted=True)
    directory = Directory(make_client())
    directory.undelete("u1")
    assert directory.get_user("u1").member["status"] == "active"
    with pytest.raises(ApiRefused, match="not deleted"):
        directory.undelete("u1")
