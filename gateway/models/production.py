"""What a batch's production used and where it was made: the blank-card stock report kept with each
batch, and the packages a batch sent to an outside personalisation bureau."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, utcnow
from gateway.models.registry import enum_column


class BatchStock(Base):
    """Blank cards of one batch. The operator enters drawn / test / returned; produced and spoiled are
    counted from the batch's cards and frozen at sign-off, when drawn must equal their sum."""

    __tablename__ = "batch_stock"

    batch_id: Mapped[int] = mapped_column(ForeignKey("print_batches.id"), primary_key=True)
    drawn: Mapped[int] = mapped_column(default=0)
    test_cards: Mapped[int] = mapped_column(default=0)
    returned: Mapped[int] = mapped_column(default=0)
    produced: Mapped[int | None]  # frozen at sign-off
    spoiled: Mapped[int | None]  # frozen at sign-off
    note: Mapped[str | None] = mapped_column(String(500))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    signed_off_by: Mapped[str | None] = mapped_column(String(200))
    signed_off_at: Mapped[dt.datetime | None]


class BureauExportState(enum.StrEnum):
    SENT = "sent"  # the package left; its cards are being made at the bureau
    COMPLETED = "completed"  # the bureau's manifest was imported


class BureauExport(Base):
    """One package sent to a bureau: the cards in it are ``printing`` at ``bureau:<name>`` until the
    bureau's signed manifest for this package (matched by its SHA-256) is imported."""

    __tablename__ = "bureau_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("print_batches.id"), index=True)
    bureau: Mapped[str] = mapped_column(String(64))
    state: Mapped[BureauExportState] = mapped_column(enum_column(BureauExportState, length=16))
    card_count: Mapped[int]
    card_numbers: Mapped[list[Any]]  # the cards in the package: the manifest must account for each
    package_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    manifest_sha256: Mapped[str | None] = mapped_column(String(64))
    completed_at: Mapped[dt.datetime | None]
