"""Guided triage: decision trees as data (trees/*.json), the store checks that answer
questions by themselves, the walk, and the tree checker. No Textual here."""

from helpdesk_tui.triage.checks import CHECKS, Evidence, Facts
from helpdesk_tui.triage.engine import Step, TriageError, Walk, walk
from helpdesk_tui.triage.model import Choice, Node, Tree, TreeError, load_tree, text
from helpdesk_tui.triage.validate import TRIAGE_SYMPTOMS, check_trees

__all__ = [
    "CHECKS",
    "TRIAGE_SYMPTOMS",
    "Choice",
    "Evidence",
    "Facts",
    "Node",
    "Step",
    "Tree",
    "TreeError",
    "TriageError",
    "Walk",
    "check_trees",
    "load_tree",
    "text",
    "walk",
]
