"""One operator process for the concurrency test: block app access and request a
password change for each member named on the command line."""

import sys

from helpdesk_tui.actions import run_action
from helpdesk_tui.operators import require_operator
from helpdesk_tui.store import Store

store = Store.open(sys.argv[1])
operator = require_operator(store)
for member in sys.argv[2:]:
    run_action(store, operator, "block-app-access", member, timeout=60)
    run_action(store, operator, "request-password-change", member, timeout=60)
