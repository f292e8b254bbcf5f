"""Celery wired to the Flask app: each task runs in an app context with its own session.

Tasks take ids, never ORM objects, and are sent with :func:`send_after_commit` so a worker never
looks for a row the request has not committed yet.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, Task
from flask import Flask
from kombu import Queue
from sqlalchemy.orm import Session

from gateway.db.session import after_commit
from gateway.transient import is_transient

# A task retried after a transient error waits 2, 4, 8 … s (jittered), at most 5 minutes; ten
# retries span ~20 minutes. What is still failing then is left to the watchdog (gateway/watchdog.py).
RETRY_BASE_SECONDS = 2.0
RETRY_MAX_SECONDS = 300.0
MAX_RETRIES = 10


def celery_init_app(app: Flask) -> Celery:
    settings = app.extensions["gateway.settings"]

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=settings.broker_url,
        task_ignore_result=True,
        # A task is acknowledged after it ran: a worker killed mid-task leaves it on the queue.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="gateway",
        task_queues=[Queue("gateway")],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        timezone="UTC",
        beat_schedule={
            "form-batches": {
                "task": "gateway.tasks.form_batches_task",
                "schedule": settings.batching.schedule_minutes * 60,
            },
            "onec-incremental-sync": {
                "task": "gateway.sync.incremental_sync_task",
                "schedule": settings.onec.incremental_minutes * 60,
            },
            "onec-deliver-outbox": {
                "task": "gateway.sync.deliver_outbox_task",
                "schedule": settings.sync.outbox_minutes * 60,
            },
            # Finds work whose owner is gone (dead worker, stalled station) and resumes or hands it over.
            "watchdog": {
                "task": "gateway.tasks.watchdog_task",
                "schedule": settings.watchdog.minutes * 60,
            },
            # A voided card reaches the partners' apps within a minute (gateway.virtual.webhooks).
            "partner-webhooks": {
                "task": "gateway.virtual.deliver_webhooks_task",
                "schedule": settings.virtual.webhook_interval_seconds,
            },
            # Retention, not throttling: once a day is plenty.
            "prune-login-attempts": {
                "task": "gateway.tasks.prune_login_attempts_task",
                "schedule": 24 * 3600,
            },
        },
    )
    celery.set_default()
    app.extensions["celery"] = celery
    # Importing a task module registers its tasks on this app; each domain keeps its own.
    import gateway.accounts.tasks  # noqa: F401  (login-attempt retention)
    import gateway.batching.tasks  # noqa: F401  (batch forming)
    import gateway.orders.tasks  # noqa: F401  (uploaded order files)
    import gateway.printing.tasks  # noqa: F401  (the print station task)
    import gateway.sync.tasks  # noqa: F401  (1C sync and status delivery)
    import gateway.virtual.tasks  # noqa: F401  (partner webhooks)
    import gateway.watchdog  # noqa: F401  (the watchdog beat job)

    return celery


def send_after_commit(session: Session, task: Any, *args: Any, **options: Any) -> None:
    after_commit(session, lambda: task.apply_async(args=args, **options))


def retry_delay(retries: int) -> float:
    """Exponential backoff with full jitter, so many tasks failing together do not retry together."""
    return random.uniform(0.5, 1.0) * min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**retries)


@contextmanager
def retrying_transient(task: Task) -> Iterator[None]:
    """Inside a bound task: a transient database or broker error sends the task again with backoff
    (Celery acknowledges a failed task even with acks-late, so without this nothing would run it
    again). Other errors fail the task at once. After ``MAX_RETRIES`` the error is raised."""
    try:
        yield
    except Exception as exc:
        if not is_transient(exc) or task.request.called_directly:
            raise
        raise task.retry(
            exc=exc, countdown=retry_delay(task.request.retries), max_retries=MAX_RETRIES
        ) from exc
