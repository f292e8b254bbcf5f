"""Transactional outbox: what 1C must learn, written with the state change that caused it."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, BigId, utcnow
from gateway.models.registry import enum_column


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"  # gave up after the retry limit; an operator can retry it


class OneCStatus(enum.StrEnum):
    ORDERED = "ordered"  # «Заказан»
    PRODUCED = "produced"  # «Изготовлен»
    ISSUED = "issued"  # «Выдан»
    REFUSED = "refused"  # «Отказ»
    WITHDRAWN = "withdrawn"  # «Аннулирован»


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_next", "state", "next_attempt_at"),
        Index("ix_outbox_card", "card_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    status: Mapped[OneCStatus] = mapped_column(enum_column(OneCStatus))
    payload: Mapped[dict[str, Any]]
    state: Mapped[OutboxState] = mapped_column(enum_column(OutboxState), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None]
