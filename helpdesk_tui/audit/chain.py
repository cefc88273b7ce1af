"""The audit log's hash chain: each entry names its predecessor's hash.

An entry carries ``seq`` (1, 2, 3… its 1-based position in the log), ``prev`` (the hash
of the entry before it, ``""`` for the first chained entry) and ``hash``, the sha256 hex
of the canonical JSON of the entry without ``hash``. Editing an entry changes its hash;
removing, reordering or inserting entries breaks the ``seq`` / ``prev`` links.

Removing the *last* entries leaves a valid chain behind, so the chain head (seq and hash
of the newest entry) is also kept in the store's counters table (document
``audit-chain``), written in the same transaction as each append. ``verify.py`` compares
the log's end with it.

Entries written before the chain existed (no ``hash``) may only form a prefix of the
log; the first chained entry then has ``prev`` "" and ``seq`` = its position.

The chain is tamper-*evident* against edits of the files, not a signature: someone who
can write the store can recompute every hash and the head. It exists so that a careless
or hurried edit (or a lost segment) never goes unnoticed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from helpdesk_tui.audit import witness
from helpdesk_tui.store import applog

HEAD = "audit-chain"
"""Name of the counters-table document holding the chain head ``{"seq", "hash"}``."""

CHAIN_KEYS = ("seq", "prev", "hash")

# json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")), built once: the
# verifier encodes a million entries.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical(entry: dict) -> bytes:
    """The bytes that are hashed: sorted keys, no spaces, UTF-8 (``hash`` left out).

    ``surrogatepass`` keeps a lone surrogate (valid in JSON, not in UTF-8) hashable."""
    body = {key: value for key, value in entry.items() if key != "hash"}
    return _CANONICAL.encode(body).encode("utf-8", "surrogatepass")


def entry_hash(entry: dict) -> str:
    """sha256 hex of :func:`canonical` ``entry``."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def is_chained(entry: dict) -> bool:
    return "hash" in entry


def link(tx: Any, entry: dict) -> dict:
    """Give ``entry`` its ``seq``, ``prev`` and ``hash`` and move the head to it, inside
    transaction ``tx`` (the caller appends the entry in the same transaction).

    The head record is authoritative: after the last lines of the log were removed, the
    next entry still follows the recorded head, so the gap stays visible to ``verify``
    instead of being papered over. Without a head (a store from before the chain), the
    log's tail decides."""
    head = tx.counters.get_doc(HEAD)
    if head is not None:
        seq, prev = int(head["seq"]) + 1, str(head["hash"])
    else:
        last = tx.last_entry("audit")
        if last is None:
            seq, prev = 1, ""
        elif is_chained(last):
            seq, prev = int(last.get("seq", 0)) + 1, str(last["hash"])
        else:  # a legacy (unchained) prefix: the chain starts at this entry's position
            seq, prev = _entries_so_far(tx) + 1, ""
    entry["seq"], entry["prev"] = seq, prev
    entry["hash"] = entry_hash(entry)
    tx.counters.put_doc(HEAD, {"seq": seq, "hash": entry["hash"]})
    witness.note_head(tx, seq, entry["hash"])  # also outside the store, once committed
    return entry


def _entries_so_far(tx: Any) -> int:
    """Audit entries already in the log, this transaction's pending appends included.

    Needed once per store (the first chained entry after a legacy prefix). The
    Transaction exposes no log count, so this reads its store root and pending appends;
    ``count_entries`` does not count a torn final line, like every reader."""
    root = tx._root
    on_disk = sum(applog.count_entries(segment.path)
                  for segment in applog.list_segments(applog.log_dir(root, "audit")))
    pending = len(getattr(tx, "_appends", {}).get(("audit", 0), ()))
    return on_disk + pending
