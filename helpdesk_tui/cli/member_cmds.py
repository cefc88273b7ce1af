"""``helpdesk-tui member search|show``: the console's search and security view, scriptable.

``show`` reads the member from the directory at this moment (``--backend lineworks``: one
``GET /users/{userId}``) and says where the state came from; when the API cannot be
reached it shows the mirror marked "not live — mirror as of …". ``search`` searches the
mirror and says how old it is ("directory as of HH:MM"). Exit codes: 0 found, 1 no member
(``search`` with no hit too), 3 store / settings problem, 4 not an operator."""

from __future__ import annotations

import argparse

from helpdesk_tui import clock
from helpdesk_tui.cli.common import catalogue, open_backend, open_store
from helpdesk_tui.cli.live_read import live_member, when_formatter
from helpdesk_tui.directory.mirror import awaiting, last_sync
from helpdesk_tui.cli.errors import EXIT_NOT_FOUND, CliError, domain_errors
from helpdesk_tui.cli.output import emit_json, table
from helpdesk_tui.members import SecurityView, recovery_mobile_notes, security_view
from helpdesk_tui.text.wording import environment
from helpdesk_tui.safe_text import visible
from helpdesk_tui.search import MemberIndex
from helpdesk_tui.store import Store


def register(commands, common: argparse.ArgumentParser) -> None:
    member = commands.add_parser("member", help="find members and show their security view")
    verbs = member.add_subparsers(dest="verb", metavar="VERB", required=True)

    search = verbs.add_parser("search", parents=[common], help="search as the console does")
    search.add_argument("query", metavar="QUERY",
                        help="name, kana, ID, e-mail or phone number in any format")
    search.add_argument("--limit", type=int, default=50, metavar="N")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=run_search, uses_backend=True)

    show = verbs.add_parser("show", parents=[common], help="the seed-003 security view")
    show.add_argument("member_id", metavar="MEMBER", help="member id, or a query matching one member")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show, uses_backend=True)


def _store(args: argparse.Namespace) -> Store:
    return open_store(args)[0]


def run_search(args: argparse.Namespace) -> int:
    store = _store(args)
    backend = open_backend(args, store)  # settings checked; the search itself is the mirror's
    backend.close()
    with domain_errors():
        index = MemberIndex.build(store.iter_members())
        synced = last_sync(store) if backend.is_live else None
    result = index.search(args.query, limit=args.limit)
    as_of = clock.parse_iso(synced["at"]) if synced else None
    if args.json:
        out = {
            "query": args.query,
            "total": result.total,
            "truncated": result.truncated,
            "members": result.rows,
        }
        if backend.is_live:
            out["directory_as_of"] = clock.iso(as_of) if as_of else None
        emit_json(out)
        return 0 if result.total else EXIT_NOT_FOUND
    cat = catalogue(args)
    t = cat.t
    rows = [
        (r.get("id"), r.get("name"), r.get("kana"), t(f"status.{r.get('status')}"),
         r.get("department") or "")
        for r in result.rows
    ]
    headers = [t("cli.col.id"), t("cli.col.name"), t("cli.col.kana"), t("cli.col.status"),
               t("cli.col.department")]
    print(table(headers, rows, (28, 18, 18, 22, 12)))
    more = "+" if result.truncated else ""
    print(t("cli.search.count", count=f"{result.total}{more}"))
    if backend.is_live:
        when = when_formatter(cat.lang)
        print(t("live.directory-as-of", at=when(as_of)) if as_of else t("live.directory-never-synced"))
    return 0 if result.total else EXIT_NOT_FOUND


def run_show(args: argparse.Namespace) -> int:
    store = _store(args)
    member, read, backend = live_member(args, store, args.member_id)
    backend.close()
    now = clock.now()
    with domain_errors():
        view = security_view(store, member["id"], now)
    if view is None:
        raise CliError(f"no member with id {args.member_id!r}", EXIT_NOT_FOUND)
    cat = catalogue(args)
    if args.json:
        emit_json({**view.to_json(), "directory": read.to_json(), "awaiting": awaiting(view.member)})
        return 0
    marker = read.marker(cat.t, when_formatter(cat.lang))
    if marker:
        print(visible(marker))
    print(render_text(view, cat.t, cat.lang))
    return 0


def render_text(view: SecurityView, t, lang: str) -> str:
    """The security view as plain lines; every member value passes through visible().
    Times are shown in the tenant's time zone, as the console shows them."""
    from helpdesk_tui.i18n import format_datetime

    def _when(moment) -> str:
        return format_datetime(moment, lang)

    m = view.member
    status = t(f"status.{view.status}")
    if view.app_access_blocked:
        status += " / " + t("status.app-access-blocked")
    if awaiting(m):
        status += " / " + t("live.awaiting")
    lines = [
        f"{visible(m.get('name'))}  ({visible(m.get('kana'))})",
        f"{t('cli.field.id')}: {visible(m.get('id'))}",
        f"{t('cli.field.status')}: {status}",
    ]
    if view.deleted_at:
        key = "cli.restorable_until" if view.restorable else "cli.not_restorable"
        lines.append(f"  {t(key, when=_when(view.restorable_until))}")
    if view.password_change_requested:
        lines.append(f"  {t('cli.password_change_requested')}")
    access = view.last_access
    if access:
        parts = [_when(access.get("at")), visible(environment(access.get("environment"), t)),
                 *(visible(access.get(k)) for k in ("country", "ip"))]
        lines.append(f"{t('cli.field.last_access')}: " + " · ".join(p for p in parts if p))
    else:
        lines.append(f"{t('cli.field.last_access')}: —")
    lines.append(f"{t('cli.field.password_changed_at')}: {_when(view.password_changed_at)}")
    from helpdesk_tui.phone import national

    mobile = visible(national(view.recovery_mobile)) if view.recovery_mobile else "—"  # JSON: E.164
    info = view.recovery_mobile_info
    if info is not None:
        mobile += f"  ({t('phone.kind.' + info.kind)})"
    lines.append(f"{t('cli.field.recovery_mobile')}: {mobile}")
    lines += [f"  {sentence}" for _severity, sentence in recovery_mobile_notes(info, t)]
    lines.append(f"{t('cli.field.recovery_email')}: {visible(view.recovery_email) or '—'}")
    if not view.has_recovery_contact:
        lines.append(f"  {t('recovery.none')}")
    lines.append(f"{t('cli.field.line_login')}: {t('cli.yes' if view.line_linked else 'cli.no')}")
    lines.append(f"{t('cli.field.devices')}: {len(view.devices)}")
    for device in view.devices:
        mdm = "MDM" if device.get("mdm_registered") else "—"
        lines.append(f"  {visible(device.get('model'))}  {visible(device.get('os'))}  {mdm}")
    lines.append(f"{t('cli.field.access_history')}: {len(view.sessions)}")
    for row in view.sessions[:20]:
        mark = "●" if row.connected else " "
        lines.append(f"  {mark} {_when(row.started_at)}  {visible(environment(row.environment, t))}  "
                     f"{visible(row.country)}  {visible(row.ip)}")
    return "\n".join(lines)
