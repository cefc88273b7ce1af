#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run the whole suite.
# (README: "Run every test".)
set -euo pipefail
cd "$(dirname "$0")/.."

# tmux drives the end-to-end test in a real terminal.
if ! command -v tmux >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq tmux >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq tmux >/dev/null
    fi
fi

# nsd is the real authoritative DNS server the DNS tests (tests/dns) start on loopback,
# unprivileged, on a free port. Installing the package must not leave Debian's system
# nsd running on port 53: a policy-rc.d that refuses service starts is put in place for
# the install (and removed only if we created it), and the unit is disabled.
if ! command -v nsd >/dev/null 2>&1 && [ ! -x /usr/sbin/nsd ]; then
    as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
    policy_created=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        policy_created=yes
    fi
    nsd_installed=yes
    as_root apt-get update -qq \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsd >/dev/null \
        || nsd_installed=""
    if [ -n "$policy_created" ]; then
        as_root rm -f /usr/sbin/policy-rc.d
    fi
    [ -n "$nsd_installed" ] || { echo "scripts/test.sh: installing nsd failed" >&2; exit 1; }
    if [ -d /run/systemd/system ]; then
        as_root systemctl disable --now nsd >/dev/null 2>&1 || true
    fi
fi

# unbound is the real recursive resolver the DNS tests start on loopback (unprivileged, a
# free port, stub zones to the nsd instances). Same guard as nsd: the package's service
# must not start and hold port 53 on the machine.
if ! command -v unbound >/dev/null 2>&1 && [ ! -x /usr/sbin/unbound ]; then
    as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
    policy_created=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        policy_created=yes
    fi
    unbound_installed=yes
    as_root apt-get update -qq \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unbound >/dev/null \
        || unbound_installed=""
    if [ -n "$policy_created" ]; then
        as_root rm -f /usr/sbin/policy-rc.d
    fi
    [ -n "$unbound_installed" ] || { echo "scripts/test.sh: installing unbound failed" >&2; exit 1; }
    if [ -d /run/systemd/system ]; then
        as_root systemctl disable --now unbound unbound-resolvconf >/dev/null 2>&1 || true
    fi
fi

# The privilege-boundary tests (tests/boundary) run real sudo as throwaway OS accounts
# (useradd/runuser, as root; they skip otherwise) and keep their audit witness in a
# root-owned append-only file (chattr); rsyslog is the default witness in production.
for tool in sudo:sudo rsyslogd:rsyslog chattr:e2fsprogs runuser:util-linux; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1 && [ ! -x "/usr/sbin/${tool%%:*}" ]; then
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null
        else
            sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null
        fi
    fi
done

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"
