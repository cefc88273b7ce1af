"""Where the store lives: --store, then $HELPDESK_STORE, then the user's data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path


def store_path(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("HELPDESK_STORE")
    if env:
        return Path(env).expanduser()
    return user_data_path("helpdesk-tui") / "store"
