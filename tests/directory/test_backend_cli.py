"""``helpdesk-tui --backend lineworks --config FILE sync`` and ``action suspend … --yes``
against the loopback fake API, as a user runs them (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.demo_store import make_demo_store, member_id
from tests.directory.lw_mirror import seed_fake


def cli(*args, store):
    env = dict(os.environ, HELPDESK_NOW="2026-11-20T10:00:00+09:00", NO_PROXY="127.0.0.1,localhost")
    env.pop("HELPDESK_STORE", None)
    env.pop("HELPDESK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "helpdesk_tui", "--store", str(store), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_sync_and_suspend_through_the_api(tmp_path, fake_api, config_file):
    store = make_demo_store(tmp_path / "store", members=40, role="admin")
    seed_fake(fake_api, store.iter_members())
    done = cli("--backend", "lineworks", "--config", str(config_file), "sync", "--json", store=store.path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["members"] == len(fake_api.users)
    target = member_id("edge-active")
    done = cli("action", "suspend", target, "--yes", "--json", "--backend", "lineworks",
               "--config", str(config_file), store=store.path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "done"
    assert fake_api.users[target]["isSuspended"] is True
    assert store.get_member(target)["status"] == "suspended-admin"


def test_a_world_readable_key_is_a_clear_error(tmp_path, config_file):
    store = make_demo_store(tmp_path / "store", members=20, role="admin")
    (config_file.parent / "private.key").chmod(0o644)
    done = cli("--backend", "lineworks", "--config", str(config_file), "sync", store=store.path)
    assert done.returncode == 3
    assert "chmod 600" in done.stderr and "Traceback" not in done.stderr
