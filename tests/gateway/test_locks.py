"""Named locks on SQLite (the embedded run): rows with an expiry, taken over from dead holders."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from gateway.db.base import utcnow
from gateway.db.locks import LockBusy, exclusive, renew
from gateway.db.migrate import upgrade
from gateway.db.session import make_engine
from gateway.models import LockLease


@pytest.fixture()
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'locks.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _hold(engine: Engine, holder: str, minutes: float = 60) -> None:
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            insert(LockLease).values(
                name="print-station:main",
                holder=holder,
                acquired_at=now,
                expires_at=now + dt.timedelta(minutes=minutes),
            )
        )


def test_lock_of_a_dead_process_on_this_host_is_taken_over_at_once(sqlite_engine: Engine) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    _hold(sqlite_engine, f"{socket.gethostname()}:{child.pid}")  # unexpired, but its holder is gone
    with exclusive(sqlite_engine, "print-station:main"):
        with sqlite_engine.connect() as conn:
            holder = conn.scalar(select(LockLease.holder))
        assert holder == f"{socket.gethostname()}:{os.getpid()}"


def test_lock_of_a_live_process_is_refused_naming_the_holder(sqlite_engine: Engine) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _hold(sqlite_engine, f"{socket.gethostname()}:{child.pid}")
        with pytest.raises(LockBusy) as exc, exclusive(sqlite_engine, "print-station:main"):
            pass
        assert exc.value.holder == f"{socket.gethostname()}:{child.pid}"
    finally:
        child.kill()
        child.wait()


def test_lock_held_on_another_host_waits_for_its_expiry(sqlite_engine: Engine) -> None:
    _hold(sqlite_engine, "other-host:1")
    with pytest.raises(LockBusy), exclusive(sqlite_engine, "print-station:main"):
        pass
    with sqlite_engine.begin() as conn:
        conn.execute(LockLease.__table__.update().values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    with exclusive(sqlite_engine, "print-station:main"):
        pass


def test_renew_pushes_the_expiry_of_the_own_lock_only(sqlite_engine: Engine) -> None:
    with exclusive(sqlite_engine, "print-station:main", ttl_minutes=1):
        renew(sqlite_engine, "print-station:main", ttl_minutes=30)
        with sqlite_engine.connect() as conn:
            expires = conn.scalar(select(LockLease.expires_at))
        assert expires is not None
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=dt.UTC)
        assert expires > utcnow() + dt.timedelta(minutes=25)
