"""The zero-loss migration checklist of seed 002, as data.

Seed 002 (ホスティング事業者のメールサーバ移行ガイド) puts "no lost mail" first
(「メールの受信漏れ(取りこぼし)を可能な限り0にすることを重要視」). Each step cites the
seed heading it comes from, verbatim, so an operator can find the passage.

``REQUIRES`` is the order the guide insists on: clients can only be pointed at an address
once it is known; "every device done" means the new accounts exist; the DNS switch may be
requested only after all of that (「必ずご利用いただく全ての端末、全てのメールアカウントの
移行設定が終わったのを確認してからDNS情報の切り替えをご依頼ください」); the parallel week
follows the switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

SEED = "002_c707fd664de90ac5.txt"


@dataclass(frozen=True)
class Step:
    id: str
    heading: str  # the seed 002 heading, verbatim


STEPS = (
    Step("server-ip-found", "現行メールサーバー(OWS Sプランまたは他社)のIPアドレスの確認"),
    Step("clients-use-ip", "現行メールのアカウント設定をIPアドレスに変更"),
    Step("accounts-created", "新メールサーバー(OWS SSプラン)にメールアカウントを設定"),
    Step("all-devices-done", "DNS情報の切り替え"),
    # Not in seed 002 (empty heading): DNS practice. Caches keep the old MX for up to its
    # TTL after the switch, so it is lowered at least one old TTL before (ttl-long).
    Step("ttl-lowered", ""),
    Step("switch-requested", "DNS情報切り替えのご依頼方法"),
    Step("parallel-week", "新メールサーバー(OWS SSプラン)のメールアカウントでの送受信テスト。"),
)
STEP_IDS = tuple(s.id for s in STEPS)
BY_ID = {s.id: s for s in STEPS}

REQUIRES: dict[str, tuple[str, ...]] = {
    "server-ip-found": (),
    "clients-use-ip": ("server-ip-found",),
    "accounts-created": (),
    "all-devices-done": ("clients-use-ip", "accounts-created"),
    "ttl-lowered": (),
    "switch-requested": ("server-ip-found", "clients-use-ip", "accounts-created",
                         "all-devices-done", "ttl-lowered"),
    "parallel-week": ("switch-requested",),
}

# Seed 002 「DNS情報の切り替え」: propagation takes 48 h to about a week, so keep both
# servers running for about a week (「切り替え後の1週間程度は並行期間としてください」).
PARALLEL_PERIOD = timedelta(days=7)
# Above this the MX TTL is "long" (glossary ttl-long); up to it, lowering is not needed.
LONG_TTL = 3600
MAX_TTL = 2**31 - 1  # RFC 2181 §8
