"""The batching task beat sends every few minutes."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from flask import current_app

from gateway.batching.service import form_batches
from gateway.celery_app import retrying_transient
from gateway.db.session import unit_of_work

log = logging.getLogger(__name__)


# The registered name predates this module: queued messages of a running install still resolve.
@shared_task(bind=True, name="gateway.tasks.form_batches_task")
def form_batches_task(self: Task, force: bool = False) -> list[int]:
    settings = current_app.extensions["gateway.settings"]
    with retrying_transient(self), unit_of_work(current_app.extensions["gateway.sessionmaker"]) as session:
        batches = form_batches(session, settings.batching, actor="system:batching", force=force)
        ids = [b.id for b in batches]
    if ids:
        log.info("formed %d batch(es): %s", len(ids), ids)
    return ids
