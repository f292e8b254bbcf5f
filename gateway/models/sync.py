"""State of the 1C sync: runs with their resumable checkpoints, the lock row, and the lines of
1C card-order documents already taken in (so a document is never ordered twice)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, utcnow
from gateway.models.registry import enum_column


class SyncKind(enum.StrEnum):
    FULL = "full"
    INCREMENTAL = "incremental"


class SyncState(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class SyncRun(Base):
    """One sync run. ``checkpoint`` holds the last committed 1C key per stage, written in the same
    transaction as the page it closes, so a crashed full run resumes exactly after that page."""

    __tablename__ = "sync_runs"
    __table_args__ = (Index("ix_sync_runs_kind_state", "kind", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SyncKind] = mapped_column(enum_column(SyncKind, 16))
    state: Mapped[SyncState] = mapped_column(enum_column(SyncState, 16), default=SyncState.RUNNING)
    stage: Mapped[str] = mapped_column(String(32), default="organisations")
    # How changes were detected in an incremental run: exchange_plan | data_version.
    mode: Mapped[str | None] = mapped_column(String(32))
    checkpoint: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[dt.datetime | None]


class ReconciliationState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ReconciliationRun(Base):
    """One reconciliation report, made in the background: counting 1C's members takes about a
    minute on millions, too long for a web request. ``report`` holds the finished report."""

    __tablename__ = "reconciliation_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[ReconciliationState] = mapped_column(
        enum_column(ReconciliationState, 16), default=ReconciliationState.QUEUED
    )
    requested_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    report: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(String(500))


class OneCOrderLine(Base):
    """A line of a 1C card-order document (Document_ЗаявкаНаВыпускЭПБ) and what became of it.

    The (document, line) pair is the idempotency key of orders from 1C: a document seen again (a
    resumed full sync, a re-sent change message, a later incremental run) adds only lines not
    recorded here. Rejected lines are kept with their problems: intake stores only accepted
    orders, and a line of 1C may name a member the gateway does not know at all.
    """

    __tablename__ = "onec_order_lines"
    __table_args__ = (
        UniqueConstraint("document_ref", "line_number", name="uq_onec_order_lines_document_line"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_ref: Mapped[uuid.UUID]
    document_number: Mapped[str] = mapped_column(String(64))
    line_number: Mapped[int]
    member_ref: Mapped[uuid.UUID | None]
    order_id: Mapped[int | None] = mapped_column(ForeignKey("card_orders.id"), index=True)
    accepted: Mapped[bool]
    problems: Mapped[list[Any] | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
