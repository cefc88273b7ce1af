#!/usr/bin/env bash
# Set up and open the console on a built-in demo tenant (README: "Try it").
# Extra arguments go to `helpdesk-tui demo`, e.g. --members 5000 --lang en.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/helpdesk-tui demo --store ./demo-store --launch "$@"
