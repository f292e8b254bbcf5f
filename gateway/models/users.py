"""People who use the web pages, their login attempts, and the audit log of what they did."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, BigId, utcnow
from gateway.models.registry import Member, enum_column
from gateway.texts import ru


class Role(enum.StrEnum):
    ADMIN = "admin"  # users, API tokens, everything an operator does
    OPERATOR = "operator"  # central office: batches, stations, 1C link, every region
    REGIONAL = "regional"  # one regional organisation: its orders, uploads, cards
    AUDITOR = "auditor"  # reads everything, changes nothing


ROLE_LABELS = ru.ROLES


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change or deactivation: sessions carrying an older value are void.
    session_epoch: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime | None]


class LoginAttempt(Base):
    """Every login attempt; throttling counts recent failures per account and per address."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_login_at", "login", "created_at"),
        Index("ix_login_attempts_ip_at", "ip", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    login: Mapped[str] = mapped_column(String(100))
    ip: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Who did what: ids and codes only, never passwords or personal data."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str | None] = mapped_column(String(30))
    target_id: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[dict[str, Any] | None]
    ip: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# The operators' search finds members by surname across all regions (the region pages use
# ix_members_region_surname): an index of the web area on the registry's table.
Index("ix_members_surname", Member.surname)
