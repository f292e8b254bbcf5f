"""Print stations and the record of every attempt to personalise a card on one."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base, utcnow
from gateway.models.registry import enum_column


class StationState(enum.StrEnum):
    IDLE = "idle"  # no batch
    PRINTING = "printing"  # working through current_batch
    PAUSED = "paused"  # stopped by the operator or by a fault (pause_reason says which)


class PrintStation(Base):
    """One printer with its encoder, served by one Celery worker on queue ``station.<name>``."""

    __tablename__ = "print_stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[StationState] = mapped_column(enum_column(StationState))
    pause_code: Mapped[str | None] = mapped_column(String(50))
    pause_reason: Mapped[str | None] = mapped_column(String(500))
    current_batch_id: Mapped[int | None] = mapped_column(ForeignKey("print_batches.id"))
    # Every message the station sends carries the run token; resume issues a new one, so a chain
    # of card tasks left over from before a pause stops instead of running beside the new one.
    run_token: Mapped[str | None] = mapped_column(String(36))
    heartbeat_at: Mapped[dt.datetime | None]
    worker_host: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AttemptOutcome(enum.StrEnum):
    PRODUCED = "produced"
    SPOILED = "spoiled"
    RETURNED = "returned"  # printer fault before the card was fed: the card went back to the queue
    INTERRUPTED = "interrupted"  # the station died mid-card: needs inspection


class CardPrintAttempt(Base):
    """One pass of one card through a station: opened before the printer is touched, closed with
    the outcome. An attempt without an outcome after a crash is exactly what needs inspection."""

    __tablename__ = "card_print_attempts"
    __table_args__ = (Index("ix_card_print_attempts_station_open", "station", "finished_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("print_batches.id"))
    station: Mapped[str] = mapped_column(String(64))
    last_step: Mapped[str | None] = mapped_column(String(40))
    chip_uid: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[AttemptOutcome | None] = mapped_column(enum_column(AttemptOutcome))
    reason_code: Mapped[str | None] = mapped_column(String(50))
    printer_job_id: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
