"""Deterministic demo tenant generator (``helpdesk-tui demo``); see ``generator``."""

from helpdesk_tui.demo.generator import EDGE_CASES, HOSTILE_NAMES, TRIAL_MODES, edge_id, generate

__all__ = ["EDGE_CASES", "HOSTILE_NAMES", "TRIAL_MODES", "edge_id", "generate"]
