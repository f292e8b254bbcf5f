"""Named locks across processes and machines: one sync at a time, one outbox delivery at a time,
one process per print station, one worker per upload.

A lock is two things:

- *who may start*: on PostgreSQL a session-level advisory lock held on a dedicated connection for
  the duration (the server releases it when the process dies or its connection is killed); on
  SQLite (the embedded run) the row in ``sync_locks`` itself, with an expiry, because SQLite has no
  advisory locks; a row left by a killed process is taken over once it has expired (at once when
  its holder is a dead process of this host), and a long-lived holder keeps it alive with
  :meth:`Lease.renew`;
- *who may write* (the fencing token): the row ``sync_locks(name)`` carries a fresh token for every
  acquisition. A holder calls :meth:`Lease.check` inside each transaction that writes under the
  lock, before its commit. On PostgreSQL the check reads the row ``FOR SHARE`` and asks ``pg_locks``
  whether the lock connection still holds the advisory lock; a newcomer that got the advisory lock
  (because the old holder's connection was killed) replaces the token with an ``UPDATE`` that waits
  for every such transaction still open. So once the newcomer has its token, every later
  transaction of the old holder fails its check: the two never write at the same time and the old
  one never writes again. The old holder also notices by itself — its own check fails as soon as
  its lock connection is gone — and stops (:class:`LockLost`).

Cost: one extra round trip per unit of work (a card, a page of members) — the lease row and the
``pg_locks`` look-up in one statement. ``bench/lock_check.py`` measured a median of +2.1–3.5 ms
per small writing transaction on the shared 2-core test machine (round-trip latency under load;
two statements instead of one cost +8 ms there); nothing next to a card (10–30 s) or a page.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, event, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.models import LockLease

log = logging.getLogger(__name__)

# Keeps the gateway's advisory-lock keys apart from anything else using advisory locks.
_NAMESPACE = 0x1C5_0000
# The lease row's expiry on PostgreSQL is informative only (the advisory lock decides).
_PG_TTL = dt.timedelta(days=3650)


class LockBusy(RuntimeError):
    """Another process holds the lock."""

    def __init__(self, name: str, holder: str | None = None) -> None:
        super().__init__(f"{name}: another run holds the lock" + (f" ({holder})" if holder else ""))
        self.name = name
        self.holder = holder


class LockLost(RuntimeError):
    """This process no longer holds the lock: it must stop and write nothing more under it."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"{name}: lock lost ({why})")
        self.name = name


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _key(name: str) -> int:
    return _NAMESPACE + zlib.crc32(name.encode())


# pg_locks lists the advisory locks of every database on the server, and the same name has the same
# key in each: without the database condition a gateway would see another database's holder (a
# staging install, another test run) as its own.
_HELD = (
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
    " AND classid = :c AND objid = :o"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
_HELD_SQL = text(_HELD + ")")


_CHECK_SQL = text(
    "SELECT l.token, EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
    " AND classid = :c AND objid = :o AND pid = :pid) AS held"
    " FROM sync_locks l WHERE l.name = :name FOR SHARE OF l"
)


def _held_params(name: str, pid: int | None = None) -> dict[str, int]:
    # pg_locks shows a bigint key as its high half in classid and its low half in objid.
    key = _key(name)
    params = {"c": key >> 32, "o": key & 0xFFFFFFFF}
    if pid is not None:
        params["pid"] = pid
    return params


class Lease:
    """The proof that this process holds a named lock, checked by each unit of work under it."""

    def __init__(
        self,
        engine: Engine,
        name: str,
        token: str,
        ttl_minutes: float,
        conn: Connection | None = None,
        pid: int | None = None,
    ) -> None:
        self.engine, self.name, self.token, self.ttl_minutes = engine, name, token, ttl_minutes
        self._conn, self._pid = conn, pid
        self.lost: str | None = None

    def _lose(self, why: str) -> LockLost:
        if self.lost is None:
            self.lost = why
            log.error("lock %s lost: %s", self.name, why)
        return LockLost(self.name, why)

    def check(self, session: Session | Connection) -> None:
        """Raise :class:`LockLost` unless this process still holds the lock. Call it inside the
        writing transaction, before its commit: on PostgreSQL it keeps the lease row locked
        (shared) until that transaction ends, so nobody can take the lock over in between."""
        if self.lost is not None:
            raise LockLost(self.name, self.lost)
        if self._pid is not None:  # PostgreSQL: both questions in one round trip
            pg = session.execute(
                _CHECK_SQL, {"name": self.name, **_held_params(self.name, self._pid)}
            ).first()
            if pg is None or pg.token != self.token:
                raise self._lose("taken over by another process")
            if not pg.held:
                raise self._lose("the lock's database connection is gone")
            return
        row = session.execute(
            select(LockLease.token, LockLease.expires_at)
            .where(LockLease.name == self.name)
            .with_for_update(read=True)
        ).first()
        if row is None or row.token != self.token:
            raise self._lose("taken over by another process")
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
        if expires <= utcnow():
            raise self._lose("expired")

    def renew(self) -> None:
        """Push the expiry of the lease (SQLite; on PostgreSQL the advisory lock needs none)."""
        if self._pid is not None or self.lost is not None:
            return
        with self.engine.begin() as conn:
            moved = conn.execute(
                update(LockLease)
                .where(LockLease.name == self.name, LockLease.token == self.token)
                .values(expires_at=utcnow() + dt.timedelta(minutes=self.ttl_minutes))
            ).rowcount
        if moved != 1:
            self._lose("taken over by another process")


def fence(session: Session, lease: Lease) -> None:
    """Check ``lease`` before every commit of ``session``: a holder that lost the lock commits
    nothing more (for code with many commit points, rather than a check at each)."""
    event.listen(session, "before_commit", lease.check)


@contextmanager
def exclusive(engine: Engine, name: str, ttl_minutes: float = 240.0) -> Iterator[Lease]:
    """Hold the named lock for the block, or raise :class:`LockBusy` at once (never wait)."""
    if engine.dialect.name == "postgresql":
        with _pg_lease(engine, name, ttl_minutes) as lease:
            yield lease
        return
    holder, token = _holder(), str(uuid.uuid4())
    _acquire_row(engine, name, holder, token, ttl_minutes)
    try:
        yield Lease(engine, name, token, ttl_minutes)
    finally:
        with engine.begin() as conn:
            conn.execute(delete(LockLease).where(LockLease.name == name, LockLease.token == token))


@contextmanager
def _pg_lease(engine: Engine, name: str, ttl_minutes: float) -> Iterator[Lease]:
    conn = engine.connect()
    try:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}).scalar()
        if not got:
            holder = conn.scalar(select(LockLease.holder).where(LockLease.name == name))
            conn.commit()
            raise LockBusy(name, holder)
        pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        token = str(uuid.uuid4())
        now = utcnow()
        values = {"holder": _holder(), "token": token, "acquired_at": now, "expires_at": now + _PG_TTL}
        # The UPDATE waits for the old holder's transactions that read the row FOR SHARE: from its
        # commit on, the old holder's checks fail. Only the advisory lock's holder gets here, so
        # the INSERT cannot race another INSERT.
        if conn.execute(update(LockLease).where(LockLease.name == name).values(**values)).rowcount == 0:
            conn.execute(insert(LockLease).values(name=name, **values))
        conn.commit()
    except BaseException:
        conn.close()
        raise
    try:
        yield Lease(engine, name, token, ttl_minutes, conn, pid)
    finally:
        try:
            conn.execute(delete(LockLease).where(LockLease.name == name, LockLease.token == token))
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
            conn.commit()
        except DBAPIError:  # the connection was killed: the server released the lock already
            log.warning("lock %s: its connection was gone at release", name)
        finally:
            conn.close()


def is_held(session: Session | Connection, name: str) -> bool:
    """Whether some live process holds the named lock (the watchdog asks this)."""
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name == "postgresql":
        return bool(session.execute(_HELD_SQL, _held_params(name)).scalar())
    row = session.execute(
        select(LockLease.holder, LockLease.expires_at).where(LockLease.name == name)
    ).first()
    if row is None or _dead_here(row.holder):
        return False
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    return expires > utcnow()


def _acquire_row(engine: Engine, name: str, holder: str, token: str, ttl_minutes: float) -> None:
    now = utcnow()
    expires = now + dt.timedelta(minutes=ttl_minutes)
    values = {"holder": holder, "token": token, "acquired_at": now, "expires_at": expires}
    with engine.begin() as conn:
        try:
            with conn.begin_nested():
                conn.execute(insert(LockLease).values(name=name, **values))
            return
        except IntegrityError:
            pass
        # Held: take it over only if its holder let it expire or is a dead process on this host
        # (killed without releasing).
        holder_now = conn.execute(select(LockLease.holder).where(LockLease.name == name)).scalar()
        stale = LockLease.expires_at <= now
        if holder_now is not None and _dead_here(holder_now):
            stale = LockLease.holder == holder_now
        taken = conn.execute(update(LockLease).where(LockLease.name == name, stale).values(**values)).rowcount
        if taken != 1:
            raise LockBusy(name, holder_now)


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
    """Push the expiry of a lock this process holds (SQLite; PostgreSQL's locks need no renewal).
    Kept for callers without a :class:`Lease`; prefer :meth:`Lease.renew`."""
    if engine.dialect.name == "postgresql":
        return
    with engine.begin() as conn:
        conn.execute(
            update(LockLease)
            .where(LockLease.name == name, LockLease.holder == _holder())
            .values(expires_at=utcnow() + dt.timedelta(minutes=ttl_minutes))
        )
