"""Cards (one physical plastic each, never renumbered) and the number counters."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.db.base import Base, utcnow
from gateway.models.orders import CardOrder
from gateway.models.registry import Member, enum_column


class CardState(enum.StrEnum):
    ALLOCATED = "allocated"  # number assigned, waiting for a batch
    QUEUED = "queued"  # in a print batch
    PRINTING = "printing"  # on a print station right now
    NEEDS_INSPECTION = "needs_inspection"  # station died mid-card: an operator must look
    PRODUCED = "produced"  # chip verified and printer confirmed
    SPOILED = "spoiled"  # rejected by the printer/encoder; its number is burnt
    DISPATCHED = "dispatched"  # shipped to the region
    ISSUED = "issued"  # «Выдан»
    REFUSED = "refused"  # «Отказ»
    WITHDRAWN = "withdrawn"  # cancelled or replaced by a reissue; no longer valid
    VIRTUAL = "virtual"  # number issued in virtual form only (personal account, app, wallet)


# A member holds an "active" card in these states: a first-card order is refused for them.
ACTIVE_CARD_STATES = (
    CardState.ALLOCATED,
    CardState.QUEUED,
    CardState.PRINTING,
    CardState.NEEDS_INSPECTION,
    CardState.PRODUCED,
    CardState.DISPATCHED,
    CardState.ISSUED,
    CardState.VIRTUAL,
)

# The same states as SQL, for the partial unique index «one active ЭПБ number per member».
ACTIVE_CARD_STATES_SQL = "state IN (" + ", ".join(f"'{s.value}'" for s in ACTIVE_CARD_STATES) + ")"


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        Index("ix_cards_member_state", "member_id", "state"),
        Index("ix_cards_batch_state", "batch_id", "state"),
        Index("ix_cards_region_state", "region_id", "state"),
        # One ЭПБ number per member, every form: at most one active card row (a virtual-only number
        # becomes plastic in place; a reissue withdraws the old row before the new one is written).
        Index(
            "uq_cards_active_member",
            "member_id",
            unique=True,
            postgresql_where=text(ACTIVE_CARD_STATES_SQL),
            sqlite_where=text(ACTIVE_CARD_STATES_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("card_orders.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("print_batches.id"))
    state: Mapped[CardState] = mapped_column(enum_column(CardState))
    replaces_card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    chip_uid: Mapped[str | None] = mapped_column(String(32))
    station: Mapped[str | None] = mapped_column(String(100))
    allocated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    batched_at: Mapped[dt.datetime | None]
    printing_started_at: Mapped[dt.datetime | None]
    produced_at: Mapped[dt.datetime | None]
    spoiled_at: Mapped[dt.datetime | None]
    dispatched_at: Mapped[dt.datetime | None]
    issued_at: Mapped[dt.datetime | None]
    refused_at: Mapped[dt.datetime | None]
    withdrawn_at: Mapped[dt.datetime | None]
    # Forms of this number: a plastic card is (or was) made for it; the virtual form (personal
    # account, app, wallet) exists for every active number and since ``virtual_at`` for a number
    # issued virtual-only first.
    plastic: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    virtual_at: Mapped[dt.datetime | None]

    order: Mapped[CardOrder] = relationship(lazy="raise_on_sql")
    member: Mapped[Member] = relationship(lazy="raise_on_sql")


class CardNumberCounter(Base):
    """Next sequence value per number prefix (issuer + region). Only ever moves forward."""

    __tablename__ = "card_number_counters"

    prefix: Mapped[str] = mapped_column(String(15), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
