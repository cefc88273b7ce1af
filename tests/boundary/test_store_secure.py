"""``store secure`` (root): converts the old group-writable layout, refuses a store with a
planted link, refuses to run for anyone but root, and creates no account."""

from __future__ import annotations

import os
import stat
import subprocess

from helpdesk_tui.boundary.sysconfig import SYSTEM_CONFIG, load_system_config
from tests.accounts import uid_of
from tests.boundary.shared_host import SystemFiles, build_store


def _secure(tool, *args: str, user: str | None = None) -> subprocess.CompletedProcess:
    command = [str(tool), "store", "secure", *args]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")


def test_the_old_group_writable_layout_is_converted(accounts, installed_tool, open_tmp):
    group, service = accounts.group("hdg"), accounts.user("hds", system=True)
    store = open_tmp / "store"
    build_store(store, [{"username": "root", "role": "admin", "display_name": "R"}])
    os.chmod(store, 0o2770)  # the README's old recipe
    for directory, _dirs, names in os.walk(store):
        for name in names:
            os.chmod(os.path.join(directory, name), 0o660)
    with SystemFiles():
        result = _secure(installed_tool, "--store", str(store), "--service-user", service, "--group", group,
                         "--executable", str(installed_tool))
        assert result.returncode == 0, result.stderr
        assert f"%{group} ALL=({service}) NOPASSWD: {installed_tool}" in result.stdout  # printed, not installed
        config = load_system_config()
        assert config.store == store and config.service_user == service
        assert stat.S_IMODE(SYSTEM_CONFIG.stat().st_mode) == 0o644 and SYSTEM_CONFIG.stat().st_uid == 0
    for directory, dirs, names in os.walk(store):
        for name in [".", *dirs, *names]:
            st = os.lstat(os.path.join(directory, name))
            assert st.st_uid == uid_of(service)
            assert stat.S_IMODE(st.st_mode) == (0o700 if stat.S_ISDIR(st.st_mode) else 0o600)


def test_the_system_log_witness_is_set_up_with_its_file(accounts, installed_tool, open_tmp):
    from helpdesk_tui.boundary.secure import RSYSLOG_DROP_IN

    group, service = accounts.group("hdg"), accounts.user("hds", system=True)
    store, kept = open_tmp / "store", open_tmp / "witness.log"
    with SystemFiles():
        result = _secure(installed_tool, "--store", str(store), "--service-user", service, "--group", group,
                         "--executable", str(installed_tool), "--syslog-file", str(kept))
        assert result.returncode == 0, result.stderr
        assert load_system_config().witness == {"kind": "syslog", "tag": "helpdesk-tui-audit", "read": str(kept)}
        if RSYSLOG_DROP_IN.parent.is_dir():
            assert f'"helpdesk-tui-audit" {kept}' in RSYSLOG_DROP_IN.read_text()


def test_a_store_with_a_planted_link_is_refused(accounts, installed_tool, open_tmp):
    group, service = accounts.group("hdg"), accounts.user("hds", system=True)
    store = open_tmp / "store"
    build_store(store, [])
    (store / "members" / "999.json").symlink_to("/etc/shadow")
    with SystemFiles():
        result = _secure(installed_tool, "--store", str(store), "--service-user", service, "--group", group,
                         "--executable", str(installed_tool))
        assert result.returncode == 4 and "999.json is a link" in result.stderr
        assert not SYSTEM_CONFIG.exists()
    assert os.lstat(store).st_uid == 0 and os.stat("/etc/shadow").st_uid == 0


def test_only_root_may_secure_and_the_accounts_must_exist(accounts, installed_tool, open_tmp):
    someone = accounts.user("hdu")
    refused = _secure(installed_tool, "--store", str(open_tmp / "s"), "--service-user", "nobody",
                      "--group", "nogroup", user=someone)
    assert refused.returncode == 4 and "run it as root" in refused.stderr
    missing = _secure(installed_tool, "--store", str(open_tmp / "s"), "--service-user", "no-such-account-x",
                      "--group", "nogroup", "--executable", str(installed_tool))
    assert missing.returncode == 4 and "create it first" in missing.stderr
    assert not (open_tmp / "s").exists()
