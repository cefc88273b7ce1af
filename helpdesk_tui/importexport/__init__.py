"""Import validation, import and export (GLOSSARY "Import format").

    problems = validate(doc, member_exists=...)       # pure; [] when the document is fine
    doc = load_file("tenant.json")                    # ImportFileError: unreadable / bad JSON
    summary = import_document(store, doc, operator="alice")   # ImportRejected: nothing imported
    doc = export_document(store)                      # export | import round-trips
"""

from helpdesk_tui.importexport.exporter import export_document, sessions_from_events
from helpdesk_tui.importexport.importer import (
    ImportFileError,
    ImportRejected,
    ImportSummary,
    import_document,
    load_file,
    member_record,
    session_event,
)
from helpdesk_tui.importexport.state_changes import StateChange, StateChangesNeedConfirmation
from helpdesk_tui.importexport.validate import ImportProblem, validate

__all__ = [
    "ImportFileError",
    "ImportProblem",
    "ImportRejected",
    "ImportSummary",
    "StateChange",
    "StateChangesNeedConfirmation",
    "export_document",
    "import_document",
    "load_file",
    "member_record",
    "session_event",
    "sessions_from_events",
    "validate",
]
