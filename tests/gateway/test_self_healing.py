"""Work survives dropped database connections: uploads on the real Celery worker (RabbitMQ) whose
transactions are killed with ``pg_terminate_backend`` end done, every row reported once; the
transient-error classification behind every task's retry policy."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from gateway.db.session import unit_of_work
from gateway.models import CardOrder, TokenKind, Upload, UploadRowResult, UploadState
from gateway.transient import is_transient
from tests.factories import auth, make_member, make_primary, make_region, make_token
from tests.gateway.printing.test_lock_loss import kill_connections_except_locks
from tests.helpers import wait_for

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

    body: dict[str, Any] = wait_for(
        lambda: (b := client.get(upload_url, headers=auth(token)).json)["state"] in ("done", "failed") and b,
        timeout=90,
        interval=0.2,
        what="the upload to finish",
    )
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


def test_claim_tried_again_after_its_commit_answer_was_lost_finds_its_card(app: Any, tmp_path: Any) -> None:
    """The claim's commit went through but the connection dropped before the answer: the station
    tries again with the same new token and carries on with that card instead of stalling."""
    from card_printing.payload import generate_private_key, private_key_pem
    from gateway.models import PrintBatch
    from gateway.printing.station import start_batch
    from gateway.printing.worker import claim_next
    from tests.conftest import make_test_settings
    from tests.gateway.printing.conftest import make_batch

    key = tmp_path / "card-signing.pem"
    key.write_bytes(private_key_pem(generate_private_key()))
    settings = make_test_settings(printing={"signing_key_path": str(key)})
    factory = app.extensions["gateway.sessionmaker"]
    demo = make_batch(app, {"77": 2})
    with unit_of_work(factory) as s:
        batch = s.get(PrintBatch, demo.batch_id)
        assert batch is not None
        token = start_batch(s, settings, batch, "main", actor="test")[0].run_token
    assert token is not None
    with unit_of_work(factory) as s:
        first = claim_next(s, settings, "main", demo.batch_id, token, "claim-1")
    with unit_of_work(factory) as s:  # the same message, tried again
        again = claim_next(s, settings, "main", demo.batch_id, token, "claim-1")
    assert first is not None and again is not None
    assert (again.card_id, again.attempt_id) == (first.card_id, first.attempt_id)
    with unit_of_work(factory) as s:  # a left-over message of the old chain claims nothing
        assert claim_next(s, settings, "main", demo.batch_id, token, "claim-2") is None


def test_upload_task_failing_for_good_marks_the_upload_failed_for_the_operator(
    worker_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (not a passing database error) is not retried: the upload ends failed with a Russian
    message and an error id, and the operators' dashboard lists it."""
    import gateway.orders.tasks
    from gateway.models import Role
    from tests.gateway.web.support import login, make_user

    app = worker_app
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        region = make_region(s, "77")
        upload = Upload(
            region_id=region.id,
            submitted_by="test",
            filename="заявка-сбой.csv",
            content=b"\xd4\xe0\xec\xe8\xeb\xe8\xff\r\n",
            all_or_nothing=False,
            state=UploadState.QUEUED,
            file_format="csv",
        )
        s.add(upload)
        s.flush()
        upload_id = upload.id
        make_user(s, "op-failed", Role.OPERATOR)

    def broken(*_args: Any) -> None:
        raise ValueError("a bug in the upload code")

    monkeypatch.setattr(gateway.orders.tasks, "process_upload", broken)
    result = gateway.orders.tasks.process_upload_task.apply(args=(upload_id,))
    assert isinstance(result.result, ValueError)
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        failed = s.get(Upload, upload_id)
        assert failed is not None and failed.state is UploadState.FAILED and failed.error is not None
        assert (
            failed.error["code"] == "processing_failed"
            and failed.error["error_id"] in failed.error["message"]
        )
    client = app.test_client()
    login(client, "op-failed")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "заявка-сбой.csv" in page and failed.error["error_id"] in page
