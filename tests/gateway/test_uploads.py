"""Spreadsheet uploads end to end: HTTP → PostgreSQL → RabbitMQ → a real Celery worker → report."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select

from gateway.db.session import unit_of_work
from gateway.models import Card, CardOrder, TokenKind
from tests.factories import auth, make_member, make_primary, make_region, make_token


@pytest.fixture()
def region_world(committed_app: Any) -> dict[str, Any]:
    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        r77 = make_region(s, "77")
        r50 = make_region(s, "50")
        p = make_primary(s, r77, code="P77-1")
        p50 = make_primary(s, r50, code="P50-1")
        members = [make_member(s, p, surname=f"Иванова{'а' * i}", name="Мария") for i in range(5)]
        foreign = make_member(s, p50, surname="Петрова", name="Анна")
        world = {
            "t77": make_token(s, TokenKind.REGION, r77),
            "t50": make_token(s, TokenKind.REGION, r50),
            "refs": [str(m.onec_ref) for m in members],
            "foreign": str(foreign.onec_ref),
        }
    return world


def wait_done(client: Any, url: str, token: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url, headers=auth(token)).json
        if body["state"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"upload not finished: {body}")


def csv_file(lines: list[str], encoding: str = "cp1251") -> tuple[Any, str]:
    import io

    return io.BytesIO("\r\n".join(lines).encode(encoding)), "заявка.csv"


def test_upload_processed_by_worker_with_per_row_report(
    worker_app: Any, region_world: dict[str, Any]
) -> None:
    client = worker_app.test_client()
    refs = region_world["refs"]
    lines = [
        "Код 1С;Причина",
        f"{refs[0]};первичный",
        f"{refs[1]};",
        f"{refs[0]};первичный",  # duplicate row in the same file
        f"{region_world['foreign']};первичный",  # another region's member
        "не-гуид;первичный",
    ]
    resp = client.post("/api/v1/uploads", data={"file": csv_file(lines)}, headers=auth(region_world["t77"]))
    assert resp.status_code == 202, resp.json
    status = wait_done(client, resp.json["status_url"], region_world["t77"])
    assert status["state"] == "done"
    assert (status["accepted_rows"], status["rejected_rows"], status["total_rows"]) == (2, 3, 5)
    report = client.get(resp.json["status_url"] + "/report", headers=auth(region_world["t77"])).json
    codes = {r["row"]: (r["accepted"], [e["code"] for e in r["errors"]]) for r in report["rows"]}
    assert codes == {
        2: (True, []),
        3: (True, []),
        4: (False, ["duplicate_in_request"]),
        5: (False, ["member_not_found"]),
        6: (False, ["invalid_member_ref"]),
    }
    csv_report = client.get(resp.json["status_url"] + "/report?format=csv", headers=auth(region_world["t77"]))
    assert csv_report.status_code == 200 and "отклонён" in csv_report.get_data(as_text=True)
    # Another region cannot see the upload at all.
    assert client.get(resp.json["status_url"], headers=auth(region_world["t50"])).status_code == 404
    with unit_of_work(worker_app.extensions["gateway.sessionmaker"]) as s:
        assert s.scalar(select(func.count(Card.id))) == 2


def test_all_or_nothing_upload_accepts_nothing_when_a_row_is_bad(
    worker_app: Any, region_world: dict[str, Any]
) -> None:
    client = worker_app.test_client()
    refs = region_world["refs"]
    lines = ["Код 1С", refs[2], refs[3], "00000000-0000-0000-0000-000000000001"]
    resp = client.post(
        "/api/v1/uploads",
        data={"file": csv_file(lines, "utf-8"), "all_or_nothing": "true"},
        headers=auth(region_world["t77"]),
    )
    status = wait_done(client, resp.json["status_url"], region_world["t77"])
    assert status["accepted_rows"] == 0 and status["rejected_rows"] == 3
    with unit_of_work(worker_app.extensions["gateway.sessionmaker"]) as s:
        assert s.scalar(select(func.count(CardOrder.id))) == 0


def test_unreadable_upload_is_refused_at_once(committed_app: Any, region_world: dict[str, Any]) -> None:
    client = committed_app.test_client()
    import io

    resp = client.post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b""), "empty.csv")}, headers=auth(region_world["t77"])
    )
    assert resp.status_code == 422 and resp.json["error"]["code"] == "empty_file"
    resp = client.post("/api/v1/uploads", data={}, headers=auth(region_world["t77"]))
    assert resp.status_code == 400 and resp.json["error"]["field"] == "file"


def test_huge_file_is_refused_before_anything_is_stored(db: Any, settings: Any) -> None:
    from gateway.errors import DomainError
    from gateway.models import Upload
    from gateway.orders.uploads import create_upload

    region = make_region(db, "77")
    small = settings.model_copy(
        update={"uploads": settings.uploads.model_copy(update={"max_file_mb": 0.001})}
    )
    content = ("Код 1С\r\n" + "00000000-0000-0000-0000-000000000001\r\n" * 100).encode()
    with pytest.raises(DomainError) as exc:
        create_upload(
            db,
            small,
            region_id=region.id,
            submitted_by="t",
            filename="big.csv",
            content=content,
            all_or_nothing=False,
        )
    assert exc.value.status == 413 and exc.value.code == "file_too_large"
    assert db.scalar(select(func.count(Upload.id))) == 0


def test_pipelined_chunks_catch_duplicates_across_chunks(committed_app: Any, settings: Any) -> None:
    """Small chunks force several validate/write overlaps; a duplicate 3 chunks later is still caught."""
    from gateway.models import Upload, UploadState
    from gateway.orders.uploads import create_upload, process_upload, report_rows

    factory = committed_app.extensions["gateway.sessionmaker"]
    small = settings.model_copy(update={"uploads": settings.uploads.model_copy(update={"chunk_rows": 10})})
    with unit_of_work(factory) as s:
        region = make_region(s, "77")
        primary = make_primary(s, region)
        refs = [str(make_member(s, primary, surname=f"Чанк{i}").onec_ref) for i in range(34)]
        lines = ["Код 1С"] + refs + [refs[2]]  # the last row repeats file row 4
        upload = create_upload(
            s,
            small,
            region_id=region.id,
            submitted_by="t",
            filename="c.csv",
            content="\r\n".join(lines).encode(),
            all_or_nothing=False,
        )
        upload_id = upload.id
    process_upload(factory, small, upload_id)
    with factory() as s:
        up = s.get(Upload, upload_id)
        assert up.state is UploadState.DONE and (up.accepted_rows, up.rejected_rows) == (34, 1)
        rows = report_rows(s, up)
        assert [r["row"] for r in rows] == list(range(2, 37))
        assert rows[-1]["errors"][0]["code"] == "duplicate_in_request"
        assert len({r["card_number"] for r in rows[:-1]}) == 34


def test_upload_resumes_after_a_crash_without_losing_or_repeating_rows(
    committed_app: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker dies while writing chunk 4 (two writers in flight): the chunks after it must not
    commit, and the rerun picks up after the last committed row — every row once in the report,
    no order twice. Chunk 2 ends with a rejected row and chunk 3 with accepted ones: the resume
    point must count both kinds of outcome."""
    import gateway.orders.uploads as uploads
    from gateway.models import Upload, UploadState
    from gateway.orders.uploads import create_upload, process_upload, report_rows

    factory = committed_app.extensions["gateway.sessionmaker"]
    small = settings.model_copy(
        update={"uploads": settings.uploads.model_copy(update={"chunk_rows": 10, "writers": 2})}
    )
    with unit_of_work(factory) as s:
        region = make_region(s, "77")
        primary = make_primary(s, region)
        refs = [str(make_member(s, primary, surname=f"Сбой{i}").onec_ref) for i in range(48)]
        refs[19] = "не-гуид"  # file row 21: the last row of chunk 2 is rejected
        lines = ["Код 1С", *refs]
        upload = create_upload(
            s, small, region_id=region.id, submitted_by="t", filename="c.csv",
            content="\r\n".join(lines).encode(), all_or_nothing=False,
        )  # fmt: skip
        upload_id = upload.id

    real = uploads.accept_validated
    calls = {"n": 0}

    class WorkerKilled(BaseException):
        """A killed process runs no ``except Exception``: the upload stays "processing"."""

    def crash_on_fourth(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise WorkerKilled("worker killed")
        real(*args, **kwargs)

    monkeypatch.setattr(uploads, "accept_validated", crash_on_fourth)
    with pytest.raises(WorkerKilled, match="worker killed"):
        process_upload(factory, small, upload_id)
    with factory() as s:
        up = s.get(Upload, upload_id)
        assert up.state is UploadState.PROCESSING and up.processed_rows == 30
        assert s.scalar(select(func.count(CardOrder.id)).where(CardOrder.upload_id == upload_id)) == 29
        assert uploads._resume_point(s, upload_id) == 31

    monkeypatch.setattr(uploads, "accept_validated", real)
    process_upload(factory, small, upload_id)
    with factory() as s:
        up = s.get(Upload, upload_id)
        assert up.state is UploadState.DONE
        assert (up.processed_rows, up.accepted_rows, up.rejected_rows) == (48, 47, 1)
        rows = report_rows(s, up)
        assert [r["row"] for r in rows] == list(range(2, 50))
        assert [r["row"] for r in rows if not r["accepted"]] == [21]
        assert s.scalar(select(func.count(CardOrder.id)).where(CardOrder.upload_id == upload_id)) == 47
        assert len({r["card_number"] for r in rows if r["accepted"]}) == 47
