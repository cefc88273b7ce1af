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

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"
