"""The ``[sync]`` settings section: change detection and delivery of statuses to 1C."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator


class SyncSettings(BaseModel):
    # auto: the exchange plan when the gateway's node exists in 1C, else DataVersion comparison.
    change_detection: Literal["auto", "exchange_plan", "data_version"] = "auto"
    # Rows per upsert statement / per committed page of a full sync.
    page_size: int = Field(5_000, ge=10)
    # Member pages of a full sync upserted at once on PostgreSQL (each its own connection; the
    # pages still commit in order, so the run's checkpoint keeps meaning "all up to here").
    writers: int = Field(2, ge=1, le=8)
    # A lock older than this is considered abandoned (a killed process); SQLite lock row only.
    lock_ttl_minutes: float = Field(240.0, gt=0)
    # Outbox: concurrent pushes (size it to the 1C web server's session pool; 406 = pool full).
    outbox_concurrency: int = Field(4, ge=1, le=64)
    # Outbox: messages fetched per delivery round.
    outbox_batch: int = Field(500, ge=1)
    # Outbox: exponential backoff base and cap (seconds), full jitter on top.
    outbox_base_delay_seconds: float = Field(30.0, gt=0)
    outbox_max_delay_seconds: float = Field(3600.0, gt=0)
    # Outbox: a message is dead after this many failed attempts (the defaults cover ~20 h of 1C
    # being unreachable before anything needs an operator).
    outbox_max_attempts: int = Field(25, ge=1)
    # Outbox: how often beat runs the delivery task, and how long one run may go on.
    outbox_minutes: float = Field(1.0, gt=0)
    outbox_run_seconds: float = Field(50.0, gt=0)

    @model_validator(mode="after")
    def _delays(self) -> SyncSettings:
        if self.outbox_base_delay_seconds > self.outbox_max_delay_seconds:
            raise ValueError("outbox_base_delay_seconds must not exceed outbox_max_delay_seconds")
        return self
