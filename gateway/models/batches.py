"""Print batches and their per-region card counts (the basis of cost reimbursement)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, utcnow
from gateway.models.registry import enum_column


class BatchState(enum.StrEnum):
    FORMED = "formed"  # orders chosen, waiting for a print station
    PRINTING = "printing"
    PAUSED = "paused"
    PRODUCED = "produced"  # every card produced (spoiled ones replaced)
    DISPATCHED = "dispatched"
    CANCELLED = "cancelled"


class PrintBatch(Base):
    __tablename__ = "print_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[BatchState] = mapped_column(enum_column(BatchState))
    # Set when the batch was formed for a single region (split_by_region = true).
    region_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    card_count: Mapped[int] = mapped_column(default=0)
    formed_by: Mapped[str] = mapped_column(String(200))
    formed_reason: Mapped[str] = mapped_column(String(200))
    station: Mapped[str | None] = mapped_column(String(100))
    pause_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BatchRegionCount(Base):
    __tablename__ = "batch_region_counts"

    batch_id: Mapped[int] = mapped_column(ForeignKey("print_batches.id"), primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    card_count: Mapped[int]
    unit_cost_rub: Mapped[float] = mapped_column(Numeric(10, 2, asdecimal=False))
