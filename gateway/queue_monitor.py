"""What the Celery side is doing, for the operators' queues page: the workers that answer,
the depth of each queue in the broker, and the last run of each beat job.

Queue depths come from a passive ``queue.declare`` through kombu (the broker answers with the
message and consumer counts; RabbitMQ needs no management plugin for it, and kombu's SQLAlchemy
transport of the embedded run answers it too). Workers are found with Celery's ``inspect``
broadcast, which waits ``timeout`` seconds for replies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field

from celery import Celery
from sqlalchemy import select
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

MAIN_QUEUE = "gateway"


@dataclass
class QueueDepth:
    name: str
    messages: int | None  # None: the broker does not know the queue (nothing declared it yet)
    consumers: int | None
    error: str | None = None


@dataclass
class WorkerSeen:
    name: str
    queues: list[str] = field(default_factory=list)


@dataclass
class BeatJobView:
    name: str
    task: str
    interval_seconds: float | None
    last_sent_at: dt.datetime | None = None
    last_started_at: dt.datetime | None = None
    last_finished_at: dt.datetime | None = None
    last_state: str | None = None


def broadcast_supported(celery: Celery) -> bool:
    # Remote control needs a fanout exchange shared between processes; kombu's SQLAlchemy
    # transport (the embedded run's broker) keeps fanout inside one process.
    return not str(celery.conf.broker_url or "").startswith("sqla")


def workers_seen(celery: Celery, timeout: float = 1.0) -> list[WorkerSeen]:
    if not broadcast_supported(celery):
        return []
    try:
        replies = celery.control.inspect(timeout=timeout).active_queues() or {}
    except Exception:  # noqa: BLE001 - a broker hiccup must not break the page
        log.warning("queues page: inspect failed", exc_info=True)
        return []
    return sorted(
        (WorkerSeen(name, sorted(q["name"] for q in queues or [])) for name, queues in replies.items()),
        key=lambda w: w.name,
    )


def queue_depths(celery: Celery, names: list[str]) -> list[QueueDepth]:
    out = []
    with celery.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        for name in names:
            channel = conn.channel()
            try:
                ok = channel.queue_declare(queue=name, passive=True)
                out.append(QueueDepth(name, ok.message_count, ok.consumer_count))
            except Exception as exc:  # noqa: BLE001 - AMQP answers 404 by closing the channel
                if "NOT_FOUND" in str(exc) or "404" in str(exc):
                    out.append(QueueDepth(name, None, None))
                else:
                    out.append(QueueDepth(name, None, None, type(exc).__name__))
            finally:
                with contextlib.suppress(Exception):  # the broker may have closed it already
                    channel.close()
    return out


def queue_names(celery: Celery, stations: list[str], workers: list[WorkerSeen]) -> list[str]:
    names = {MAIN_QUEUE} | {f"station.{s}" for s in stations}
    for w in workers:
        names.update(q for q in w.queues if not q.endswith(".pidbox") and "celery" not in q)
    return sorted(names, key=lambda n: (n != MAIN_QUEUE, n))


def beat_jobs(session: Session, celery: Celery) -> list[BeatJobView]:
    from gateway.beat_jobs import schedule_names  # noqa: F401  (same schedule as the recorder)
    from gateway.models.operations import BeatJob

    rows = {r.name: r for r in session.scalars(select(BeatJob))}
    out = []
    for name, entry in (celery.conf.beat_schedule or {}).items():
        schedule = entry["schedule"]
        seconds = schedule.total_seconds() if hasattr(schedule, "total_seconds") else schedule
        view = BeatJobView(name, entry["task"], float(seconds) if isinstance(seconds, int | float) else None)
        row = rows.get(name)
        if row is not None:
            view.last_sent_at = row.last_sent_at
            view.last_started_at = row.last_started_at
            view.last_finished_at = row.last_finished_at
            view.last_state = row.last_state
        out.append(view)
    return out
