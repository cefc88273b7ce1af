"""The tenant's zero-loss mail-server migration checklist (seed 002), kept in the tenant.

Stored as the tenant's ``mail_migration`` object::

    {"server_ip": "203.0.113.25" | null,        # the current server's address (step 1)
     "switch_at": "2026-11-24T10:00:00+09:00" | null,  # the requested DNS switch
     "steps": [{"step": "server-ip-found", "done": true, "by": "alice",
                "at": "2026-11-20T10:00:00+09:00"}, ...]}

One entry per step that was ever marked, holding who marked it done or undone, and when
(the audit log has the full history). Marking follows ``steps.REQUIRES``; a step that a
later done step depends on cannot be undone before it. The DNS switch is requested with a
time (``request_switch``), which must meet the provider's hours (``switchtime``); the
parallel week can be ticked only a week after that time. Changes are the tenant
administrator's (role ``admin``); every change and refusal is audited.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.domains.errors import INPUT, REFUSED, LocalizedError
from helpdesk_tui.domains.model import parse_time
from helpdesk_tui.domains.txn import audited_change, require_admin
from helpdesk_tui.mail.steps import BY_ID, PARALLEL_PERIOD, REQUIRES, STEP_IDS, STEPS
from helpdesk_tui.mail.switchtime import check_switch_time


class MigrationError(LocalizedError):
    prefix = "mail"
    labelled = {"problems": "mail.switch.problem."}


class MigrationInputError(MigrationError):
    kind = INPUT


class MigrationRefused(MigrationError):
    kind = REFUSED


@dataclass(frozen=True)
class StepState:
    id: str
    heading: str  # seed 002 heading
    done: bool
    by: str | None  # who last marked it (done or undone)
    at: datetime | None
    waiting_for: tuple[str, ...]  # required steps not done yet

    def to_json(self) -> dict:
        return {"step": self.id, "heading": self.heading, "done": self.done, "by": self.by,
                "at": clock.iso(self.at) if self.at else None,
                "waiting_for": list(self.waiting_for)}


@dataclass(frozen=True)
class Checklist:
    steps: tuple[StepState, ...]
    server_ip: str | None
    switch_at: datetime | None
    parallel_until: datetime | None  # keep the old server until then

    @property
    def next_step(self) -> str | None:
        return next((s.id for s in self.steps if not s.done), None)

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.steps)

    def to_json(self) -> dict:
        return {
            "steps": [s.to_json() for s in self.steps],
            "server_ip": self.server_ip,
            "switch_at": clock.iso(self.switch_at) if self.switch_at else None,
            "parallel_until": clock.iso(self.parallel_until) if self.parallel_until else None,
            "next_step": self.next_step,
            "complete": self.complete,
        }


def checklist(tenant: dict | None) -> Checklist:
    """The checklist as recorded in ``tenant`` (all steps open when nothing is)."""
    state = (tenant or {}).get("mail_migration") or {}
    marks = {e.get("step"): e for e in state.get("steps") or () if isinstance(e, dict)}
    done = {step for step, e in marks.items() if e.get("done") is True}
    steps = tuple(
        StepState(s.id, s.heading, s.id in done, marks.get(s.id, {}).get("by"),
                  parse_time(marks.get(s.id, {}).get("at")),
                  tuple(r for r in REQUIRES[s.id] if r not in done))
        for s in STEPS
    )
    switch_at = parse_time(state.get("switch_at")) if "switch-requested" in done else None
    return Checklist(steps, state.get("server_ip"), switch_at,
                     switch_at + PARALLEL_PERIOD if switch_at else None)


def load_checklist(store: Any) -> Checklist:
    return checklist(store.get_tenant())


def mark_step(store: Any, operator: dict, step: str, *, done: bool = True,
              server_ip: str | None = None) -> Checklist:
    """Mark ``step`` done (or, ``done=False``, undone). ``switch-requested`` is marked
    done through :func:`request_switch`, which needs the time."""
    if step not in BY_ID:
        raise MigrationInputError("unknown-step", step=step, steps=STEP_IDS)
    if server_ip is not None:
        try:
            server_ip = str(ipaddress.ip_address(server_ip.strip()))
        except ValueError:
            raise MigrationInputError("bad-ip", ip=server_ip) from None
    if done and step == "switch-requested":
        raise MigrationInputError("switch-needs-time")

    def body(tenant: dict):
        require_admin(operator, MigrationRefused, "mail checklist")
        now = clock.now()
        current = checklist(tenant)
        state = {s.id: s for s in current.steps}
        if done:
            _require_done(state, step)
            if step == "parallel-week" and current.parallel_until is None:
                # an imported "requested" without its time: the week cannot be counted
                raise MigrationRefused("steps-missing", step=step, missing=["switch-requested"])
            if step == "parallel-week" and now < current.parallel_until:
                raise MigrationRefused("parallel-too-early", until=current.parallel_until,
                                       switch_at=current.switch_at)
        else:
            later = [s for s, needs in REQUIRES.items() if step in needs and state[s].done]
            if later:
                raise MigrationRefused("undo-later-first", step=step, later=later)
        migration = _migration(tenant)
        if step == "server-ip-found" and done and server_ip is not None:
            migration["server_ip"] = server_ip
        if step == "switch-requested" and not done:
            migration["switch_at"] = None
        _put(migration, step, done, operator, now)
        return tenant, checklist(tenant), {"step": step, "done": done, "server_ip": server_ip}

    action = "mail-checklist-done" if done else "mail-checklist-undo"
    return audited_change(store, operator, action, {"step": step}, body)


def request_switch(store: Any, operator: dict, switch_at: datetime) -> Checklist:
    """Record the requested DNS switch time and tick ``switch-requested``: refused unless
    every earlier step is done and the time meets the provider's hours."""

    def body(tenant: dict):
        require_admin(operator, MigrationRefused, "mail checklist")
        now = clock.now()
        _require_done({s.id: s for s in checklist(tenant).steps}, "switch-requested")
        verdict = check_switch_time(switch_at, now)
        if not verdict.ok:
            raise MigrationRefused("switch-time", at=verdict.at, problems=list(verdict.problems),
                                   suggestion=verdict.suggestion)
        migration = _migration(tenant)
        migration["switch_at"] = clock.iso(verdict.at)
        _put(migration, "switch-requested", True, operator, now)
        return tenant, checklist(tenant), {"switch_at": clock.iso(verdict.at)}

    return audited_change(store, operator, "mail-switch-request", {"step": "switch-requested"}, body)


def _require_done(state: dict[str, StepState], step: str) -> None:
    if state[step].waiting_for:
        raise MigrationRefused("steps-missing", step=step, missing=list(state[step].waiting_for))


def _migration(tenant: dict) -> dict:
    migration = tenant.get("mail_migration") or {}
    migration.setdefault("server_ip", None)
    migration.setdefault("switch_at", None)
    migration.setdefault("steps", [])
    tenant["mail_migration"] = migration
    return migration


def _put(migration: dict, step: str, done: bool, operator: dict, now: datetime) -> None:
    entry = {"step": step, "done": done, "by": str(operator.get("username")), "at": clock.iso(now)}
    others = [e for e in migration["steps"] if isinstance(e, dict) and e.get("step") != step]
    migration["steps"] = sorted([*others, entry], key=lambda e: STEP_IDS.index(e["step"])
                                if e.get("step") in STEP_IDS else len(STEP_IDS))
