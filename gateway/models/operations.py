"""What the operations pages and /readyz need to know about Celery beat: when each periodic job
was last sent, and how its last run ended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.base import Base


class BeatJob(Base):
    """One row per beat schedule entry, written by beat when it sends the job and by the worker
    that runs it. Beat keeps its own schedule in a local file; this row is what other machines see."""

    __tablename__ = "beat_jobs"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)  # the beat_schedule key
    task: Mapped[str] = mapped_column(String(200))
    last_sent_at: Mapped[dt.datetime | None]
    last_task_id: Mapped[str | None] = mapped_column(String(64))
    last_started_at: Mapped[dt.datetime | None]
    last_finished_at: Mapped[dt.datetime | None]
    # running | succeeded | failed (of the last run a worker reported)
    last_state: Mapped[str | None] = mapped_column(String(16))
