"""Celery wired to the Flask app: each task runs in an app context with its own session.

Tasks take ids, never ORM objects, and are sent with :func:`send_after_commit` so a worker never
looks for a row the request has not committed yet.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, Task
from flask import Flask
from kombu import Queue
from sqlalchemy.orm import Session

from gateway.db import after_commit


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
            # Retention, not throttling: once a day is plenty.
            "prune-login-attempts": {
                "task": "gateway.tasks.prune_login_attempts_task",
                "schedule": 24 * 3600,
            },
        },
    )
    celery.set_default()
    app.extensions["celery"] = celery
    import gateway.printing.tasks  # noqa: F401  (the print station task)
    import gateway.sync.tasks  # noqa: F401  (1C sync and status delivery)
    import gateway.tasks  # noqa: F401  (registers the tasks on this app)

    return celery


def send_after_commit(session: Session, task: Any, *args: Any, **options: Any) -> None:
    after_commit(session, lambda: task.apply_async(args=args, **options))
