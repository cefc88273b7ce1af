#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run the whole suite.
# (README: "Run every test".)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""

# need COMMAND PACKAGE [SERVICE…]: install PACKAGE from Debian when COMMAND is missing.
# A package's own service must not start (Debian's nsd or unbound would hold port 53 on
# the machine): a policy-rc.d that refuses service starts is in place for the install
# (removed only if we created it), and the named units are disabled afterwards.
need() {
    local command="$1" package="$2"
    shift 2
    if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ]; then
        return 0
    fi
    local policy_created="" installed=yes
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        policy_created=yes
    fi
    if [ -z "$apt_updated" ]; then
        as_root apt-get update -qq || installed=""
        apt_updated=yes
    fi
    [ -z "$installed" ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null \
        || installed=""
    if [ -n "$policy_created" ]; then
        as_root rm -f /usr/sbin/policy-rc.d
    fi
    [ -n "$installed" ] || { echo "scripts/test.sh: installing $package failed" >&2; exit 1; }
    if [ "$#" -gt 0 ] && [ -d /run/systemd/system ]; then
        as_root systemctl disable --now "$@" >/dev/null 2>&1 || true
    fi
}

# tmux drives the end-to-end tests in a real terminal.
need tmux tmux
# nsd is the real authoritative DNS server the DNS tests (tests/dns) start on loopback,
# unprivileged, on a free port; unbound the real recursive resolver beside it (stub
# zones to the nsd instances).
need nsd nsd nsd
need unbound unbound unbound unbound-resolvconf
# The privilege-boundary tests (tests/boundary) run real sudo as throwaway OS accounts
# (useradd/runuser, as root) and keep their audit witness in a root-owned append-only
# file (chattr) or a private rsyslogd; rsyslog is the default witness in production.
need sudo sudo
need rsyslogd rsyslog
need chattr e2fsprogs
need runuser util-linux

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"
