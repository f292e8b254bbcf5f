"""Named locks across processes and machines: one sync at a time, one outbox delivery at a time,
one process per print station.

PostgreSQL: a session-level advisory lock held on a dedicated connection for the duration (it is
released by the server if the process dies). SQLite (the embedded run): a row in ``sync_locks``
with an expiry, because SQLite has no advisory locks; a row left by a killed process is taken
over once it has expired, and a long-lived holder keeps its row alive with :func:`renew`.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from gateway.db import utcnow
from gateway.models import SyncLock

# Keeps the gateway's advisory-lock keys apart from anything else using advisory locks.
_NAMESPACE = 0x1C5_0000


class SyncBusy(RuntimeError):
    """Another process holds the lock."""

    def __init__(self, name: str, holder: str | None = None) -> None:
        super().__init__(f"{name}: another run holds the lock" + (f" ({holder})" if holder else ""))
        self.name = name
        self.holder = holder


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _key(name: str) -> int:
    return _NAMESPACE + zlib.crc32(name.encode())


@contextmanager
def exclusive(engine: Engine, name: str, ttl_minutes: float = 240.0) -> Iterator[None]:
    """Hold the named lock for the block, or raise :class:`SyncBusy` at once (never wait)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}).scalar()
            conn.commit()
            if not got:
                raise SyncBusy(name)
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
                conn.commit()
        return
    holder = _holder()
    _acquire_row(engine, name, holder, ttl_minutes)
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(delete(SyncLock).where(SyncLock.name == name, SyncLock.holder == holder))


def _acquire_row(engine: Engine, name: str, holder: str, ttl_minutes: float) -> None:
    now = utcnow()
    expires = now + dt.timedelta(minutes=ttl_minutes)
    with engine.begin() as conn:
        try:
            with conn.begin_nested():
                conn.execute(insert(SyncLock).values(name=name, holder=holder, acquired_at=now, expires_at=expires))
            return
        except IntegrityError:
            pass
        # Held: take it over only if its holder let it expire or is a dead process on this host
        # (killed without releasing).
        holder_now = conn.execute(select(SyncLock.holder).where(SyncLock.name == name)).scalar()
        stale = SyncLock.expires_at <= now
        if holder_now is not None and _dead_here(holder_now):
            stale = SyncLock.holder == holder_now
        taken = conn.execute(
            update(SyncLock).where(SyncLock.name == name, stale).values(holder=holder, acquired_at=now, expires_at=expires)
        ).rowcount
        if taken != 1:
            raise SyncBusy(name, holder_now)


def _dead_here(holder: str) -> bool:
    """Whether ``holder`` ("host:pid") names a process of this host that no longer runs."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def renew(engine: Engine, name: str, ttl_minutes: float) -> None:
    """Push the expiry of a lock this process holds (SQLite; PostgreSQL's locks need no renewal)."""
    if engine.dialect.name == "postgresql":
        return
    with engine.begin() as conn:
        conn.execute(
            update(SyncLock)
            .where(SyncLock.name == name, SyncLock.holder == _holder())
            .values(expires_at=utcnow() + dt.timedelta(minutes=ttl_minutes))
        )
