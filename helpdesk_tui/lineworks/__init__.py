"""LINE WORKS API 2.0: configuration, service-account auth, HTTP client, member operations.

No Textual here (domain layer). Typical use::

    from helpdesk_tui.lineworks import Directory, LineWorksClient, load_config

    with LineWorksClient(load_config()) as client:
        directory = Directory(client)
        for user in directory.iter_users():
            user.member      # import-format member dict (GLOSSARY "Import format")
        directory.suspend("tanaka@example.co.jp")

Every failure is a :class:`LineWorksError` subclass with a plain message (``errors``).
"""

from helpdesk_tui.lineworks.auth import AccessToken, TokenCache, make_assertion, request_token
from helpdesk_tui.lineworks.client import LineWorksClient, RateLimiter, parse_retry_after
from helpdesk_tui.lineworks.config import ConfigError, LineWorksConfig, config_path, load_config
from helpdesk_tui.lineworks.directory import Directory, DirectoryUser, to_directory_user, user_to_member
from helpdesk_tui.lineworks.errors import (
    ApiAuthFailed,
    ApiNotFound,
    ApiRateLimited,
    ApiRefused,
    ApiUnavailable,
    LineWorksError,
    WriteOutcomeUnknown,
)

__all__ = [
    "AccessToken",
    "ApiAuthFailed",
    "ApiNotFound",
    "ApiRateLimited",
    "ApiRefused",
    "ApiUnavailable",
    "ConfigError",
    "Directory",
    "DirectoryUser",
    "LineWorksClient",
    "LineWorksConfig",
    "LineWorksError",
    "RateLimiter",
    "TokenCache",
    "WriteOutcomeUnknown",
    "config_path",
    "load_config",
    "make_assertion",
    "parse_retry_after",
    "request_token",
    "to_directory_user",
    "user_to_member",
]
