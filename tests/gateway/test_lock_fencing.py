"""Fencing tokens of named locks: a holder that lost its lock finds out at its next check, on
PostgreSQL (its lock connection killed) and on SQLite (its row expired and taken over)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text, update

from gateway.db.base import utcnow
from gateway.db.locks import LockBusy, LockLost, _key, exclusive, is_held
from gateway.db.migrate import upgrade
from gateway.db.session import make_engine
from gateway.models import LockLease
from tests.gateway.sync.test_lock_loss import kill_backend, lock_backend


@pytest.fixture()
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fencing.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_postgres_holder_whose_lock_connection_is_killed_is_fenced_off(engine: Engine) -> None:
    name = "fencing-test"
    with exclusive(engine, name) as first:
        with engine.connect() as conn:
            first.check(conn)  # held: passes
            conn.rollback()
            assert is_held(conn, name)
        pid = lock_backend(engine, name)
        assert pid is not None
        kill_backend(engine, pid)
        with engine.connect() as conn:
            assert not is_held(conn, name)
            with pytest.raises(LockLost):  # noticed at once, before anyone took the lock over
                first.check(conn)
        with exclusive(engine, name) as second, engine.connect() as conn:
            second.check(conn)
            conn.rollback()
            with pytest.raises(LockLost):
                first.check(conn)
            with pytest.raises(LockBusy), exclusive(engine, name):
                pass


def test_sqlite_holder_whose_row_expired_and_was_taken_over_is_fenced_off(sqlite_engine: Engine) -> None:
    name = "print-station:main"
    with exclusive(sqlite_engine, name, ttl_minutes=1) as first:
        with sqlite_engine.connect() as conn:
            first.check(conn)
        with sqlite_engine.begin() as conn:  # the holder stopped renewing (hung, cut off)
            conn.execute(update(LockLease).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
        with sqlite_engine.connect() as conn:
            assert not is_held(conn, name)
            with pytest.raises(LockLost):
                first.check(conn)
    with exclusive(sqlite_engine, name, ttl_minutes=1) as first:
        with sqlite_engine.begin() as conn:
            conn.execute(update(LockLease).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
        with exclusive(sqlite_engine, name, ttl_minutes=1) as second:
            with sqlite_engine.connect() as conn:
                second.check(conn)
                with pytest.raises(LockLost):
                    first.check(conn)
            first.renew()  # renewing does not take the lock back
            assert first.lost is not None
            with sqlite_engine.connect() as conn:
                second.check(conn)


def test_lock_of_the_same_name_held_in_another_database_is_not_held_here(engine: Engine) -> None:
    """pg_locks shows every database's advisory locks: the watchdog must not take another
    database's station or upload lock (a staging install on the same server) for its own."""
    name = "other-database-lock-test"  # taken below in the server's maintenance database
    other = make_engine(engine.url.set(database="postgres").render_as_string(hide_password=False))
    try:
        with other.connect() as theirs:
            theirs.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _key(name)})
            try:
                with engine.connect() as conn:
                    assert not is_held(conn, name)
                with exclusive(engine, name), engine.connect() as conn:  # ours is taken, and seen
                    assert is_held(conn, name)
            finally:
                theirs.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
    finally:
        other.dispose()
