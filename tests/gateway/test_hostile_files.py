"""Uploads under hostile and broken files: found before anything is written, never stuck, never a bomb.

Each file is made here the way an attacker or a broken export makes it. The end-to-end tests run
over HTTP against real PostgreSQL and RabbitMQ with a real Celery worker; the ones that need other
limits (a small ``max_rows``) call the worker's function directly on committed data.
"""

from __future__ import annotations

import io
import logging
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from gateway.db.session import unit_of_work
from gateway.models import Card, CardOrder, OutboxMessage, Upload, UploadState
from gateway.orders.spreadsheets import FileProblem, check_file, count_data_rows, open_sheet
from gateway.orders.uploads import create_upload, process_upload
from tests.factories import auth, make_member, make_primary, make_region, make_token
from tests.gateway.hostile_files import (
    BILLION_LAUGHS,
    MAIN_NS,
    XXE,
    dimension_bomb,
    shared_strings_bomb,
    sheet_xml,
    xlsx,
)
from tests.gateway.test_uploads import wait_done

HEADER = "Код 1С;Причина"


def problem(content: bytes, max_rows: int = 1000) -> FileProblem:
    """The file problem the first pass finds (the one the worker runs before writing)."""
    with pytest.raises(FileProblem) as exc:
        count_data_rows(content, max_rows)
    assert exc.value.message and exc.value.status == 422
    return exc.value


def unknown_refs(n: int) -> list[str]:
    return [f"{uuid.uuid4()};первичный" for _ in range(n)]


# --- the first pass finds every problem of the file -------------------------------------------


def test_broken_quoting_late_in_a_csv_is_found_by_the_first_pass() -> None:
    lines = [HEADER, *unknown_refs(2_610), '"' + str(uuid.uuid4()) + ";первичный", *unknown_refs(5)]
    content = "\r\n".join(lines).encode()
    assert check_file(content, 10_000) == "csv-utf-8-;"  # the header is fine: accepted at once
    p = problem(content, 10_000)
    assert p.code == "broken_csv" and "в строке 2612" in p.message  # the broken line, not the last


def test_nul_byte_after_the_first_4_kb_is_refused_at_once() -> None:
    content = ("\r\n".join([HEADER, *unknown_refs(200)]) + "\r\n").encode()
    assert len(content) > 4096
    content += b"\x00\x00;\x00\r\n"
    with pytest.raises(FileProblem) as exc:
        check_file(content, 1000)
    assert exc.value.code == "nul_byte" and "202" in exc.value.message


def test_utf8_that_breaks_midway_is_not_read_as_windows_1251() -> None:
    good = "\r\n".join(["Фамилия;Имя;Дата рождения", *["Иванова;Мария;01.01.1980"] * 50]) + "\r\n"
    content = good.encode("utf-8") + "Петрова;Анна;02.02.1990\r\n".encode("cp1251")
    with pytest.raises(FileProblem) as exc:
        check_file(content, 1000)
    assert exc.value.code == "broken_encoding" and "52" in exc.value.message
    # A genuine Windows-1251 file is still read as one.
    assert check_file(good.encode("cp1251"), 1000) == "csv-cp1251-;"


def test_a_file_over_max_rows_is_refused_whole() -> None:
    content = "\r\n".join([HEADER, *unknown_refs(11)]).encode()
    assert problem(content, 10).code == "too_many_rows"
    assert count_data_rows(content, 11) == 11


def test_malformed_sheet_xml_after_row_3000_is_found_by_the_first_pass() -> None:
    rows = [["Код 1С"]] + [[str(uuid.uuid4())] for _ in range(3_000)]
    broken = sheet_xml(
        rows, tail='<row r="3002"><c r="A3002" t="inlineStr"><is><t>x</t></c></row></sheetData>'
    )
    content = xlsx(broken)
    assert check_file(content, 10_000) == "xlsx"
    p = problem(content, 10_000)
    assert p.code == "broken_xlsx" and "около строки 3002" in p.message


def test_streaming_reader_reads_inline_shared_and_numeric_cells() -> None:
    sst = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}"><si><t>Код 1С</t></si><si><r><t>перв</t></r><r><t>ичный</t></r></si></sst>'
    ref = uuid.uuid4()
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Причина</t></is></c></row>'
        f'<row r="7"><c r="A7" t="inlineStr"><is><t>{ref}</t></is></c><c r="B7" t="s"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    info, rows = open_sheet(xlsx(sheet, sst), 10)
    [row] = list(rows)
    assert info.columns == ["member_ref", "reason"]
    assert row.row == 7 and row.request is not None and row.request.member_ref == ref


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(shared_strings_bomb(8), "xlsx_bomb", id="shared-strings-bomb"),
        pytest.param(dimension_bomb(), "too_many_columns", id="dimension-A1:XFD1048576"),
        pytest.param(
            xlsx(sheet_xml([["Код 1С"]], dimension="A1:B1048576")), "too_many_rows", id="dimension-rows"
        ),
        pytest.param(
            xlsx(sheet_xml([["Код 1С"]], prolog=BILLION_LAUGHS)), "xlsx_entities", id="billion-laughs"
        ),
        pytest.param(xlsx(sheet_xml([["Код 1С"]])), "ok", id="plain"),
        pytest.param(
            xlsx(
                sheet_xml([["Код 1С"]]),
                f'<?xml version="1.0"?>{XXE}<sst xmlns="{MAIN_NS}"><si><t>&xxe;</t></si></sst>',
            ),
            "xlsx_entities",
            id="xxe-in-shared-strings",
        ),
    ],
)
def test_hostile_xlsx_is_refused_from_the_archive_alone(content: bytes, code: str) -> None:
    started = time.perf_counter()
    if code == "ok":
        assert check_file(content, 1000) == "xlsx"
        return
    with pytest.raises(FileProblem) as exc:
        check_file(content, 1000)
    assert exc.value.code == code and exc.value.message
    assert time.perf_counter() - started < 30  # a guard against a hang, not a timing assertion


def test_a_cell_far_right_without_a_declared_dimension_is_refused_without_padding() -> None:
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Код 1С</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    assert problem(xlsx(sheet)).code == "too_many_columns"


# --- end to end: HTTP, PostgreSQL, RabbitMQ, a real worker ------------------------------------


@pytest.fixture()
def world(committed_app: Any) -> dict[str, Any]:
    from gateway.models import TokenKind

    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        region = make_region(s, "77")
        primary = make_primary(s, region)
        members = [make_member(s, primary, surname=f"Враждебная{i}") for i in range(5)]
        return {
            "region_id": region.id,
            "token": make_token(s, TokenKind.REGION, region),
            "refs": [str(m.onec_ref) for m in members],
        }


def counts(app: Any) -> tuple[int, int, int]:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        return (
            s.scalar(select(func.count(CardOrder.id))) or 0,
            s.scalar(select(func.count(Card.id))) or 0,
            s.scalar(select(func.count(OutboxMessage.id))) or 0,
        )


def post(client: Any, token: str, content: bytes, name: str = "заявка.csv") -> Any:
    return client.post("/api/v1/uploads", data={"file": (io.BytesIO(content), name)}, headers=auth(token))


def test_a_csv_broken_at_row_2612_leaves_no_order_card_or_message(
    worker_app: Any, world: dict[str, Any]
) -> None:
    """Good rows first (more than a chunk of 2,000), then a broken quote: nothing is committed."""
    good = [f"{ref};первичный" for ref in world["refs"]]
    lines = [HEADER, *good, *unknown_refs(2_605), '"' + str(uuid.uuid4()) + ";первичный", *unknown_refs(3)]
    client = worker_app.test_client()
    resp = post(client, world["token"], "\r\n".join(lines).encode())
    assert resp.status_code == 202, resp.json
    status = wait_done(client, resp.json["status_url"], world["token"])
    assert status["state"] == "failed" and status["error"]["code"] == "broken_csv"
    assert "кавычки" in status["error"]["message"]
    assert counts(worker_app) == (0, 0, 0)


def test_malformed_sheet_after_row_3000_fails_the_upload_and_writes_nothing(
    worker_app: Any, world: dict[str, Any]
) -> None:
    rows = [["Код 1С"]] + [[ref] for ref in world["refs"]] + [[str(uuid.uuid4())] for _ in range(3_000)]
    content = xlsx(sheet_xml(rows, tail='<row r="3007"><c r="A1"><v>1</c></row></sheetData>'))
    client = worker_app.test_client()
    resp = post(client, world["token"], content, "заявка.xlsx")
    assert resp.status_code == 202, resp.json
    status = wait_done(client, resp.json["status_url"], world["token"])
    assert status["state"] == "failed" and status["error"]["code"] == "broken_xlsx"
    assert counts(worker_app) == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(shared_strings_bomb(8), "xlsx_bomb", id="shared-strings-bomb"),
        pytest.param(dimension_bomb(), "too_many_columns", id="dimension-bomb"),
        pytest.param(
            xlsx(sheet_xml([["Код 1С"]], prolog=BILLION_LAUGHS)), "xlsx_entities", id="billion-laughs"
        ),
        pytest.param(xlsx(sheet_xml([["Код 1С"]], prolog=XXE)), "xlsx_entities", id="xxe"),
    ],
)
def test_hostile_xlsx_gets_a_422_with_a_russian_message(
    committed_app: Any, world: dict[str, Any], content: bytes, code: str
) -> None:
    resp = post(committed_app.test_client(), world["token"], content, "бомба.xlsx")
    assert resp.status_code == 422, resp.json
    assert resp.json["error"]["code"] == code
    assert any("а" <= ch <= "я" for ch in resp.json["error"]["message"])
    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        assert s.scalar(select(func.count(Upload.id))) == 0


def small_settings(settings: Any, **uploads: Any) -> Any:
    return settings.model_copy(update={"uploads": settings.uploads.model_copy(update=uploads)})


def make_upload(app: Any, settings: Any, region_id: int, content: bytes) -> int:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        upload = create_upload(
            s, settings, region_id=region_id, submitted_by="t", filename="f.csv", content=content,
            all_or_nothing=False,
        )  # fmt: skip
        return upload.id


def test_a_file_over_max_rows_with_good_first_rows_writes_nothing(
    committed_app: Any, settings: Any, world: dict[str, Any]
) -> None:
    small = small_settings(settings, max_rows=20, chunk_rows=10)
    lines = [HEADER, *[f"{ref};первичный" for ref in world["refs"]], *unknown_refs(16)]
    upload_id = make_upload(committed_app, small, world["region_id"], "\r\n".join(lines).encode())
    process_upload(committed_app.extensions["gateway.sessionmaker"], small, upload_id)
    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        up = s.get(Upload, upload_id)
        assert up.state is UploadState.FAILED and up.error["code"] == "too_many_rows"
    assert counts(committed_app) == (0, 0, 0)


def test_total_rows_is_known_before_the_first_chunk_is_written(
    committed_app: Any, settings: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gateway.orders.uploads as uploads

    small = small_settings(settings, chunk_rows=10, writers=1)
    factory = committed_app.extensions["gateway.sessionmaker"]
    upload_id = make_upload(
        committed_app, small, world["region_id"], "\r\n".join([HEADER, *unknown_refs(35)]).encode()
    )
    seen: list[tuple[int | None, int]] = []
    real = uploads.accept_validated

    def watch(*args: Any, **kwargs: Any) -> None:
        with factory() as s:  # what a client polling the upload sees now
            up = s.get(Upload, upload_id)
            seen.append((up.total_rows, up.processed_rows))
        real(*args, **kwargs)

    monkeypatch.setattr(uploads, "accept_validated", watch)
    process_upload(factory, small, upload_id)
    assert seen[0] == (35, 0) and [t for t, _ in seen] == [35] * 4


def test_any_error_ends_the_upload_failed_with_an_error_id_in_the_log(
    committed_app: Any,
    settings: Any,
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import gateway.orders.uploads as uploads

    factory = committed_app.extensions["gateway.sessionmaker"]
    upload_id = make_upload(
        committed_app, settings, world["region_id"], "\r\n".join([HEADER, *unknown_refs(3)]).encode()
    )

    def boom(*_args: Any, **_kwargs: Any) -> None:
        raise ValueError("something nobody expected")

    monkeypatch.setattr(uploads, "accept_validated", boom)
    with caplog.at_level(logging.ERROR, logger="gateway.orders.uploads"):
        process_upload(factory, settings, upload_id)
    with factory() as s:
        up = s.get(Upload, upload_id)
        assert up.state is UploadState.FAILED and up.finished_at is not None
        assert up.error["code"] == "internal_error"
        error_id = up.error["error_id"]
        assert error_id in up.error["message"] and "ошибк" in up.error["message"]
    assert any(error_id in r.getMessage() for r in caplog.records)
