"""The lease rows of the named locks in :mod:`gateway.db.locks`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, utcnow


class LockLease(Base):
    """The lease of a named lock (1C sync, outbox delivery, a print station, an upload): on SQLite
    the lock itself (with an expiry so that a process killed while holding it does not block its
    work for ever); on both, the holder's fencing token."""

    # The table keeps the name it had when only syncs took locks (renaming it needs a migration).
    __tablename__ = "sync_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    # Fencing token, new at every acquisition (see gateway/db/locks.py); PostgreSQL keeps the row too.
    token: Mapped[str | None] = mapped_column(String(36))
    acquired_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
