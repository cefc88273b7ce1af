"""A live tenant's cost per decision: what an action (or a member view) asks the LINE WORKS
API, against the loopback stand-in (tests/lineworks/fake_api.py) at the plan's rate limit.

Before: every CLI action synced the whole directory first (100-user pages); now it reads
one member (``GET /users/{userId}``). The rate-limit wait is counted on the client's own
token bucket at 240 requests/min (the paid plans) with a clock that does not sleep, so
the printed "at 240/min" is what a real tenant would wait; the wall time is the loopback
server's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.stats import line, summary, timed

ROOT = Path(__file__).resolve().parents[1]


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def run(sizes: list[int]) -> None:
    import httpx
    from cryptography.hazmat.primitives.asymmetric import rsa

    sys.path.insert(0, str(ROOT / "tests" / "lineworks"))
    from fake_api import FakeLineWorks
    from lw_support import CLIENT_ID, CLIENT_SECRET, DOMAIN_ID, SERVICE_ACCOUNT, config_toml, pem, write_private

    from helpdesk_tui.directory import LineWorksBackend
    from helpdesk_tui.lineworks import LineWorksClient, load_config
    from helpdesk_tui.store import Store

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for size in sizes:
        fake = FakeLineWorks(public_key=key.public_key(), client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                             service_account=SERVICE_ACCOUNT, domain_id=DOMAIN_ID).start()
        try:
            for n in range(size):
                fake.add_user(f"u{n:06d}", f"user{n:06d}@example.co.jp", "山田", f"{n}")
            with tempfile.TemporaryDirectory() as folder:
                folder = Path(folder)
                write_private(folder / "k.pem", pem(key))
                (folder / "c.toml").write_text(config_toml(api_base_url=fake.api_base_url, auth_url=fake.auth_url,
                                                           key="k.pem"), encoding="utf-8")
                fake_time = _Clock()
                config = load_config(folder / "c.toml")
                client = LineWorksClient(config, http=httpx.Client(trust_env=False),
                                         clock=fake_time.clock, sleep=fake_time.sleep)
                backend = LineWorksBackend(config, client=client)
                store = Store.create(folder / "store")
                started = time.perf_counter()
                backend.sync(store)
                wall = time.perf_counter() - started
                line(f"full sync ({size:,} users, {fake.count('GET', '/users')} pages)",
                     f"wall {wall:6.2f} s   at 240/min {fake_time.now:6.1f} s of rate-limit wait")
                waited = fake_time.now
                samples = timed(lambda: backend.read_member(store, "u000042"), runs=50)
                line(f"one member read ({size:,} users)",
                     summary(samples) + f"   at 240/min {(fake_time.now - waited) / 50:.2f} s each on average")
                backend.close()
        finally:
            fake.stop()
