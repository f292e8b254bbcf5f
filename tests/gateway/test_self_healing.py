"""Work survives dropped database connections: uploads on the real Celery worker (RabbitMQ) whose
transactions are killed with ``pg_terminate_backend`` end done, every row reported once; the
transient-error classification behind every task's retry policy."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from gateway.db import unit_of_work
from gateway.models import CardOrder, TokenKind, Upload, UploadRowResult, UploadState
from gateway.transient import is_transient
from tests.factories import auth, make_member, make_primary, make_region, make_token
from tests.gateway.printing.test_lock_loss import kill_connections_except_locks

pytestmark = pytest.mark.timeout(180)

ROWS = 400


@pytest.fixture()
def small_chunks(worker_app: Any) -> Any:
    """The worker's settings with chunks of 20 rows: 20 committed chunks for one file."""
    settings = worker_app.extensions["gateway.settings"]
    worker_app.extensions["gateway.settings"] = settings.model_copy(
        update={"uploads": settings.uploads.model_copy(update={"chunk_rows": 20})}
    )
    yield worker_app
    worker_app.extensions["gateway.settings"] = settings


def test_upload_whose_connections_are_killed_mid_file_retries_and_reports_every_row_once(
    small_chunks: Any,
) -> None:
    app = small_chunks
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        region = make_region(s, "77")
        primary = make_primary(s, region, code="P77-1")
        refs = [
            str(make_member(s, primary, surname=f"Кузнецов{i:04d}", name="Пётр").onec_ref)
            for i in range(ROWS)
        ]
        token = make_token(s, TokenKind.REGION, region)
    content = ("Код 1С;Причина\r\n" + "\r\n".join(f"{r};первичный" for r in refs)).encode("cp1251")
    import io

    client = app.test_client()
    r = client.post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(content), "заявка.csv")},
        headers=auth(token),
        content_type="multipart/form-data",
    )
    assert r.status_code == 202, r.json
    upload_url = r.headers["Location"] if "Location" in r.headers else f"/api/v1/uploads/{r.json['id']}"

    engine = app.extensions["gateway.engine"]
    kills, deadline = 0, time.monotonic() + 1.5
    while time.monotonic() < deadline:  # the worker's chunk transactions die while it writes
        kills += kill_connections_except_locks(engine)
        time.sleep(0.01)

    body: dict[str, Any] = {}
    wait_until = time.monotonic() + 90
    while time.monotonic() < wait_until:
        body = client.get(upload_url, headers=auth(token)).json
        if body["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert body["state"] == "done", body
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        upload = s.scalars(select(Upload)).one()
        assert (upload.accepted_rows, upload.rejected_rows, upload.processed_rows) == (ROWS, 0, ROWS)
        per_member = s.execute(select(CardOrder.member_id, func.count()).group_by(CardOrder.member_id)).all()
        assert len(per_member) == ROWS and {n for _m, n in per_member} == {1}
        assert s.scalar(select(func.count()).select_from(UploadRowResult)) == 0
    assert kills > 0


def test_dropped_connections_and_serialization_failures_are_transient_bugs_are_not(engine: Any) -> None:
    with engine.connect() as victim, engine.connect() as killer:
        pid = victim.execute(text("SELECT pg_backend_pid()")).scalar()
        killer.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        killer.commit()
        with pytest.raises(OperationalError) as dropped:
            victim.execute(text("SELECT 1"))
    assert is_transient(dropped.value)
    with engine.connect() as conn, pytest.raises(Exception) as serial:
        conn.execute(text("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$"))
    assert is_transient(serial.value)
    with engine.connect() as conn, pytest.raises(IntegrityError) as bug:
        conn.execute(text("CREATE TEMP TABLE t (x int primary key); INSERT INTO t VALUES (1), (1)"))
    assert not is_transient(bug.value)
    assert not is_transient(ValueError("a bug"))
    assert UploadState.DONE.value == "done"
