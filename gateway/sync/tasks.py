"""Celery tasks of the 1C link. They take no ORM objects (nothing at all, or plain flags); each
commits its own pages. A second copy of a sync or delivery task finds the lock held and returns
at once ("busy"), so beat may fire while a long run is still going."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

from celery import Task, shared_task
from flask import current_app

from adapters.onec import Registry
from gateway.celery_app import retrying_transient
from gateway.db.locks import LockBusy, LockLost

log = logging.getLogger(__name__)


def _parts() -> tuple[Any, Any, Any]:
    ext = current_app.extensions
    return ext["gateway.sessionmaker"], ext["gateway.engine"], ext["gateway.settings"]


def _registry_factory(settings: Any) -> Callable[[], Registry]:
    factory = current_app.extensions.get("gateway.registry_factory")
    if factory is not None:  # set by tests and the embedded mode
        return cast(Callable[[], Registry], factory)
    from gateway.sync.connect import open_registry

    return lambda: open_registry(settings)


@shared_task(bind=True, name="gateway.sync.full_sync_task")
def full_sync_task(self: Task, resume: bool = True) -> dict[str, Any]:
    # A dropped database connection retries with backoff: the run resumes after its last page.
    # (A retry always resumes, whatever ``resume`` was: the run it started is the one to finish.)
    from gateway.sync.full import run_full_sync

    factory, engine, settings = _parts()
    registry = _registry_factory(settings)()
    try:
        with retrying_transient(self):
            return run_full_sync(
                factory, engine, settings, registry, resume=resume or self.request.retries > 0
            )
    except LockBusy:
        log.info("full sync: another sync is running")
        return {"state": "busy"}
    except LockLost:
        log.error("full sync: the sync lock was lost; the sync that holds it now goes on")
        return {"state": "lock_lost"}
    finally:
        registry.close()


@shared_task(name="gateway.sync.incremental_sync_task")
def incremental_sync_task() -> dict[str, Any]:
    from gateway.sync.incremental import run_incremental_sync

    factory, engine, settings = _parts()
    registry = _registry_factory(settings)()
    try:
        return run_incremental_sync(factory, engine, settings, registry)
    except LockBusy:
        log.info("incremental sync: another sync is running")
        return {"state": "busy"}
    except LockLost:
        log.error("incremental sync: the sync lock was lost; nothing more was committed")
        return {"state": "lock_lost"}
    finally:
        registry.close()


@shared_task(name="gateway.sync.deliver_outbox_task")
def deliver_outbox_task() -> dict[str, Any]:
    from gateway.sync.outbox import deliver_outbox

    factory, engine, settings = _parts()
    try:
        return deliver_outbox(factory, engine, settings.sync, _registry_factory(settings)).as_dict()
    except LockBusy:
        return {"stopped": "busy"}


@shared_task(name="gateway.sync.reconcile_task")
def reconcile_task(run_id: int) -> None:
    from gateway.sync.reconcile import run_reconciliation

    factory, _engine, settings = _parts()
    run_reconciliation(factory, _registry_factory(settings), run_id)
