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
from datetime import datetime, timedelta
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.domains.errors import INPUT, REFUSED, LocalizedError
from helpdesk_tui.domains.model import parse_time
from helpdesk_tui.domains.txn import audited_change, require_admin
from helpdesk_tui.mail.steps import BY_ID, MAX_TTL, PARALLEL_PERIOD, REQUIRES, STEP_IDS, STEPS
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
    old_ttl: int | None = None  # the MX TTL before it was lowered (step ttl-lowered)
    ttl_ready_at: datetime | None = None  # lowered + one old TTL: the earliest safe switch
    new_server: str | None = None  # the new mail server (host or IP), for SPF and PTR

    def switch_too_soon(self, at: datetime) -> datetime | None:
        """When ``at`` comes before every cache has dropped the old TTL: the earliest
        safe time; None when ``at`` is fine (or the TTL step is not done yet)."""
        if self.ttl_ready_at is not None and at < self.ttl_ready_at:
            return self.ttl_ready_at
        return None

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
            "old_ttl": self.old_ttl,
            "ttl_ready_at": clock.iso(self.ttl_ready_at) if self.ttl_ready_at else None,
            "new_server": self.new_server,
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
    old_ttl = state.get("old_ttl") if isinstance(state.get("old_ttl"), int) else None
    lowered = parse_time(marks["ttl-lowered"].get("at")) if "ttl-lowered" in done else None
    ready = lowered + timedelta(seconds=old_ttl) if lowered and old_ttl is not None else None
    return Checklist(steps, state.get("server_ip"), switch_at,
                     switch_at + PARALLEL_PERIOD if switch_at else None, old_ttl, ready,
                     state.get("new_server") or None)


def load_checklist(store: Any) -> Checklist:
    return checklist(store.get_tenant())


def mark_step(store: Any, operator: dict, step: str, *, done: bool = True,
              server_ip: str | None = None, old_ttl: int | None = None,
              new_server: str | None = None) -> Checklist:
    """Mark ``step`` done (or, ``done=False``, undone). ``switch-requested`` is marked
    done through :func:`request_switch`, which needs the time; ``ttl-lowered`` needs the
    MX TTL as it was before lowering (``old_ttl``, seconds: caches may hold the old MX
    that long); ``accounts-created`` may record the new server (host or IP)."""
    if step not in BY_ID:
        raise MigrationInputError("unknown-step", step=step, steps=STEP_IDS)
    if done and step == "ttl-lowered":
        if old_ttl is None:
            raise MigrationInputError("ttl-needs-old")
        if isinstance(old_ttl, bool) or not isinstance(old_ttl, int) or not 0 <= old_ttl <= MAX_TTL:
            raise MigrationInputError("bad-ttl", ttl=old_ttl)
    if new_server is not None:
        new_server = _server_name(new_server)
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
        if step == "ttl-lowered" and done:
            migration["old_ttl"] = old_ttl
        if step == "accounts-created" and done and new_server is not None:
            migration["new_server"] = new_server
        if step == "switch-requested" and not done:
            migration["switch_at"] = None
        _put(migration, step, done, operator, now)
        details = {"step": step, "done": done, "server_ip": server_ip}
        if step == "ttl-lowered" and done:
            details["old_ttl"] = old_ttl
        return tenant, checklist(tenant), details

    action = "mail-checklist-done" if done else "mail-checklist-undo"
    return audited_change(store, operator, action, {"step": step}, body)


def request_switch(store: Any, operator: dict, switch_at: datetime) -> Checklist:
    """Record the requested DNS switch time and tick ``switch-requested``: refused unless
    every earlier step is done and the time meets the provider's hours."""

    def body(tenant: dict):
        require_admin(operator, MigrationRefused, "mail checklist")
        now = clock.now()
        current = checklist(tenant)
        _require_done({s.id: s for s in current.steps}, "switch-requested")
        verdict = check_switch_time(switch_at, now)
        if not verdict.ok:
            raise MigrationRefused("switch-time", at=verdict.at, problems=list(verdict.problems),
                                   suggestion=verdict.suggestion)
        ready = current.switch_too_soon(verdict.at)
        if ready is not None:  # caches could still hold the old MX at the switch
            raise MigrationRefused("ttl-too-soon", at=verdict.at, ready=ready, ttl=current.old_ttl)
        migration = _migration(tenant)
        migration["switch_at"] = clock.iso(verdict.at)
        _put(migration, "switch-requested", True, operator, now)
        return tenant, checklist(tenant), {"switch_at": clock.iso(verdict.at)}

    return audited_change(store, operator, "mail-switch-request", {"step": "switch-requested"}, body)


def _server_name(text: str) -> str:
    """The new server as an IP address or a host name; MigrationInputError otherwise."""
    from helpdesk_tui.dns import InvalidName, parse_domain

    value = text.strip()
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        pass
    try:
        return parse_domain(value).ascii
    except InvalidName:
        raise MigrationInputError("bad-server", server=text) from None


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
