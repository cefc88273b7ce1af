"""The admin-screen steps for the actions LINE WORKS API 2.0 does not offer.

With the live backend these actions are not faked: the console shows the operator the
numbered steps of seed 003 (``seeds/003_742dfa6b2af9907e.txt``) to do it in the admin
screen. Japanese: the seed's own numbered lists, verbatim (the number stripped), under the
heading each comes from; English: our translation. An action may chain two lists (first
open the member's login info, then the change itself); the steps are then numbered on.

restore-member is not here: the API offers it (``POST /users/{userId}/undelete``).

change-initial-id stays guided. The user update of API 2.0 (``PUT`` / ``PATCH
/users/{userId}``, developers.worksmobile.com/jp/reference/user-update and
user-update-partially) takes the login ID (``email``) as the key that names the user
(the SCIM form calls it ``userName``: "アカウント。メールアドレスと同じ",
developers.worksmobile.com/jp/docs/scim-user-update-put); the references we could read
document no change of the login ID through it, and seed 003's 「ID 変更」 sets the ID and a
password together, once, in the admin screen. Sending a new ``email`` in a PATCH would be
a guess at undocumented behaviour on a member's login, so the console shows the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

SEED = "003_742dfa6b2af9907e.txt"

_OPEN_JA = (
    "管理者画面上部の アイコンをクリックします。",
    "左側メニューで\u00a0[セキュリティ機能] をクリックします。",  # the seed has a no-break space
)
_OPEN_EN = (
    "Click the icon at the top of the admin screen.",
    "In the left menu, click [Security].",
)


@dataclass(frozen=True)
class Section:
    heading: str  # the seed-003 heading the steps are under
    ja: tuple[str, ...]
    en: tuple[str, ...]


_ACCESS = Section(
    "メンバーのアクセス状況と強制ログアウト",
    _OPEN_JA + ("組織図をクリック、または検索欄にキーワードを入力してセキュリティ情報を確認するメンバーをクリックして"
                "「メンバーセキュリティ」を開きます。",
                "[アクセス状況] をクリックします。"),
    _OPEN_EN + ("Click the organisation chart or search for the member, click the member and open "
                "\"Member security\".",
                "Click [Access status]."),
)
_DISCONNECT = Section(
    "強制ログアウト",
    ("「管理」の [切断] をクリックすると利用中のメンバーが LINE WORKS に接続中の画面から強制的にログアウトされ、"
     "ログイン画面が表示されます。",),
    ("Under \"Manage\", click [Disconnect] on the session: the member is logged out of that "
     "environment and sees the login screen.",),
)
_DEVICES = Section(
    "メンバーが使用中のデバイス",
    _OPEN_JA + ("組織図をクリック、または検索欄にキーワードを入力してセキュリティ情報を確認するメンバーをクリックして"
                "「メンバーセキュリティ」を開きます。",
                "[使用中のデバイス] をクリックします。右側の をクリックすると、デバイスの詳細情報を確認できます。"),
    _OPEN_EN + ("Click the organisation chart or search for the member, click the member and open "
                "\"Member security\".",
                "Click [Devices in use]. Click the icon on the right to see the device's details "
                "(remote device management: wipe app data / reset the device)."),
)
_LOGIN_INFO = Section(
    "メンバーのログイン情報",
    _OPEN_JA + ("組織図をクリック、または検索欄にキーワードを入力して、セキュリティ情報を確認するメンバーをクリックして"
                "「メンバーセキュリティ」を開きます。",
                "[ログイン情報] をクリックします。"),
    _OPEN_EN + ("Click the organisation chart or search for the member, click the member and open "
                "\"Member security\".",
                "Click [Login info]."),
)
_ID_CHANGE = Section(
    "ID 変更",
    ("「メンバーセキュリティ」で [ログイン情報] をクリックします。",
     "[ID変更] をクリックします。",
     "「ID/パスワードの変更」で ID およびパスワードを入力します。",
     "[変更する] をクリックします。"),
    ("In \"Member security\", click [Login info].",
     "Click [Change ID].",
     "Enter the ID and password under \"Change ID/password\".",
     "Click [Change]."),
)
_FORCE_PASSWORD = Section(
    "パスワードを強制変更する",
    ("「メンバーセキュリティ」で [ログイン情報] をクリックして [パスワード変更] をクリックします。",
     "[強制変更] をクリックします。",
     "メンバーの新しいパスワードを入力します。",
     "[変更する] をクリックします。"),
    ("In \"Member security\", click [Login info], then [Change password].",
     "Click [Force change].",
     "Enter the member's new password.",
     "Click [Change]."),
)
_REQUEST_PASSWORD = Section(
    "パスワード変更を要請する",
    ("「メンバーセキュリティ」で [ログイン情報] をクリックして [パスワード変更] をクリックします。",
     "[変更を要請] をクリックします。",
     "[要請する] をクリックします。"),
    ("In \"Member security\", click [Login info], then [Change password].",
     "Click [Request a change].",
     "Click [Request]."),
)
_UNLINK_LINE = Section(
    "外部サービスを使用したログインの解除 (LINE)",
    ("「メンバーセキュリティ」の [ログイン情報] をクリックします。メンバーが外部サービスを使用したログインを設定済みの場合、"
     "[解除] ボタンが表示されます。",
     "[解除] をクリックします。"),
    ("In \"Member security\", click [Login info]. If the member logs in with an external "
     "service, an [Unlink] button is shown.",
     "Click [Unlink]."),
)
_BLOCK = Section(
    "アクセスブロックを設定する",
    _OPEN_JA + ("組織図をクリック、または検索欄にキーワードを入力し、メンバーをクリックして「メンバーセキュリティ」を開きます。",
                "「メンバーセキュリティ」の [アクセスブロック] をクリックします。",
                "注意事項を確認して、[OK] をクリックします。"),
    _OPEN_EN + ("Click the organisation chart or search for the member, click the member and open "
                "\"Member security\".",
                "In \"Member security\", click [Block access].",
                "Read the notes and click [OK]."),
)
_UNBLOCK = Section(
    "ブロックを解除する",
    _OPEN_JA + ("組織図をクリック、または検索欄にキーワードを入力し、メンバーをクリックして「メンバーセキュリティ」を開きます。",
                "「メンバーセキュリティ」で [ブロック解除] をクリックします。"),
    _OPEN_EN + ("Click the organisation chart or search for the member, click the member and open "
                "\"Member security\".",
                "In \"Member security\", click [Unblock]."),
)

GUIDED: dict[str, tuple[Section, ...]] = {
    "force-password-change": (_LOGIN_INFO, _FORCE_PASSWORD),
    "request-password-change": (_LOGIN_INFO, _REQUEST_PASSWORD),
    "block-app-access": (_BLOCK,),
    "unblock-app-access": (_UNBLOCK,),
    "disconnect-session": (_ACCESS, _DISCONNECT),
    "wipe-app-data": (_DEVICES,),
    "factory-reset-device": (_DEVICES,),
    "unlink-line-login": (_LOGIN_INFO, _UNLINK_LINE),
    "change-initial-id": (_LOGIN_INFO, _ID_CHANGE),
}


def steps(action: str, lang: str = "ja") -> list[str]:
    """The admin-screen steps for ``action`` in ``lang`` (ja: the seed's words), in order."""
    return [step for section in GUIDED[action] for step in (section.ja if lang == "ja" else section.en)]


def headings(action: str) -> list[str]:
    """The seed-003 headings the steps come from."""
    return [section.heading for section in GUIDED[action]]
