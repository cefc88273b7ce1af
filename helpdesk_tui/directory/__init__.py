"""The member directory behind the store: TinyDB (the store itself) or LINE WORKS API 2.0
(the store's members are a mirror). See :mod:`.backends`; :mod:`.guided` holds seed 003's
admin-screen steps for what the API does not offer. No Textual here.

    backend = TinyDbBackend(store_path) | LineWorksBackend(load_config(path))
    backend.label(); backend.sync(store) -> int; backend.read_member(store, id) -> LiveRead; backend.mode(action) -> local|api|guided
    run_action(store, operator, action, member_id, …, backend=backend)
"""

from helpdesk_tui.directory.backends import (
    API,
    API_ACTIONS,
    API_KEYS,
    GUIDED,
    LINEWORKS,
    LOCAL,
    NAMES,
    TINYDB,
    Applied,
    DirectoryBackend,
    LineWorksBackend,
    TinyDbBackend,
    make_backend,
)
from helpdesk_tui.directory.live import LiveRead
from helpdesk_tui.directory.mirror import mirror_record

__all__ = [
    "API", "API_ACTIONS", "API_KEYS", "GUIDED", "LINEWORKS", "LOCAL", "NAMES", "TINYDB", "Applied",
    "DirectoryBackend", "LineWorksBackend", "LiveRead", "TinyDbBackend", "make_backend", "mirror_record",
]
