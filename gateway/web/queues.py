"""The operators' view of the background machinery: Celery workers that answer, queues and
their depth, the last run of each periodic (beat) job."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from gateway import queue_monitor
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.web.security import CENTRAL_ROLES, require

bp = Blueprint("queues", __name__)

JOB_TITLES = {
    "form-batches": "Формирование партий",
    "onec-incremental-sync": "Изменения из 1С (инкрементальная синхронизация)",
    "onec-deliver-outbox": "Отправка статусов карт в 1С",
    "watchdog": "Поиск остановившейся работы (загрузки, партии, станции)",
    "partner-webhooks": "Уведомления партнёрам (личный кабинет, мобильное приложение)",
    "prune-login-attempts": "Очистка журнала попыток входа",
}
STATE_TITLES = {"running": "выполняется", "succeeded": "успешно", "failed": "ошибка"}


@bp.get("/queues")
@require(*CENTRAL_ROLES)
def show() -> Any:
    celery = current_app.extensions["celery"]
    settings = get_settings_from_app()
    workers = queue_monitor.workers_seen(celery)
    names = queue_monitor.queue_names(celery, sorted(settings.printing.stations), workers)
    broker_error = None
    try:
        depths = queue_monitor.queue_depths(celery, names)
    except Exception as exc:  # noqa: BLE001 - the page says the broker is down instead of failing
        broker_error = type(exc).__name__
        depths = []
    consumers_of = {q: [w.name for w in workers if q in w.queues] for q in names}
    return render_template(
        "queues.html",
        title="Очереди и фоновые задачи",
        workers=workers,
        broadcast=queue_monitor.broadcast_supported(celery),
        depths=depths,
        consumers_of=consumers_of,
        broker_error=broker_error,
        jobs=queue_monitor.beat_jobs(get_session(), celery),
        job_titles=JOB_TITLES,
        state_titles=STATE_TITLES,
    )
