"""Tables of the virtual ЭПБ: partner accounts, their webhook outbox, self-check throttling and the
wallet devices registered for pass updates."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, BigId, utcnow
from gateway.models.registry import enum_column


class PartnerScope(enum.StrEnum):
    CARD_READ = "card:read"  # member's current ЭПБ by 1C reference
    SELF_CHECK = "card:self_check"  # card number + date of birth, from the app
    RECEIPT = "card:receipt"  # member confirms «Получил» / declines
    WEBHOOKS = "webhooks"  # receives card changes


class PartnerAccount(Base):
    """A partner (the personal-account site, the mobile app): its token, scopes and webhook."""

    __tablename__ = "partner_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[Any]]
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    # The HMAC key is needed in clear to sign; it is the partner's shared secret, never logged.
    webhook_secret: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WebhookState(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class PartnerWebhook(Base):
    """Transactional outbox of card changes for partners, like ``outbox`` is for 1C."""

    __tablename__ = "partner_webhooks"
    __table_args__ = (Index("ix_partner_webhooks_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner_accounts.id"))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    state: Mapped[WebhookState] = mapped_column(enum_column(WebhookState), default=WebhookState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None]


class SelfCheckAttempt(Base):
    """Self-check attempts (card number + date of birth) per partner and card number, for throttling."""

    __tablename__ = "self_check_attempts"
    __table_args__ = (Index("ix_self_check_attempts_key_at", "key", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    succeeded: Mapped[bool]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WalletRegistration(Base):
    """A device that added a card's pass and wants to hear when it changes (Apple's web service)."""

    __tablename__ = "wallet_registrations"
    __table_args__ = (UniqueConstraint("device_id", "serial", name="uq_wallet_registrations_device_serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str] = mapped_column(String(100))
    push_token: Mapped[str] = mapped_column(String(200))
    serial: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
