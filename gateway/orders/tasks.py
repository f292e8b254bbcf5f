"""The upload task: one unit of work, committed on success, rolled back on error.

Transient errors (the database or the broker dropped a connection, a serialization failure) send
the task again with backoff (:func:`gateway.celery_app.retrying_transient`); anything else fails
at once, and a task that fails never leaves its object in a working state: an upload is marked
``failed`` with a Russian message, or — when even that cannot be written — left for the watchdog.
"""

from __future__ import annotations

import logging
import uuid

from celery import Task, shared_task
from celery.exceptions import Retry
from flask import current_app
from sqlalchemy import update

from gateway.celery_app import retrying_transient
from gateway.db.base import utcnow
from gateway.db.locks import LockBusy, exclusive
from gateway.db.session import unit_of_work
from gateway.models import Upload, UploadState
from gateway.orders.uploads import process_upload
from gateway.transient import is_transient

log = logging.getLogger(__name__)

# An upload's lock outlives a killed worker on SQLite by this much (same-host dead workers at once).
UPLOAD_LOCK_TTL_MINUTES = 240.0


def upload_lock_name(upload_id: int) -> str:
    return f"upload:{upload_id}"


def _mark_failed(upload_id: int, exc: BaseException) -> None:
    """The upload failed for good: say so to the region, with an error id that is in the log."""
    error_id = uuid.uuid4().hex[:12]
    log.error("upload %s failed for good (error id %s): %s", upload_id, error_id, type(exc).__name__)
    try:
        with unit_of_work(current_app.extensions["gateway.sessionmaker"]) as session:
            session.execute(
                update(Upload)
                .where(Upload.id == upload_id, Upload.state.in_([UploadState.QUEUED, UploadState.PROCESSING]))
                .values(
                    state=UploadState.FAILED,
                    finished_at=utcnow(),
                    error={
                        "code": "processing_failed",
                        "message": "Файл не удалось обработать из-за внутренней ошибки сервера "
                        f"(код ошибки {error_id}). Строки, отмеченные в отчёте принятыми, сохранены; "
                        "сообщите код ошибки администратору.",
                        "error_id": error_id,
                    },
                )
            )
    except Exception:
        log.warning("upload %s: failure not recorded, left to the watchdog", upload_id, exc_info=True)


# The registered name predates this module: queued messages of a running install still resolve.
@shared_task(bind=True, name="gateway.tasks.process_upload_task")
def process_upload_task(self: Task, upload_id: int) -> None:
    """Process an upload under its own lock (the watchdog may send the task again while a retry
    waits in the broker). Transient errors retry with backoff and, when retries run out, leave the
    upload to the watchdog; any other error marks it failed."""
    engine = current_app.extensions["gateway.engine"]
    try:
        with retrying_transient(self):
            try:
                with exclusive(engine, upload_lock_name(upload_id), UPLOAD_LOCK_TTL_MINUTES):
                    process_upload(
                        current_app.extensions["gateway.sessionmaker"],
                        current_app.extensions["gateway.settings"],
                        upload_id,
                    )
            except LockBusy:
                log.info("upload %s: another worker is processing it", upload_id)
    except Retry:
        raise
    except Exception as exc:
        if not is_transient(exc):
            _mark_failed(upload_id, exc)
        raise
