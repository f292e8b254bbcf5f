"""Spreadsheet uploads: accept the file at once, process it in the background, keep a per-row report.

Without all-or-nothing the file is processed in chunks, each committed with its rows' results, so a
worker that dies half-way resumes after the last committed row. With all-or-nothing the whole file
is validated and stored in one transaction; its progress is written through a separate short
session so the caller can still poll it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from itertools import islice

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.db.base import utcnow
from gateway.db.bulk import insert_rows
from gateway.db.gc_pause import cycle_collection_paused
from gateway.db.in_order_writers import InOrderWriters, Job
from gateway.errors import DomainError, log_internal_error
from gateway.models import Card, CardOrder, OrderSource, Upload, UploadRowResult, UploadState
from gateway.orders.intake import (
    ItemResult,
    Submitter,
    Validated,
    accept_validated,
    submit_orders,
    validate_orders,
)
from gateway.orders.spreadsheets import FileProblem, ParsedRow, check_file, count_data_rows, open_sheet
from gateway.settings import Settings
from gateway.transient import is_transient

log = logging.getLogger(__name__)


def create_upload(
    session: Session,
    settings: Settings,
    *,
    region_id: int,
    submitted_by: str,
    filename: str,
    content: bytes,
    all_or_nothing: bool,
) -> Upload:
    limit = int(settings.uploads.max_file_mb * 1024 * 1024)
    if len(content) > limit:
        raise DomainError(
            "file_too_large",
            f"Файл больше {settings.uploads.max_file_mb:g} МБ. Разделите его на несколько файлов.",
            status=413,
        )
    # What can be refused cheaply is refused in the same request (a CSV's header, an XLSX's
    # archive); the whole file is read by the worker, first to count it, then to write it.
    file_format = check_file(content, settings.uploads.max_rows)
    upload = Upload(
        region_id=region_id,
        submitted_by=submitted_by,
        filename=filename[:300],
        content=content,
        all_or_nothing=all_or_nothing,
        state=UploadState.QUEUED,
        file_format=file_format,
    )
    session.add(upload)
    session.flush()
    return upload


def _chunked(rows: Iterator[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _store_results(
    session: Session, upload_id: int, parsed: list[ParsedRow], results: dict[int, ItemResult]
) -> tuple[int, int]:
    """Keep the rejected rows' reasons; accepted rows are found through their orders."""
    rows = []
    accepted = 0
    for p in parsed:
        res = results.get(p.row)
        if res is not None and res.accepted:
            accepted += 1
            continue
        problems = p.problems if res is None else res.problems
        rows.append(
            {
                "upload_id": upload_id,
                "row_no": p.row,
                "accepted": False,
                "order_id": None,
                "card_number": None,
                "errors": [pr.as_dict() for pr in problems] or None,
            }
        )
    insert_rows(session, UploadRowResult.__table__, rows)
    return accepted, len(rows)


def report_rows(session: Session, upload: Upload) -> list[dict[str, object]]:
    """Every row of the file with its outcome, in file order."""
    rejected = session.execute(
        select(UploadRowResult.row_no, UploadRowResult.errors).where(UploadRowResult.upload_id == upload.id)
    ).all()
    accepted = session.execute(
        select(CardOrder.upload_row, Card.number)
        .join(Card, Card.order_id == CardOrder.id)
        .where(CardOrder.upload_id == upload.id)
        .order_by(CardOrder.upload_row, Card.id)
    ).all()
    out: dict[int, dict[str, object]] = {}
    for row_no, number in accepted:
        out.setdefault(row_no, {"row": row_no, "accepted": True, "card_number": number, "errors": []})
    for row_no, errors in rejected:
        out[row_no] = {"row": row_no, "accepted": False, "card_number": None, "errors": errors or []}
    return [out[k] for k in sorted(out)]


def process_upload(factory: sessionmaker[Session], settings: Settings, upload_id: int) -> None:
    """Run by the Celery task; commits itself (it is a task's unit of work, in several steps)."""
    with factory() as session:
        upload = session.get(Upload, upload_id)
        if upload is None or upload.state in (UploadState.DONE, UploadState.FAILED):
            return
        upload.state = UploadState.PROCESSING
        session.commit()
        done_upto = _resume_point(session, upload_id)
        submitter = Submitter(
            actor=upload.submitted_by,
            source=OrderSource.UPLOAD,
            region_id=upload.region_id,
            upload_id=upload.id,
        )
        try:
            # First pass: the whole file is read and counted before any order is written, so a
            # problem of the file (broken quoting at row 2,612, too many rows, broken sheet XML)
            # leaves nothing behind, and the progress has its total from the start.
            total = count_data_rows(upload.content, settings.uploads.max_rows)
            upload.total_rows = total
            session.commit()
            _info, rows = open_sheet(upload.content, settings.uploads.max_rows)
            with cycle_collection_paused():
                if upload.all_or_nothing:
                    _process_whole(factory, session, settings, upload, submitter, rows)
                else:
                    _process_chunks(factory, session, settings, upload, submitter, rows, done_upto)
        except FileProblem as exc:
            _fail(session, upload_id, exc.code, exc.message)
            log.info("upload %s failed: %s", upload_id, exc.code)
        except Exception as exc:
            if is_transient(exc):
                # A dropped connection or a serialization failure: the task retries with backoff and
                # resumes after the last committed chunk (gateway/orders/tasks.py); failing the upload here
                # would turn a blip of the database into work the region must send again.
                raise
            # Whatever went wrong, the upload must not stay "processing" for ever: it fails with an
            # error id the clerk can quote and the log holds (with the traceback, without values).
            error_id = log_internal_error(log, exc, f"upload {upload_id}")
            _fail(
                session,
                upload_id,
                "internal_error",
                f"Обработка файла прервана внутренней ошибкой (код ошибки {error_id}). Сообщите этот код "
                "в центральный аппарат; строки, принятые до ошибки, видны в отчёте.",
                error_id=error_id,
            )


def _fail(session: Session, upload_id: int, code: str, message: str, error_id: str | None = None) -> None:
    session.rollback()
    upload = session.get(Upload, upload_id)
    assert upload is not None
    upload.state = UploadState.FAILED
    upload.error = {"code": code, "message": message, **({"error_id": error_id} if error_id else {})}
    upload.finished_at = utcnow()
    session.commit()


def _resume_point(session: Session, upload_id: int) -> int:
    """The last file row an earlier, interrupted run committed (0: none).

    Chunks commit in file order, so every row up to this one has its outcome: a rejected row in
    ``upload_rows``, an accepted one as the order's ``upload_row``.
    """
    rejected = select(func.max(UploadRowResult.row_no)).where(UploadRowResult.upload_id == upload_id)
    accepted = select(func.max(CardOrder.upload_row)).where(CardOrder.upload_id == upload_id)
    return max(session.scalar(rejected) or 0, session.scalar(accepted) or 0)


def _process_chunks(
    factory: sessionmaker[Session],
    session: Session,
    settings: Settings,
    upload: Upload,
    submitter: Submitter,
    rows: Iterator[ParsedRow],
    done_upto: int,
) -> None:
    """Validate chunks in file order while earlier chunks are written; commit them in file order.

    On PostgreSQL the main thread parses and validates (reads only, through its own session) and
    ``settings.uploads.writers`` threads each write a chunk through a session of their own, so
    PostgreSQL works on two chunks on two cores while Python prepares the next. A writer commits
    only after the previous chunk's writer has committed: the committed rows are always a prefix
    of the file, which is what resuming after a crash relies on, and a failed chunk keeps every
    later one from committing. Duplicates across chunks are still caught because ``seen`` is
    filled during validation, in file order. On SQLite (one writer) the chunks run one by one.
    """
    seen: dict[int, int | None] = {}
    bind = factory.kw.get("bind")
    pipelined = isinstance(bind, Engine) and bind.dialect.name == "postgresql"

    def validate(reader: Session, todo: list[ParsedRow]) -> Validated:
        requests = [p.request for p in todo if p.request is not None]
        return validate_orders(reader, submitter, requests, seen=seen, check_history=not pipelined)

    if not pipelined:
        for chunk in _chunked(rows, settings.uploads.chunk_rows):
            todo = [p for p in chunk if p.row > done_upto]
            validated = validate(session, todo)
            accept_validated(session, settings, submitter, validated)
            accepted, rejected = _store_results(session, upload.id, todo, _by_row(validated))
            upload.processed_rows += len(todo)
            upload.accepted_rows += accepted
            upload.rejected_rows += rejected
            session.commit()
    else:

        def write(todo: list[ParsedRow], validated: Validated) -> Job[None]:
            def job(own: Session, previous: Callable[[], None]) -> None:
                started = time.perf_counter()
                accept_validated(own, settings, submitter, validated)
                accepted, rejected = _store_results(own, upload.id, todo, _by_row(validated))
                previous()  # the previous chunk committed (or this one must not)
                own.execute(
                    update(Upload)
                    .where(Upload.id == upload.id)
                    .values(
                        processed_rows=Upload.processed_rows + len(todo),
                        accepted_rows=Upload.accepted_rows + accepted,
                        rejected_rows=Upload.rejected_rows + rejected,
                    )
                )
                own.commit()
                log.debug("upload %s: %d rows in %.3f s", upload.id, len(todo), time.perf_counter() - started)

            return job

        session.commit()  # the writers update the upload row: hold no lock on it here
        reader = factory()
        try:
            with InOrderWriters[None](factory, settings.uploads.writers, "upload-writer") as writers:
                for chunk in _chunked(rows, settings.uploads.chunk_rows):
                    todo = [p for p in chunk if p.row > done_upto]
                    validated = validate(reader, todo)
                    reader.rollback()  # end the read snapshot; the next chunk takes a fresh one
                    writers.submit(write(todo, validated))  # a failed write stops the upload here
                writers.drain()
        finally:
            reader.close()
        session.refresh(upload)
    upload.state = UploadState.DONE
    upload.total_rows = upload.processed_rows
    upload.finished_at = utcnow()
    session.commit()


def _by_row(validated: Validated) -> dict[int, ItemResult]:
    return {r.request.row: r for r in validated.items if r.request.row is not None}


def _process_whole(
    factory: sessionmaker[Session],
    session: Session,
    settings: Settings,
    upload: Upload,
    submitter: Submitter,
    rows: Iterator[ParsedRow],
) -> None:
    parsed = list(rows)
    _set_progress(factory, upload.id, 0, len(parsed))
    valid = [p.request for p in parsed if p.request is not None]
    any_row_problem = any(p.problems for p in parsed)
    results = {
        r.request.row: r
        for r in submit_orders(
            session, settings, submitter, valid, all_or_nothing=True, force_reject=any_row_problem
        )  # type: ignore[misc]
    }
    accepted, rejected = _store_results(session, upload.id, parsed, results)
    upload.processed_rows = len(parsed)
    upload.total_rows = len(parsed)
    upload.accepted_rows = accepted
    upload.rejected_rows = rejected
    upload.state = UploadState.DONE
    upload.finished_at = utcnow()
    session.commit()


def _set_progress(factory: sessionmaker[Session], upload_id: int, processed: int, total: int) -> None:
    with factory() as s:
        s.execute(
            update(Upload).where(Upload.id == upload_id).values(processed_rows=processed, total_rows=total)
        )
        s.commit()
