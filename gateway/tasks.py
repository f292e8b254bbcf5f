"""Celery tasks. Each is one unit of work: commit on success, roll back on error."""

from __future__ import annotations

import logging

from celery import shared_task
from flask import current_app

from gateway.batching.service import form_batches
from gateway.db import unit_of_work
from gateway.orders.uploads import process_upload
from gateway.users import prune_login_attempts

log = logging.getLogger(__name__)


@shared_task(name="gateway.tasks.process_upload_task")
def process_upload_task(upload_id: int) -> None:
    process_upload(
        current_app.extensions["gateway.sessionmaker"], current_app.extensions["gateway.settings"], upload_id
    )


@shared_task(name="gateway.tasks.form_batches_task")
def form_batches_task(force: bool = False) -> list[int]:
    settings = current_app.extensions["gateway.settings"]
    with unit_of_work(current_app.extensions["gateway.sessionmaker"]) as session:
        batches = form_batches(session, settings.batching, actor="system:batching", force=force)
        ids = [b.id for b in batches]
    if ids:
        log.info("formed %d batch(es): %s", len(ids), ids)
    return ids


@shared_task(name="gateway.tasks.prune_login_attempts_task")
def prune_login_attempts_task() -> int:
    settings = current_app.extensions["gateway.settings"]
    with unit_of_work(current_app.extensions["gateway.sessionmaker"]) as session:
        deleted = prune_login_attempts(session, settings.web)
    if deleted:
        log.info("pruned %d login attempt(s)", deleted)
    return deleted
