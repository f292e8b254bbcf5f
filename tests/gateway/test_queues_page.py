"""Queue monitoring for operators: the workers that answer (a real Celery worker over RabbitMQ),
queue depths from the broker, and the last run of each beat job as beat and the worker record it."""

from __future__ import annotations

import time
from typing import Any

from kombu import Queue

from gateway.beat_jobs import install_beat_recorder
from gateway.db.base import utcnow
from gateway.db.session import unit_of_work
from gateway.models import Role
from gateway.models.operations import BeatJob
from tests.gateway.web.support import login, make_user


def test_a_job_beat_sends_is_recorded_sent_then_run_by_the_worker(worker_app: Any) -> None:
    from celery.signals import before_task_publish

    celery = worker_app.extensions["celery"]
    engine = worker_app.extensions["gateway.engine"]
    install_beat_recorder(celery, engine)
    try:
        # What beat does when the batching job is due: publish the task (here from this process).
        result = celery.send_task("gateway.tasks.form_batches_task")
    finally:
        before_task_publish.disconnect(dispatch_uid="gateway.beat_jobs.sent")
    factory = worker_app.extensions["gateway.sessionmaker"]
    deadline = time.monotonic() + 30
    job = None
    while time.monotonic() < deadline:
        with unit_of_work(factory) as s:
            job = s.get(BeatJob, "form-batches")
            if job is not None and job.last_state == "succeeded":
                break
        time.sleep(0.2)
    assert job is not None and job.last_state == "succeeded", job
    assert job.task == "gateway.tasks.form_batches_task" and job.last_task_id == result.id
    assert job.last_sent_at <= job.last_started_at <= job.last_finished_at


def test_an_operator_sees_workers_queue_depths_and_beat_jobs_in_russian(worker_app: Any) -> None:
    celery = worker_app.extensions["celery"]
    factory = worker_app.extensions["gateway.sessionmaker"]
    with unit_of_work(factory) as s:
        make_user(s, "queues-operator", Role.OPERATOR)
        s.add(
            BeatJob(
                name="onec-deliver-outbox",
                task="gateway.sync.deliver_outbox_task",
                last_sent_at=utcnow(),
                last_task_id="x",
                last_started_at=utcnow(),
                last_finished_at=utcnow(),
                last_state="failed",
            )
        )
    # Two print jobs wait on the main station's queue (no station worker consumes it here).
    station_queue = Queue("station.main", routing_key="station.main")
    with celery.connection_for_write() as conn:
        channel = conn.channel()
        station_queue(channel).declare()
        station_queue(channel).purge()
        producer = conn.Producer(channel)
        for _ in range(2):
            producer.publish({"probe": 1}, routing_key="station.main")
        channel.close()
    try:
        client = worker_app.test_client()
        assert login(client, "queues-operator").status_code == 302
        page = client.get("/queues")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Очереди и фоновые задачи" in html and 'href="/queues"' in html  # linked from the menu
        worker_names = list((celery.control.inspect(timeout=1).ping() or {}).keys())
        assert worker_names and worker_names[0] in html  # the test worker answered the broadcast
        row = html[html.index('<td class="ident">station.main</td>') :].split("</tr>")[0]
        assert '<td class="num">2</td>' in row
        assert "Отправка статусов карт в 1С" in html and "ошибка" in html
        assert "Формирование партий" in html and "ещё не запускалась" in html
    finally:
        with celery.connection_for_write() as conn:
            channel = conn.channel()
            station_queue(channel).purge()
            channel.close()


def test_the_queues_page_is_for_the_central_office_only(worker_app: Any) -> None:
    from tests.factories import make_region

    factory = worker_app.extensions["gateway.sessionmaker"]
    with unit_of_work(factory) as s:
        region = make_region(s, "77")
        make_user(s, "queues-regional", Role.REGIONAL, region)
    client = worker_app.test_client()
    assert login(client, "queues-regional").status_code == 302
    assert client.get("/queues").status_code == 403
    assert "Очереди" not in client.get("/orders").get_data(as_text=True)  # and not in the menu


def test_every_beat_job_has_a_russian_title(app: Any) -> None:
    from gateway.web.queues import JOB_TITLES

    # A job added to the schedule without a title would show its internal name on the page.
    assert set(app.extensions["celery"].conf.beat_schedule) <= set(JOB_TITLES)
