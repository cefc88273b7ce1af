"""An action's commit, as the console runs it: ``run_action`` of a real action with a
ticket, so one transaction updates the member, appends the ticket's timeline entry, the
member's notifications and the hash-chained audit entry (PRODUCT "Targets")."""

from __future__ import annotations

import os

from bench.fixtures import store_with_audit
from bench.stats import line, summary, timed
from helpdesk_tui.actions import run_action
from helpdesk_tui.operators import require_operator
from helpdesk_tui.store import Store
from helpdesk_tui.tickets import open_ticket


def run(members: int, log_sizes: list[int], runs: int = 200) -> None:
    for size in log_sizes:
        path = store_with_audit(members, size)
        os.sync()  # let the fill's writeback finish before timing anything
        store = Store.open(path)
        operator = require_operator(store)
        ids = [m["id"] for m in store.iter_members()
               if m["status"] in ("active", "away") and not m.get("is_admin") and not m.get("is_top_admin")
               and not m.get("password_change_requested")][:runs]
        samples = []
        for member_id in ids:
            ticket = open_ticket(store, operator, member_id, "password-forgotten")["id"]
            samples += timed(lambda m=member_id, t=ticket: run_action(
                store, operator, "request-password-change", m, ticket=t), runs=1)
        count = store.log_count("audit")
        line(f"action commit ({members:,} members, {count:,} audit)", summary(samples))
