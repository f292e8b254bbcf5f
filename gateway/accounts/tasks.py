"""Accounts housekeeping: the daily prune of old login attempts."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from flask import current_app

from gateway.accounts.users import prune_login_attempts
from gateway.celery_app import retrying_transient
from gateway.db.session import unit_of_work

log = logging.getLogger(__name__)


# The registered name predates this module: queued messages of a running install still resolve.
@shared_task(bind=True, name="gateway.tasks.prune_login_attempts_task")
def prune_login_attempts_task(self: Task) -> int:
    settings = current_app.extensions["gateway.settings"]
    with retrying_transient(self), unit_of_work(current_app.extensions["gateway.sessionmaker"]) as session:
        deleted = prune_login_attempts(session, settings.web)
    if deleted:
        log.info("pruned %d login attempt(s)", deleted)
    return deleted
