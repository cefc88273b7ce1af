"""The blocked-member list (seed 003 「ブロックリストをダウンロードする」) as CSV or .xlsx.

Seed 003: the list of members whose app access is blocked, with メンバー名, メールアドレス,
職級, 電話番号, 携帯番号, 勤務先, 組織, 役職名. Deleted members are not listed.

The file holds personal data and member data is untrusted, so:

* only a supervisor or the administrator may write it (an agent's attempt is refused and
  audited);
* every cell is made visible (control characters shown, never passed through) and
  defused against spreadsheet formula injection (:func:`defuse_cell`);
* the file is written whole or not at all (a temporary file in the target directory,
  then a rename), mode 0600, and never over an existing file unless asked;
* the export is audited; if the audit entry cannot be committed the file is removed.

CSV is what Excel opens correctly with Japanese text: UTF-8 with a BOM, CRLF line ends.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.audit import record
from helpdesk_tui.localized import INPUT, REFUSED, LocalizedError
from helpdesk_tui.safe_text import visible
from helpdesk_tui.actions.catalog import SPECS
from helpdesk_tui.boundary.identity import through_boundary
from helpdesk_tui.glossary import ROLES

ACTION = "export-blocked-members"
FORMATS = ("csv", "xlsx")

# (member field, catalogue key of the column header) in the vendor file's order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "exports.column.name"),
    ("email", "exports.column.email"),
    ("rank", "exports.column.rank"),
    ("phone", "exports.column.phone"),
    ("mobile", "exports.column.mobile"),
    ("workplace", "exports.column.workplace"),
    ("department", "exports.column.department"),
    ("position", "exports.column.position"),
)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV
# injection"); the full-width forms too, which Japanese Excel converts on entry.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Excel's limit for one cell.
CELL_MAX = 32767
FILE_MODE = 0o600


class ExportError(LocalizedError):
    """Why the blocked-member list was not written (``exports.error.<code>``)."""

    prefix = "exports"


class ExportRefused(ExportError):
    """A rule forbids it (the operator's role): audited."""

    kind = REFUSED


class ExportInputError(ExportError):
    """The request itself cannot be carried out (format, path); nothing was written."""

    kind = INPUT


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    count: int

    def to_dict(self) -> dict:
        return {"path": str(self.path), "format": self.format, "count": self.count}


# --------------------------------------------------------------------------- rows


def blocked_members(store: Any) -> list[dict]:
    """Members with ``app_access_blocked`` that are not deleted, by organisation (members
    without one last), then name (in reading order when the kana is known), then id.
    Each row holds the raw values of :data:`COLUMNS` plus ``id``."""
    keyed = []
    for member in store.iter_members():
        if not member.get("app_access_blocked") or member.get("status") == "deleted":
            continue
        row = {"id": member.get("id"), **{field: member.get(field) for field, _ in COLUMNS}}
        department, name = row["department"] or "", row["name"] or ""
        keyed.append(((not department, department, member.get("kana") or name, name, row["id"] or ""), row))
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed]


def defuse_cell(value: object) -> str:
    """``value`` as a cell that a spreadsheet shows as typed and never evaluates.

    Control characters become visible stand-ins (``safe_text.visible``; a tab or line
    break cannot split a row); a value starting like a formula gets a leading
    apostrophe; the text is cut to Excel's cell limit."""
    text = visible(value, max_length=CELL_MAX - 1)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def headers(lang: str = "ja") -> list[str]:
    """The column names: the seed's Japanese ones (what the vendor's file has) or English."""
    from helpdesk_tui.i18n import catalogue

    labels = catalogue(lang)
    return [labels.t(key) for _, key in COLUMNS]


def format_for(path: str | os.PathLike) -> str | None:
    """``csv`` / ``xlsx`` from the file name's extension; None when it is neither."""
    suffix = Path(path).suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx"}.get(suffix)


# --------------------------------------------------------------------------- rendering


def render_csv(rows: list[dict], lang: str = "ja") -> bytes:
    """UTF-8 with a BOM (Excel then reads Japanese correctly), CRLF, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers(lang))
    for row in rows:
        writer.writerow([defuse_cell(row.get(field)) for field, _ in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def render_xlsx(rows: list[dict], lang: str = "ja") -> bytes:
    """One sheet: a bold, frozen header row with a filter, every value stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from helpdesk_tui.i18n import catalogue

    book = Workbook()
    sheet = book.active
    sheet.title = catalogue(lang).t("exports.sheet-title")[:31]
    names = headers(lang)
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_cells(name) for name in names]
    for row_number, row in enumerate(rows, start=2):
        for column, (field, _) in enumerate(COLUMNS, start=1):
            value = defuse_cell(row.get(field))
            cell = sheet.cell(row=row_number, column=column)
            cell.number_format = "@"  # text, also when someone edits it later
            if value:
                cell.value = value
                cell.data_type = "s"  # stored as a string, whatever it looks like
            widths[column - 1] = max(widths[column - 1], _cells(value))
    for column, width in enumerate(widths, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    moment = clock.now().astimezone(timezone.utc).replace(tzinfo=None)
    book.properties.creator = "helpdesk-tui"
    book.properties.created = book.properties.modified = moment
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(text: str) -> int:
    """Display width: a Japanese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --------------------------------------------------------------------------- export


def check_export(store: Any, operator: dict, fmt: str, where: dict) -> str:
    """The rules every export of the list passes first: the operator's role (the action
    catalogue's; a refusal is audited with ``where`` the file was to go) and the format.
    Returns the operator's username for the audit entry."""
    username = str(operator.get("username") or "?")
    role = operator.get("role")
    if role not in ROLES or not SPECS[ACTION].allowed_for(role):
        problem = ExportRefused("not-allowed", role=role or "-")
        with store.transaction() as tx:
            record(tx, operator=username, action=ACTION, outcome="refused",
                   **problem.audit_details(), format=fmt, **where)
        raise problem
    if fmt not in FORMATS:
        raise ExportInputError("bad-format", format=fmt)
    return username


def export_blocked_members(store: Any, operator: dict, fmt: str, path: str | os.PathLike, *,
                           overwrite: bool = False, lang: str = "ja") -> ExportResult:
    """Write the blocked-member list to ``path`` as ``fmt`` ("csv" or "xlsx") and audit it.

    Raises :class:`ExportRefused` (audited) when the operator is neither supervisor nor
    admin, :class:`ExportInputError` for an unknown format, an existing file (unless
    ``overwrite``) or a directory that is missing or not writable; nothing is written
    then. Store errors propagate (the file is removed if the audit cannot be recorded)."""
    target = Path(path).expanduser().absolute()
    username = check_export(store, operator, fmt, {"path": str(target)})
    if through_boundary():  # the service account never writes where the caller chose
        raise ExportInputError("through-boundary", path=str(target))
    _check_target(target, overwrite)

    rows = blocked_members(store)
    data = render_csv(rows, lang) if fmt == "csv" else render_xlsx(rows, lang)
    temp = _write_temp(target, data)
    published = False
    try:
        with store.transaction() as tx:
            record(tx, operator=username, action=ACTION, outcome="done",
                   format=fmt, count=len(rows), path=str(target))
            _publish(temp, target, overwrite)
            published = True
    except BaseException:
        # The audit entry was not committed: the file must not exist without it.
        if published:
            target.unlink(missing_ok=True)
        temp.unlink(missing_ok=True)
        raise
    return ExportResult(target, fmt, len(rows))


def _check_target(target: Path, overwrite: bool) -> None:
    directory = target.parent
    if not directory.is_dir():
        raise ExportInputError("no-directory", path=str(directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ExportInputError("not-writable", path=str(directory))
    if target.is_dir():
        raise ExportInputError("is-directory", path=str(target))
    if target.exists() and not overwrite:
        raise ExportInputError("exists", path=str(target))


def _write_temp(target: Path, data: bytes) -> Path:
    """``data`` in a 0600 temporary file beside ``target`` (same file system, so the
    rename is atomic), flushed to disk."""
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as problem:
        raise ExportInputError("write-failed", path=str(target), detail=problem.strerror or problem) from problem
    temp = Path(name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as problem:
        temp.unlink(missing_ok=True)
        raise ExportInputError("write-failed", path=str(target), detail=problem.strerror or problem) from problem
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _publish(temp: Path, target: Path, overwrite: bool) -> None:
    """Move the finished file into place. Without ``overwrite`` a hard link refuses a
    file created meanwhile (no check-then-replace race); a file system without hard
    links falls back to a last check and a rename."""
    try:
        if overwrite:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise ExportInputError("exists", path=str(target)) from None
            except OSError:
                if target.exists():
                    raise ExportInputError("exists", path=str(target)) from None
                os.replace(temp, target)
            else:
                temp.unlink()
    except ExportError:
        raise
    except OSError as problem:
        raise ExportInputError("write-failed", path=str(target), detail=problem.strerror or problem) from problem
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
