"""API clients: per-region tokens, 1C sync job tokens and central-office tokens."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, utcnow
from gateway.models.registry import enum_column


class TokenKind(enum.StrEnum):
    REGION = "region"  # a regional organisation's system: its own region only
    ONEC_SYNC = "onec_sync"  # 1C sync jobs: submit orders on behalf of 1C, read everything
    OPERATOR = "operator"  # central office: batches, every region
    PARTNER = "partner"  # the union's personal-account site / mobile app: scopes in partner_accounts


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TokenKind] = mapped_column(enum_column(TokenKind))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # Only a SHA-256 of the token is stored: tokens are 256-bit random, so a slow hash adds nothing.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
