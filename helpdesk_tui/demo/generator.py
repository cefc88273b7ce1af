"""Deterministic demo tenant: an import-format document (GLOSSARY "Import format").

``generate(members, seed, now)`` returns a document that ``importexport.validate`` accepts
and ``importexport.import_document`` loads (``helpdesk-tui demo`` does exactly that). The
same ``(members, seed, now, trial)`` always gives the same document: all randomness comes
from ``random.Random(seed)`` and all times from ``now``.

Tenant: 「株式会社サンプル」, primary domain ``sample.co.jp``, the provided
``sample-demo.by-works.com`` (in use) and a pending ``sample-group.jp``; password policy
8–20; plan per ``trial``: ``near-end`` (trial ends 3 days after ``now``), ``expired``
(ended 2 days before ``now``; seed 001 「無料トライアル期間の終了」) or ``paid``.

Edge-case members come first, so every one of them exists at any size of 40 or more
(smaller sizes keep the first ``members`` of the list). All are ``edge-…@sample.co.jp``:

================================  ==========================================================
id (local part)                   what it demonstrates (seed)
================================  ==========================================================
edge-top-admin                    最高管理者: ``is_top_admin`` and ``is_admin`` (000, 003)
edge-admin                        an administrator who is not the top administrator
edge-active                       healthy baseline: active, mobile + e-mail recovery contacts
edge-pending                      ``pending`` 登録待ち: never set a password, no sessions (003)
edge-away                         ``away`` 不在中 (003)
edge-suspended                    ``suspended-admin`` 一時停止 (管理者設定) (003)
edge-locked                       ``suspended-login-failure``: locked after repeated failed
                                  logins (003); its sessions are all disconnected
edge-blocked                      active + ``app_access_blocked``: apps refuse, the browser
                                  session still works (003 アクセスブロック)
edge-deleted-3d                   deleted 3 days ago: still restorable (7-day window, 003)
edge-deleted-8d                   deleted 8 days ago: past the 7-day restore window
edge-no-recovery                  no recovery contact at all (no recovery mobile or e-mail,
                                  no mobile): only an admin forced reset helps (001)
edge-landline                     recovery "mobile" is a landline 03… (cannot get SMS, 001/004)
edge-ip-phone                     recovery mobile is a 050 IP-phone number
edge-m2m                          recovery mobile is a 020 (M2M / pager) number
edge-hyphens                      recovery mobile written with hyphens 090-…-… (001: digits
                                  only)
edge-fullwidth                    recovery mobile in full-width digits ０９０…
edge-wrong-email                  mistyped personal e-mail ``…@gmial.com`` and no recovery
                                  mobile (001 メールアドレス登録ミス)
edge-line-initial-id              LINE-linked, auto-generated initial ID not yet changed
                                  (003 ID 変更: once only)
edge-line-id-changed              LINE-linked, initial ID already changed (no second change)
edge-mdm                          an MDM-registered iPhone (vendor ID, serial; wipe / factory
                                  reset possible) and a PC
edge-no-mdm                       an Android phone NOT registered with MDM (vendor ID /
                                  serial unknown: no remote wipe)
edge-password-requested           admin requested a password change; last change > 1 year
edge-abroad                       on a business trip: recent sessions from the US, Japanese
                                  recovery mobile (international SMS, 001)
edge-suspicious                   JP sessions plus a live session from an unfamiliar country
                                  an hour ago (account takeover drill, 001/003)
edge-name-markup                  name ``[bold]x[/]`` (Rich markup must stay text)
edge-name-close-tag               name ``[/]``
edge-name-ansi                    name ``\\x1b[31mred\\x1b[0m`` (ANSI SGR)
edge-name-osc                     name ``\\x1b]0;title\\x07`` (OSC: set terminal title)
edge-name-control                 name with BEL, BS, CR and TAB
edge-name-bidi                    name with U+202E RIGHT-TO-LEFT OVERRIDE (looks like
                                  佐藤 太郎 when rendered naively)
edge-name-long                    a 200+ character name (寿限無…)
edge-name-emoji                   emoji, a ZWJ family sequence and a flag
================================  ==========================================================

Ordinary members follow: Japanese names with hiragana readings and ~15 % English names
(kana from the katakana reading, in hiragana), departments, ranks, positions, workplaces,
office and mobile numbers, ~1.3 devices and ~3 sessions (last 90 days) per member, a
realistic spread of statuses and flags. Addresses are documentation ranges
(203.0.113.0/24, 198.51.100.0/24, 2001:db8::/32).
"""

from __future__ import annotations

import gc
import random
from bisect import bisect
from itertools import accumulate
from datetime import date, datetime, timedelta, timezone
from typing import Any

from helpdesk_tui import clock
from helpdesk_tui.demo import names as N

JST = timezone(timedelta(hours=9), "JST")

TENANT_NAME = "株式会社サンプル"
PRIMARY_DOMAIN = "sample.co.jp"
PROVIDED_DOMAIN = "sample-demo.by-works.com"
PENDING_DOMAIN = "sample-group.jp"
PASSWORD_POLICY = {"min_length": 8, "max_length": 20}
TRIAL_MODES = ("near-end", "expired", "paid")
TRIAL_NEAR_END_DAYS = 3
TRIAL_EXPIRED_DAYS_AGO = 2

DEMO_OPERATORS = (
    {"username": "demo-agent", "role": "agent", "display_name": "デモ 窓口担当"},
    {"username": "demo-supervisor", "role": "supervisor", "display_name": "デモ 二次対応"},
)

HISTORY_DAYS = 90
OFFICE_DID_FIRST, OFFICE_DID_COUNT = 1000, 800

DEPARTMENTS = (
    ("営業部", 22),
    ("開発部", 20),
    ("総務部", 8),
    ("人事部", 6),
    ("情報システム部", 6),
    ("経理部", 7),
    ("マーケティング部", 8),
    ("カスタマーサポート部", 12),
    ("法務部", 3),
    ("経営企画部", 4),
    ("製造部", 10),
)
RANKS = (("部長", 3), ("次長", 2), ("課長", 8), ("係長", 10), ("主任", 17), ("一般", 55), (None, 5))
POSITIONS = (
    (None, 70),
    ("チームリーダー", 10),
    ("プロジェクトマネージャー", 5),
    ("アシスタント", 6),
    ("セキュリティ担当", 2),
    ("採用担当", 2),
    ("スペシャリスト", 5),
)
# workplace, share, office number prefix (None: no desk phone)
WORKPLACES = (
    ("東京本社", 50, "03-6890"),
    ("大阪支社", 18, "06-6345"),
    ("名古屋支店", 10, "052-211"),
    ("福岡支店", 8, "092-711"),
    ("札幌営業所", 5, "011-221"),
    ("リモート勤務", 8, None),
    ("シンガポール事務所", 1, None),  # members abroad
)
ABROAD_WORKPLACE = "シンガポール事務所"

PERSONAL_MAIL_DOMAINS = (
    ("gmail.com", 40),
    ("yahoo.co.jp", 20),
    ("icloud.com", 15),
    ("outlook.jp", 8),
    ("docomo.ne.jp", 7),
    ("ezweb.ne.jp", 5),
    ("softbank.ne.jp", 5),
)
ABROAD_COUNTRIES = ("US", "SG", "TW", "KR", "TH", "GB", "DE", "AU")

# (model, os, environment in the access history, platform, share)
MOBILE_MODELS = (
    ("iPhone 15", "iOS 18.1", "iOS 18 app", "ios", 22),
    ("iPhone 14", "iOS 17.6.1", "iOS 17 app", "ios", 14),
    ("iPhone 16 Pro", "iOS 18.2", "iOS 18 app", "ios", 8),
    ("iPhone SE (3rd generation)", "iOS 18.0", "iOS 18 app", "ios", 8),
    ("iPad (10th generation)", "iPadOS 18.1", "iPadOS 18 app", "ios", 4),
    ("Pixel 8", "Android 15", "Android 15 app", "android", 8),
    ("Galaxy S24", "Android 14", "Android 14 app", "android", 9),
    ("AQUOS sense8", "Android 14", "Android 14 app", "android", 12),
    ("Xperia 10 V", "Android 14", "Android 14 app", "android", 8),
    ("arrows We", "Android 12", "Android 12 app", "android", 4),
)
PC_MODELS = (
    ("ThinkPad X1 Carbon", "Windows 11 23H2", "Windows 11 PC app", "windows", 30),
    ("Dell Latitude 5440", "Windows 11 24H2", "Windows 11 PC app", "windows", 25),
    ("Surface Laptop 5", "Windows 11 23H2", "Windows 11 PC app", "windows", 12),
    ("VAIO Pro PK", "Windows 10 22H2", "Windows 10 PC app", "windows", 8),
    ("MacBook Air", "macOS 15.1", "macOS 15 PC app", "mac", 15),
    ("MacBook Pro", "macOS 14.7", "macOS 14 PC app", "mac", 8),
    ("iMac", "macOS 15.0", "macOS 15 PC app", "mac", 2),
)
BROWSERS = (
    ("Chrome 131 browser", 50),
    ("Edge 131 browser", 25),
    ("Safari 18 browser", 15),
    ("Firefox 133 browser", 10),
)
MOBILE_APP_VERSIONS = ("4.1.2", "4.2.0", "4.3.1", "4.3.1", "4.4.0")
PC_APP_VERSIONS = ("3.8.4", "3.9.2", "3.9.2", "4.0.1")
DRIVE_VERSIONS = ("1.5.3", "1.6.0")

# Edge-case members, in document order. See the module docstring for what each shows.
EDGE_CASES: tuple[str, ...] = (
    "edge-top-admin",
    "edge-admin",
    "edge-active",
    "edge-pending",
    "edge-away",
    "edge-suspended",
    "edge-locked",
    "edge-blocked",
    "edge-deleted-3d",
    "edge-deleted-8d",
    "edge-no-recovery",
    "edge-landline",
    "edge-ip-phone",
    "edge-m2m",
    "edge-hyphens",
    "edge-fullwidth",
    "edge-wrong-email",
    "edge-line-initial-id",
    "edge-line-id-changed",
    "edge-mdm",
    "edge-no-mdm",
    "edge-password-requested",
    "edge-abroad",
    "edge-suspicious",
    "edge-name-markup",
    "edge-name-close-tag",
    "edge-name-ansi",
    "edge-name-osc",
    "edge-name-control",
    "edge-name-bidi",
    "edge-name-long",
    "edge-name-emoji",
)
MIN_MEMBERS_FOR_ALL_EDGE_CASES = 40

JUGEMU = (
    "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う寝る処に住む処"
    "やぶら小路の藪柑子パイポパイポパイポのシューリンガンシューリンガンのグーリンダイ"
    "グーリンダイのポンポコピーのポンポコナーの長久命の長助"
)
JUGEMU_KANA = (
    "じゅげむじゅげむごこうのすりきれかいじゃりすいぎょのすいぎょうまつうんらいまつ"
    "ふうらいまつくうねるところにすむところやぶらこうじのやぶこうじぱいぽぱいぽぱいぽの"
    "しゅーりんがんしゅーりんがんのぐーりんだいぐーりんだいのぽんぽこぴーのぽんぽこなーの"
    "ちょうきゅうめいのちょうすけ"
)
LONG_NAME = f"山田 {JUGEMU}{JUGEMU}"  # 200+ characters
LONG_KANA = f"やまだ {JUGEMU_KANA}{JUGEMU_KANA}"

# Hostile names (edge-name-*): stored and exported byte for byte.
HOSTILE_NAMES = {
    "edge-name-markup": "[bold]x[/]",
    "edge-name-close-tag": "[/]",
    "edge-name-ansi": "\x1b[31mred\x1b[0m",
    "edge-name-osc": "\x1b]0;title\x07",
    "edge-name-control": "bell\x07 back\x08space\rreturn\ttab",
    "edge-name-bidi": "佐藤 \u202e郎太",
    "edge-name-long": LONG_NAME,
    "edge-name-emoji": "寿司 太郎 🍣👨\u200d👩\u200d👧\u200d👦🇯🇵",
}
# Their readings, as an admin would register them: the list sorts by kana, so without
# one these names (control characters, markup) sorted first and greeted the operator on
# the demo's first screen; with one they sit among the other members.
HOSTILE_KANA = {
    "edge-name-markup": "てすと まーくあっぷ",
    "edge-name-close-tag": "てすと とじたぐ",
    "edge-name-ansi": "てすと えすけーぷ",
    "edge-name-osc": "てすと おーえすしー",
    "edge-name-control": "てすと せいぎょもじ",
    "edge-name-emoji": "すし たろう",
}


def edge_id(name: str) -> str:
    """``edge_id("edge-locked")`` → ``"edge-locked@sample.co.jp"``."""
    return f"{name}@{PRIMARY_DOMAIN}"


def _weighted(table: tuple, weight_index: int = -1) -> tuple[list, list[int], int]:
    items = list(table)
    cumulative = list(accumulate(row[weight_index] for row in table))
    return items, cumulative, cumulative[-1]


def _iso(moment: datetime) -> str:
    # every moment of the generator is in JST already (derived from ``now`` in JST)
    return moment.isoformat(timespec="seconds")


class _Generator:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now.astimezone(JST).replace(microsecond=0)
        self.members: list[dict] = []
        self.devices: list[dict] = []
        self.sessions: list[dict] = []
        self._local_parts: dict[str, int] = {}
        self._departments = _weighted(DEPARTMENTS)
        self._ranks = _weighted(RANKS)
        self._positions = _weighted(POSITIONS)
        self._workplaces = _weighted(WORKPLACES, 1)
        self._mail_domains = _weighted(PERSONAL_MAIL_DOMAINS)
        self._mobiles = _weighted(MOBILE_MODELS)
        self._pcs = _weighted(PC_MODELS)
        self._browsers = _weighted(BROWSERS)

    # -- small helpers

    def pick(self, weighted: tuple[list, list[int], int]) -> Any:
        items, cumulative, total = weighted
        return items[bisect(cumulative, self.rng.random() * total)]

    def choice(self, seq: Any) -> Any:
        # random.choice() is exact but slow; a float pick is plenty for demo data
        return seq[int(self.rng.random() * len(seq))]

    def below(self, n: int) -> int:
        return int(self.rng.random() * n)

    def ago(self, days_min: float, days_max: float) -> datetime:
        seconds = (days_min + self.rng.random() * (days_max - days_min)) * 86400
        return self.now - timedelta(seconds=int(seconds))

    def hexid(self, bits: int) -> str:
        return f"{self.rng.getrandbits(bits):0{bits // 4}x}"

    def mobile_digits(self) -> str:
        return f"0{self.choice('789')}0{1 + self.below(9)}{self.below(10**7):07d}"

    def office_phone(self, prefix: str) -> str:
        # direct-dial numbers of the office: a block of numbers, shared by desk-sharing
        # members at large sizes
        return f"{prefix}-{OFFICE_DID_FIRST + self.below(OFFICE_DID_COUNT):04d}"

    def unique_local(self, base: str) -> str:
        count = self._local_parts.get(base, 0) + 1
        self._local_parts[base] = count
        return base if count == 1 else f"{base}{count}"

    def japanese_name(self) -> tuple[str, str, str]:
        rng = self.rng
        surname = self.choice(N.SURNAMES)
        given = self.choice(N.GIVEN_NAMES_MALE if rng.random() < 0.55 else N.GIVEN_NAMES_FEMALE)
        return (
            f"{surname[0]} {given[0]}",
            f"{surname[1]} {given[1]}",
            f"{given[2]}.{surname[2]}",
        )

    def english_name(self) -> tuple[str, str, str]:
        rng = self.rng
        given = self.choice(N.ENGLISH_GIVEN_NAMES)
        family = self.choice(N.ENGLISH_SURNAMES)
        return (
            f"{given[0]} {family[0]}",
            f"{N.to_hiragana(family[1])} {N.to_hiragana(given[1])}",
            f"{given[0].lower()}.{family[0].lower()}",
        )

    def personal_email(self, romaji: str) -> str:
        rng = self.rng
        domain = self.pick(self._mail_domains)[0]
        local = romaji.replace(".", self.choice((".", "_", "-", "")))
        return f"{local}{1960 + self.below(46) if rng.random() < 0.6 else self.below(100)}@{domain}"

    # -- records

    def member(self, member_id: str, name: str, kana: str | None, **fields: Any) -> dict:
        """A member in import-format key order; ``fields`` override the defaults."""
        rng = self.rng
        workplace = fields.pop("workplace", None) or self.pick(self._workplaces)
        record = {
            "id": member_id,
            "name": name,
            "kana": kana,
            "email": member_id,
            "status": "active",
            "app_access_blocked": False,
            "is_admin": False,
            "is_top_admin": False,
            "department": self.pick(self._departments)[0],
            "rank": self.pick(self._ranks)[0],
            "position": self.pick(self._positions)[0],
            "workplace": workplace[0] if isinstance(workplace, tuple) else workplace,
            "phone": None,
            "mobile": None,
            "recovery_mobile": None,
            "recovery_email": None,
            "line_linked": False,
            "initial_id": False,
            "initial_id_changed": False,
            "password_changed_at": _iso(self.ago(1, 540)),
            "password_change_requested": False,
            "deleted_at": None,
            "last_access": None,
        }
        prefix = workplace[2] if isinstance(workplace, tuple) else None
        if prefix and rng.random() < 0.7:
            record["phone"] = self.office_phone(prefix)
        record.update(fields)
        return record

    def device(self, member_id: str, model: tuple, *, mdm: bool, first: datetime) -> dict:
        rng = self.rng
        mobile = model[3] in ("ios", "android")
        if mobile:
            apps = [{"name": "LINE WORKS", "version": self.choice(MOBILE_APP_VERSIONS)}]
        else:
            apps = [{"name": "LINE WORKS PC", "version": self.choice(PC_APP_VERSIONS)}]
            if rng.random() < 0.3:
                apps.append({"name": "LINE WORKS Drive Explorer", "version": self.choice(DRIVE_VERSIONS)})
        vendor_id = serial = None
        if mdm:
            vendor_id = (
                f"{rng.getrandbits(32):08X}-{rng.getrandbits(16):04X}-4{rng.getrandbits(12):03X}-"
                f"{0x8000 | rng.getrandbits(14):04X}-{rng.getrandbits(48):012X}"
            )
            alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
            serial = "".join(self.choice(alphabet) for _ in range(12))
        return {
            "member_id": member_id,
            "device_id": f"dev-{self.hexid(48)}",
            "model": model[0],
            "os": model[1],
            "mdm_registered": mdm,
            "vendor_id": vendor_id,
            "serial": serial,
            "apps": apps,
            "first_seen": None,
            "last_seen": None,
            # working fields, removed by emit()
            "_environment": model[2],
            "_first": first,
            "_last": None,
        }

    def devices_for(self, member_id: str, count: int, *, mdm_share: float = 0.4) -> list[dict]:
        rng = self.rng
        out = []
        for index in range(count):
            is_pc = index == 1 or (index > 1 and rng.random() < 0.5)
            model = self.pick(self._pcs if is_pc else self._mobiles)
            mdm = not is_pc and rng.random() < mdm_share
            out.append(self.device(member_id, model, mdm=mdm, first=self.ago(HISTORY_DAYS, 700)))
        return out

    def session_times(self, count: int, newest: float, oldest: float) -> list[datetime]:
        return sorted(self.ago(newest, oldest) for _ in range(count))

    def ip_for(self, country: str, workplace: str | None, at_office: bool) -> str:
        rng = self.rng
        if country != "JP":
            if rng.random() < 0.5:
                return f"2001:db8:{1 + self.below(0xfffe):x}::{1 + self.below(0xfffe):x}"
            return f"198.51.100.{128 + self.below(127)}"
        if at_office and workplace:
            # one NAT address per office
            return f"203.0.113.{10 + sum(workplace.encode()) % 40}"
        return f"198.51.100.{1 + self.below(127)}"

    def add_activity(
        self,
        member: dict,
        devices: list[dict],
        *,
        sessions: int,
        newest: float = 0.01,
        oldest: float = HISTORY_DAYS,
        country: str = "JP",
        connected: int = 1,
        browser_share: float = 0.25,
    ) -> list[dict]:
        """Sessions over [now - oldest, now - newest] days; the latest ``connected`` stay
        connected. Updates devices' ``last_seen`` and the member's ``last_access``."""
        rng = self.rng
        made = []
        for at in self.session_times(sessions, newest, oldest):
            device = None
            if devices and rng.random() >= browser_share:
                device = self.choice(devices)
                environment = device["_environment"]
                if at < device["_first"]:
                    device["_first"] = at
                if device["_last"] is None or at > device["_last"]:
                    device["_last"] = at
            else:
                environment = self.pick(self._browsers)[0]
            made.append(
                {
                    "member_id": member["id"],
                    "session_id": f"ses-{self.hexid(64)}",
                    "started_at": _iso(at),
                    "environment": environment,
                    "country": country,
                    "ip": self.ip_for(country, member["workplace"], rng.random() < 0.6),
                    "connected": False,
                }
            )
        for session in made[len(made) - connected :] if connected else ():
            session["connected"] = True
        for session in made:
            self.add_session(member, session)
        return made

    def add_session(self, member: dict, session: dict) -> None:
        """Append ``session``; keep the member's ``last_access`` at the newest session."""
        self.sessions.append(session)
        last = member["last_access"]
        # every time is written in JST, so the strings compare chronologically
        if last is None or session["started_at"] > last["at"]:
            member["last_access"] = {
                "at": session["started_at"],
                "environment": session["environment"],
                "country": session["country"],
                "ip": session["ip"],
            }

    def emit(self, member: dict, devices: list[dict]) -> None:
        self.members.append(member)
        for device in devices:
            device.pop("_environment")
            first, last = device.pop("_first"), device.pop("_last")
            if last is None:
                # not used in the last 90 days: last seen some time before that
                window_start = self.now - timedelta(days=HISTORY_DAYS)
                span = max((window_start - first).total_seconds(), 0)
                last = first + timedelta(seconds=int(self.rng.random() * span))
            device["first_seen"] = _iso(first)
            device["last_seen"] = _iso(last)
            self.devices.append(device)

    # -- ordinary members

    def ordinary(self) -> None:
        rng = self.rng
        english = rng.random() < 0.15
        name, kana, romaji = self.english_name() if english else self.japanese_name()
        workplace = self.pick(self._workplaces)
        initial_id = rng.random() < 0.02
        if initial_id:
            member_id = f"lw{self.hexid(40)}@{PRIMARY_DOMAIN}"
        else:
            member_id = f"{self.unique_local(romaji)}@{PRIMARY_DOMAIN}"
        member = self.member(member_id, name, kana, workplace=workplace)
        if initial_id:
            member.update(
                email=None,
                line_linked=True,
                initial_id=True,
                initial_id_changed=rng.random() < 0.5,
            )
        else:
            member["line_linked"] = rng.random() < 0.08
        mobile = self.mobile_digits() if rng.random() < 0.85 else None
        if mobile:
            member["mobile"] = f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
        roll = rng.random()
        if mobile and roll < 0.72:
            member["recovery_mobile"] = mobile
            if rng.random() < 0.35:
                member["recovery_email"] = self.personal_email(romaji)
        elif roll < 0.975:
            member["recovery_email"] = self.personal_email(romaji)
        # else: no recovery contact (~2.5 %)

        status_roll = rng.random()
        status = "active"
        if status_roll < 0.03:
            status = "pending"
        elif status_roll < 0.06:
            status = "away"
        elif status_roll < 0.07:
            status = "suspended-admin"
        elif status_roll < 0.08:
            status = "suspended-login-failure"
        elif status_roll < 0.095:
            status = "deleted"
        member["status"] = status
        member["is_admin"] = status == "active" and rng.random() < 0.01
        member["app_access_blocked"] = status == "active" and rng.random() < 0.01
        member["password_change_requested"] = status != "pending" and rng.random() < 0.02

        abroad = workplace[0] == ABROAD_WORKPLACE
        country = "SG" if abroad else "JP"
        if status == "pending":
            member["password_changed_at"] = None
            self.emit(member, [])
            return
        roll = rng.random()
        count = 0 if roll < 0.10 else 1 if roll < 0.65 else 2 if roll < 0.95 else 3
        devices = self.devices_for(member_id, count)
        sessions = 2 + self.below(3)
        if status == "deleted":
            deleted = self.ago(0.5, 30)
            member["deleted_at"] = _iso(deleted)
            days_ago = (self.now - deleted).total_seconds() / 86400
            self.add_activity(member, devices, sessions=sessions, newest=days_ago + 0.1,
                              oldest=HISTORY_DAYS, connected=0, country=country)
        elif status in ("suspended-admin", "suspended-login-failure"):
            self.add_activity(member, devices, sessions=sessions, newest=1, connected=0,
                              country=country)
        else:
            trip = not abroad and rng.random() < 0.01
            self.add_activity(member, devices, sessions=sessions, connected=self.below(3),
                              country=self.choice(ABROAD_COUNTRIES) if trip else country)
        self.emit(member, devices)

    # -- edge cases

    def edge(self, local: str) -> None:
        method = getattr(self, "_" + local.replace("-", "_"))
        method(edge_id(local))

    def _plain(self, member_id: str, name: str, kana: str | None, *, devices: int = 1,
               sessions: int = 3, connected: int = 1, **fields: Any) -> dict:
        mobile = self.mobile_digits()
        defaults: dict[str, Any] = {
            "mobile": f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
            "recovery_mobile": mobile,
            "workplace": WORKPLACES[0],
        }
        defaults.update(fields)
        member = self.member(member_id, name, kana, **defaults)
        made = self.devices_for(member_id, devices)
        if sessions:
            self.add_activity(member, made, sessions=sessions, connected=connected)
        self.emit(member, made)
        return member

    def _edge_top_admin(self, mid: str) -> None:
        self._plain(mid, "高橋 誠", "たかはし まこと", devices=2, is_admin=True, is_top_admin=True,
                    department="情報システム部", rank="部長", position=None,
                    recovery_email="makoto.takahashi1975@gmail.com")

    def _edge_admin(self, mid: str) -> None:
        self._plain(mid, "中村 美穂", "なかむら みほ", devices=2, is_admin=True,
                    department="情報システム部", rank="課長", position="セキュリティ担当")

    def _edge_active(self, mid: str) -> None:
        self._plain(mid, "田中 太郎", "たなか たろう", department="営業部", rank="課長",
                    recovery_email="taro.tanaka1980@gmail.com")

    def _edge_pending(self, mid: str) -> None:
        self._plain(mid, "山田 花子", "やまだ はなこ", devices=0, sessions=0, status="pending",
                    password_changed_at=None, department="人事部", rank="一般")

    def _edge_away(self, mid: str) -> None:
        self._plain(mid, "鈴木 一郎", "すずき いちろう", status="away", connected=0,
                    department="開発部", rank="主任")

    def _edge_suspended(self, mid: str) -> None:
        self._plain(mid, "伊藤 健太", "いとう けんた", status="suspended-admin", connected=0,
                    department="営業部", rank="一般")

    def _edge_locked(self, mid: str) -> None:
        self._plain(mid, "渡辺 陽子", "わたなべ ようこ", status="suspended-login-failure",
                    connected=0, department="経理部", rank="係長")

    def _edge_blocked(self, mid: str) -> None:
        member = self._plain(mid, "小林 直樹", "こばやし なおき", app_access_blocked=True,
                             sessions=2, connected=0, department="開発部", rank="主任")
        # the browser still works (003 アクセスブロック): a live browser session
        browser = {
            "member_id": mid,
            "session_id": f"ses-{self.hexid(64)}",
            "started_at": _iso(self.now - timedelta(minutes=35)),
            "environment": "Chrome 131 browser",
            "country": "JP",
            "ip": "203.0.113.21",
            "connected": True,
        }
        self.add_session(member, browser)

    def _deleted(self, mid: str, name: str, kana: str, days: int) -> None:
        deleted = self.now - timedelta(days=days, hours=2)
        mobile = self.mobile_digits()
        member = self.member(mid, name, kana, status="deleted", deleted_at=_iso(deleted),
                             mobile=f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
                             recovery_mobile=mobile, workplace=WORKPLACES[1])
        devices = self.devices_for(mid, 1)
        self.add_activity(member, devices, sessions=3, newest=days + 0.2, oldest=HISTORY_DAYS,
                          connected=0)
        self.emit(member, devices)

    def _edge_deleted_3d(self, mid: str) -> None:
        self._deleted(mid, "加藤 翔太", "かとう しょうた", 3)

    def _edge_deleted_8d(self, mid: str) -> None:
        self._deleted(mid, "吉田 恵", "よしだ めぐみ", 8)

    def _edge_no_recovery(self, mid: str) -> None:
        self._plain(mid, "佐々木 隆", "ささき たかし", mobile=None, recovery_mobile=None,
                    recovery_email=None, department="製造部", rank="一般")

    def _edge_landline(self, mid: str) -> None:
        self._plain(mid, "山口 智子", "やまぐち ともこ", recovery_mobile="0368901234",
                    phone="03-6890-1234", department="総務部")

    def _edge_ip_phone(self, mid: str) -> None:
        self._plain(mid, "松本 大輔", "まつもと だいすけ", recovery_mobile="05031234567",
                    department="カスタマーサポート部")

    def _edge_m2m(self, mid: str) -> None:
        self._plain(mid, "井上 真由美", "いのうえ まゆみ", recovery_mobile="02041234567",
                    department="製造部")

    def _edge_hyphens(self, mid: str) -> None:
        self._plain(mid, "木村 拓也", "きむら たくや", recovery_mobile="090-2345-6789",
                    mobile="090-2345-6789", department="営業部")

    def _edge_fullwidth(self, mid: str) -> None:
        self._plain(mid, "林 結衣", "はやし ゆい", recovery_mobile="０８０３４５６７８９０",
                    mobile="080-3456-7890", department="マーケティング部")

    def _edge_wrong_email(self, mid: str) -> None:
        self._plain(mid, "Emily Clark", "くらーく えみりー", mobile=None, recovery_mobile=None,
                    recovery_email="emily.clark@gmial.com", department="マーケティング部")

    def _edge_line_initial_id(self, mid: str) -> None:
        self._plain(mid, "清水 蓮", "しみず れん", email=None, line_linked=True, initial_id=True,
                    department="営業部", rank="一般")

    def _edge_line_id_changed(self, mid: str) -> None:
        self._plain(mid, "山崎 さくら", "やまざき さくら", email=None, line_linked=True,
                    initial_id=True, initial_id_changed=True, department="営業部", rank="一般")

    def _edge_mdm(self, mid: str) -> None:
        member = self.member(mid, "森 健一", "もり けんいち", department="営業部", rank="係長",
                             mobile="090-4567-8901", recovery_mobile="09045678901")
        iphone = self.device(mid, MOBILE_MODELS[0], mdm=True, first=self.ago(200, 400))
        pc = self.device(mid, PC_MODELS[0], mdm=False, first=self.ago(200, 400))
        self.add_activity(member, [iphone, pc], sessions=4, connected=2, browser_share=0)
        self.emit(member, [iphone, pc])

    def _edge_no_mdm(self, mid: str) -> None:
        member = self.member(mid, "池田 美咲", "いけだ みさき", department="開発部",
                             mobile="080-5678-9012", recovery_mobile="08056789012")
        android = self.device(mid, MOBILE_MODELS[7], mdm=False, first=self.ago(120, 300))
        self.add_activity(member, [android], sessions=3, connected=1, browser_share=0)
        self.emit(member, [android])

    def _edge_password_requested(self, mid: str) -> None:
        self._plain(mid, "橋本 浩二", "はしもと こうじ", password_change_requested=True,
                    password_changed_at=_iso(self.ago(400, 420)), department="経理部",
                    rank="部長")

    def _edge_abroad(self, mid: str) -> None:
        mobile = "09056781234"
        member = self.member(mid, "Michael Brown", "ぶらうん まいける", department="営業部",
                             rank="課長", mobile="090-5678-1234", recovery_mobile=mobile)
        devices = self.devices_for(mid, 2, mdm_share=0)
        self.add_activity(member, devices, sessions=3, newest=12, oldest=HISTORY_DAYS)
        self.add_activity(member, devices, sessions=3, newest=0.05, oldest=6, country="US")
        self.emit(member, devices)

    def _edge_suspicious(self, mid: str) -> None:
        member = self._plain(mid, "阿部 裕子", "あべ ゆうこ", sessions=3, department="経営企画部")
        self.add_session(
            member,
            {
                "member_id": mid,
                "session_id": f"ses-{self.hexid(64)}",
                "started_at": _iso(self.now - timedelta(hours=1)),
                "environment": "Firefox 133 browser",
                "country": "BR",
                "ip": "2001:db8:bad::66",
                "connected": True,
            },
        )

    def _hostile(self, mid: str) -> None:
        local = mid.split("@", 1)[0]
        name = HOSTILE_NAMES[local]
        kana = LONG_KANA if local == "edge-name-long" else HOSTILE_KANA.get(local)
        fields: dict[str, Any] = {}
        if local == "edge-name-markup":
            fields = {"department": "[red]営業部[/red]", "position": "[link=https://example.com]x[/link]"}
        self._plain(mid, name, kana, **fields)

    _edge_name_markup = _edge_name_close_tag = _edge_name_ansi = _edge_name_osc = _hostile
    _edge_name_control = _edge_name_bidi = _edge_name_long = _edge_name_emoji = _hostile

    # -- the document

    def tenant(self, trial: str) -> dict:
        today = self.now.date()
        if trial == "near-end":
            plan, ends = "trial", today + timedelta(days=TRIAL_NEAR_END_DAYS)
        elif trial == "expired":
            plan, ends = "trial", today - timedelta(days=TRIAL_EXPIRED_DAYS_AGO)
        else:
            plan, ends = "paid", None
        return {
            "name": TENANT_NAME,
            "plan": plan,
            "trial_ends": ends.isoformat() if isinstance(ends, date) else None,
            "time_zone": "Asia/Tokyo",
            "primary_domain": PRIMARY_DOMAIN,
            "domains": [
                {"name": PRIMARY_DOMAIN, "status": "in-use", "provided": False},
                {"name": PROVIDED_DOMAIN, "status": "in-use", "provided": True},
                {"name": PENDING_DOMAIN, "status": "pending", "provided": False},
            ],
            "password_policy": dict(PASSWORD_POLICY),
        }


def generate(
    members: int = 300,
    seed: int = 1,
    now: datetime | None = None,
    *,
    trial: str = "near-end",
) -> dict:
    """An import-format demo tenant with ``members`` members (edge cases first).

    Deterministic for ``(members, seed, now, trial)``. ``now`` must be timezone-aware;
    ``None`` takes ``clock.now()`` (pin it for reproducible output).
    """
    if not isinstance(members, int) or isinstance(members, bool) or members < 0:
        raise ValueError(f"members must be a non-negative integer, not {members!r}")
    if trial not in TRIAL_MODES:
        raise ValueError(f"trial must be one of {', '.join(TRIAL_MODES)}, not {trial!r}")
    if now is None:
        now = clock.now()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    gen = _Generator(seed, now)
    # Hundreds of thousands of small dicts and nothing cyclic: the cyclic collector would
    # only rescan them over and over (≈40 % of the run time at 100k members).
    paused = gc.isenabled()
    gc.disable()
    try:
        for local in EDGE_CASES[:members]:
            gen.edge(local)
        for _ in range(members - len(gen.members)):
            gen.ordinary()
    finally:
        if paused:
            gc.enable()
    return {
        "tenant": gen.tenant(trial),
        "members": gen.members,
        "devices": gen.devices,
        "sessions": gen.sessions,
        "operators": [dict(op) for op in DEMO_OPERATORS],
    }
