"""Records of Celery beat's jobs in the database (``beat_jobs``): beat writes when it sends a job,
the worker that runs it writes when it starts and ends.

Beat keeps its schedule in a local file no other machine can read; these rows let ``/readyz`` say
whether beat is alive and the queues page show the last run of each job. Only runs that beat sent
are recorded (the row's ``last_task_id`` must match), so an operator's "form batches now" does not
pass for the scheduled job. Recording never breaks a task: a database error is logged and dropped.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun
from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from gateway.db.base import utcnow
from gateway.models.operations import BeatJob

log = logging.getLogger(__name__)

# The engine of each Celery app in this process (tests make several apps; production one).
_ENGINES: weakref.WeakKeyDictionary[Celery, Engine] = weakref.WeakKeyDictionary()


def schedule_names(celery: Celery) -> dict[str, str]:
    """Task name → beat entry name of the app's schedule."""
    return {entry["task"]: name for name, entry in (celery.conf.beat_schedule or {}).items()}


def shortest_interval_seconds(celery: Celery) -> float | None:
    intervals = []
    for entry in (celery.conf.beat_schedule or {}).values():
        schedule = entry["schedule"]
        seconds = getattr(schedule, "total_seconds", None)
        if callable(seconds):
            intervals.append(float(seconds()))
        elif isinstance(schedule, int | float):
            intervals.append(float(schedule))
    return min(intervals) if intervals else None


def record_sent(engine: Engine, name: str, task: str, task_id: str) -> None:
    now = utcnow()
    values = {"task": task, "last_sent_at": now, "last_task_id": task_id}
    try:
        with engine.begin() as conn:
            done = conn.execute(update(BeatJob).where(BeatJob.name == name).values(**values)).rowcount
            if not done:
                conn.execute(insert(BeatJob).values(name=name, **values))
    except IntegrityError:  # two beats inserting the first row at once: the other one won
        pass
    except SQLAlchemyError:
        log.warning("beat job %s: could not record the send", name, exc_info=True)


def record_run(engine: Engine, name: str, task_id: str, state: str, *, started: bool) -> None:
    column = "last_started_at" if started else "last_finished_at"
    try:
        with engine.begin() as conn:
            conn.execute(
                update(BeatJob)
                .where(BeatJob.name == name, BeatJob.last_task_id == task_id)
                .values(**{column: utcnow(), "last_state": state})
            )
    except SQLAlchemyError:
        log.warning("beat job %s: could not record the run", name, exc_info=True)


def install_beat_recorder(celery: Celery, engine: Engine) -> None:
    """In the beat process: record every scheduled job beat sends."""
    names = schedule_names(celery)

    def _sent(sender: str | None = None, headers: dict[str, Any] | None = None, **_: Any) -> None:
        headers = headers or {}
        task = headers.get("task") or sender or ""
        if task in names and headers.get("id"):
            record_sent(engine, names[task], task, str(headers["id"]))

    before_task_publish.connect(_sent, weak=False, dispatch_uid="gateway.beat_jobs.sent")


def register_worker_hooks(celery: Celery, engine: Engine) -> None:
    """In every process that may run tasks: record the start and end of beat's jobs."""
    _ENGINES[celery] = engine
    task_prerun.connect(_started, weak=False, dispatch_uid="gateway.beat_jobs.started")
    task_postrun.connect(_finished, weak=False, dispatch_uid="gateway.beat_jobs.finished")


def _job_of(task: Any) -> tuple[Engine, str] | None:
    app = getattr(task, "app", None)
    engine = _ENGINES.get(app) if app is not None else None
    if engine is None:
        return None
    name = schedule_names(app).get(task.name)
    return (engine, name) if name else None


def _started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    job = _job_of(task)
    if job is not None and task_id:
        record_run(job[0], job[1], task_id, "running", started=True)


def _finished(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    job = _job_of(task)
    if job is not None and task_id:
        outcome = "succeeded" if state == "SUCCESS" else "failed"
        record_run(job[0], job[1], task_id, outcome, started=False)
