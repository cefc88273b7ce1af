"""Mail-server migration (seed 002), without any presentation.

    find_server_ip(text, *, server=None) -> ReceivedIP     # received.py: the old server's IP
    checklist(tenant) / load_checklist(store) -> Checklist # migration.py: the zero-loss steps
    mark_step(store, operator, step, *, done=True, server_ip=None) -> Checklist
    request_switch(store, operator, switch_at) -> Checklist
    check_switch_time(at, now) -> SwitchTimeCheck          # weekday 9:00–17:30, not same day

Failures raise :class:`MigrationError` subclasses (``code``, ``message(lang)``, ``kind``).
"""

from helpdesk_tui.mail.hops import Hop
from helpdesk_tui.mail.migration import (
    Checklist,
    MigrationError,
    MigrationInputError,
    MigrationRefused,
    StepState,
    checklist,
    load_checklist,
    mark_step,
    request_switch,
)
from helpdesk_tui.mail.received import RULES, ReceivedIP, find_server_ip
from helpdesk_tui.mail.steps import PARALLEL_PERIOD, STEP_IDS, STEPS, Step
from helpdesk_tui.mail.switchtime import (
    JST,
    SwitchTimeCheck,
    check_switch_time,
    earliest_slot,
    parse_switch_time,
)

__all__ = [
    "JST",
    "PARALLEL_PERIOD",
    "RULES",
    "STEPS",
    "STEP_IDS",
    "Checklist",
    "Hop",
    "MigrationError",
    "MigrationInputError",
    "MigrationRefused",
    "ReceivedIP",
    "Step",
    "StepState",
    "SwitchTimeCheck",
    "check_switch_time",
    "checklist",
    "earliest_slot",
    "find_server_ip",
    "load_checklist",
    "mark_step",
    "parse_switch_time",
    "request_switch",
]
