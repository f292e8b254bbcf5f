"""Logs machines can read: JSON lines with the request id, carried from a request into the
Celery task it sends (a real worker over RabbitMQ), and never personal data."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.correlation import REQUEST_ID_HEADER
from gateway.logging_setup import JsonFormatter, configure_logging
from gateway.models import TokenKind
from tests.conftest import make_test_settings
from tests.factories import auth, make_member, make_primary, make_region, make_token


@pytest.fixture()
def json_log() -> Iterator[io.StringIO]:
    """The process logs JSON lines into a buffer for the test (the worker threads log here too)."""
    buffer = io.StringIO()
    configure_logging(make_test_settings(ops={"log_format": "json"}))
    root = logging.getLogger()
    handler = next(h for h in root.handlers if isinstance(h.formatter, JsonFormatter))
    handler.setStream(buffer)
    yield buffer
    root.removeHandler(handler)


def _lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_json_line_has_time_level_logger_event_and_ids_only(json_log: io.StringIO) -> None:
    log = logging.getLogger("gateway.test")
    log.info("batch %d formed", 7, extra={"batch_id": 7, "card_ids": [1, 2], "surname": "Иванова"})
    (line,) = [x for x in _lines(json_log) if x["logger"] == "gateway.test"]
    assert set(line) == {"time", "level", "logger", "event", "batch_id", "card_ids"}
    assert line["event"] == "batch 7 formed" and line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    # Only keys naming ids are taken from ``extra``: a name passed by mistake stays out.
    assert "Иванова" not in json_log.getvalue()


def test_request_id_is_returned_and_a_sane_one_from_the_proxy_is_kept(client: Any) -> None:
    fresh = client.get("/healthz").headers[REQUEST_ID_HEADER]
    assert len(fresh) == 32
    assert client.get("/healthz", headers={REQUEST_ID_HEADER: "proxy-abc-12345"}).headers[
        REQUEST_ID_HEADER
    ] == ("proxy-abc-12345")
    # Anything that could forge a log line or a header is replaced by a new id.
    forged = client.get("/healthz", headers={REQUEST_ID_HEADER: 'x" level=ERROR'}).headers[REQUEST_ID_HEADER]
    assert forged != 'x" level=ERROR' and len(forged) == 32


def test_request_id_reaches_the_task_the_request_sent_without_personal_data(
    worker_app: Any, json_log: io.StringIO
) -> None:
    from gateway.db.session import unit_of_work

    with unit_of_work(worker_app.extensions["gateway.sessionmaker"]) as s:
        region = make_region(s, "77")
        member = make_member(s, make_primary(s, region), surname="Сидорчук", name="Алевтина")
        token = make_token(s, TokenKind.REGION, region)
        ref = str(member.onec_ref)
    client = worker_app.test_client()
    # A cell beyond the csv module's field limit breaks the file in the worker (the request only
    # reads the header), which logs the failure.
    body = f"Код 1С;Фамилия\r\n{ref};Сидорчук\r\n{ref};{'я' * 140_000}\r\n".encode("cp1251")
    resp = client.post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(body), "заявка.csv")},
        headers={**auth(token), REQUEST_ID_HEADER: "req-upload-0001"},
    )
    assert resp.status_code == 202, resp.json
    assert resp.headers[REQUEST_ID_HEADER] == "req-upload-0001"
    deadline = time.monotonic() + 30
    failed: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not failed:
        failed = [
            x for x in _lines(json_log) if "failed" in x["event"] and x["logger"] == "gateway.orders.uploads"
        ]
        time.sleep(0.1)
    assert failed, json_log.getvalue()[-2000:]
    assert failed[0]["request_id"] == "req-upload-0001"
    assert failed[0]["task_id"]
    # The task's name and the ids among its arguments are on every line it logs.
    assert failed[0]["task"] == "gateway.tasks.process_upload_task"
    assert isinstance(failed[0]["upload_id"], int)
    text = json_log.getvalue()
    assert "Сидорчук" not in text and "Алевтина" not in text and member.birth_date.isoformat() not in text
