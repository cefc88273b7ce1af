"""Every action of seed 003, with what it is and the rules that come with it.

``kind`` decides the verification gate (GLOSSARY "Identity verification methods"):
protective actions (suspend, block, logout, wipe) never wait for a verification; the
restorative ones, which give access back (password change, unsuspend, unblock, contact
change, restore, unlink, ID change), need one recorded on the ticket. ``request`` actions
ask the member to do something and give nobody access; ``report`` reads only.

``min_role`` follows GLOSSARY "Operator roles": an agent may only request a password
change; admin-only are factory reset, the initial-ID change and restoring a member; a
supervisor may do the rest on ordinary members. Any action on an administrator's account
is the top administrator's (enforced in :mod:`helpdesk_tui.actions.gate`).

Each action cites the seed-003 heading its rule and consequences come from; the
consequence sentences live in the catalogue (``actions.consequence.<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_tui.glossary import ACTIONS, ROLES

SEED = "003_742dfa6b2af9907e.txt"

PROTECTIVE = "protective"
RESTORATIVE = "restorative"
REQUEST = "request"
REPORT = "report"

# What an action works on besides the member.
MEMBER, SESSION, DEVICE, MEMBERS, TENANT = "member", "session", "device", "members", "tenant"


@dataclass(frozen=True)
class ActionSpec:
    id: str
    kind: str
    min_role: str
    target: str
    heading: str
    seed: str = SEED
    typed_back: bool = False  # irreversible or wide: the target is typed back
    ends_sessions: bool = False  # the member is out of every service within 5 minutes
    sets_password: bool = False  # a one-time temporary password is shown once

    @property
    def restorative(self) -> bool:
        return self.kind == RESTORATIVE

    def allowed_for(self, role: str) -> bool:
        return ROLES.index(role) >= ROLES.index(self.min_role)


_SPECS = (
    ActionSpec("force-password-change", RESTORATIVE, "supervisor", MEMBER, "パスワードを強制変更する",
               ends_sessions=True, sets_password=True),
    ActionSpec("request-password-change", REQUEST, "agent", MEMBER, "パスワード変更を要請する"),
    ActionSpec("suspend", PROTECTIVE, "supervisor", MEMBER, "アカウントを一時停止する", ends_sessions=True),
    ActionSpec("unsuspend", RESTORATIVE, "supervisor", MEMBER, "一時停止を解除する"),
    ActionSpec("block-app-access", PROTECTIVE, "supervisor", MEMBER, "アクセスブロックを設定する"),
    ActionSpec("unblock-app-access", RESTORATIVE, "supervisor", MEMBER, "ブロックを解除する"),
    ActionSpec("disconnect-session", PROTECTIVE, "supervisor", SESSION, "メンバーのアクセス状況と強制ログアウト"),
    ActionSpec("force-logout", PROTECTIVE, "supervisor", MEMBER, "強制ログアウト"),
    ActionSpec("wipe-app-data", PROTECTIVE, "supervisor", DEVICE, "メンバーが使用中のデバイス"),
    ActionSpec("factory-reset-device", PROTECTIVE, "admin", DEVICE, "メンバーが使用中のデバイス",
               typed_back=True),
    ActionSpec("unlink-line-login", RESTORATIVE, "supervisor", MEMBER, "外部サービスを使用したログインの解除 (LINE)"),
    ActionSpec("change-initial-id", RESTORATIVE, "admin", MEMBER, "ID 変更", ends_sessions=True,
               sets_password=True),
    ActionSpec("restore-member", RESTORATIVE, "admin", MEMBER, "メンバーのセキュリティ情報を確認する"),
    ActionSpec("update-recovery-contact", RESTORATIVE, "supervisor", MEMBER, "メールアドレス登録ミス",
               seed="001_b012fa257ec9fb04.txt"),
    ActionSpec("request-login-info-change", REQUEST, "supervisor", MEMBERS, "ログイン情報の変更を要請する",
               typed_back=True),
    ActionSpec("export-blocked-members", REPORT, "supervisor", TENANT, "ブロックリストをダウンロードする"),
)

SPECS: dict[str, ActionSpec] = {spec.id: spec for spec in _SPECS}
assert tuple(SPECS) == ACTIONS, "one spec per glossary action, in the glossary's order"

# Actions run on one member from the action pane (the bulk request and the export have
# their own screens and commands).
MEMBER_ACTIONS = tuple(a for a, spec in SPECS.items() if spec.target in (MEMBER, SESSION, DEVICE))


def spec(action: str) -> ActionSpec:
    from helpdesk_tui.actions.errors import ActionInputError

    try:
        return SPECS[action]
    except KeyError:
        raise ActionInputError("unknown-action", action=action, known=", ".join(ACTIONS)) from None
