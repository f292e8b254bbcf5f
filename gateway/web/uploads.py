"""Spreadsheet uploads: the form, live progress, the per-row report (page and downloads)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import defer

from gateway.accounts.audit import audit
from gateway.celery_app import send_after_commit
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.models import Card, CardOrder, Member, Organisation, Upload, UploadRowResult, UploadState
from gateway.orders.tasks import process_upload_task
from gateway.orders.uploads import create_upload, report_rows
from gateway.texts import ru
from gateway.web.exports import Column, table_download
from gateway.web.lookups import chosen_region, region_names, regions
from gateway.web.paging import paginate
from gateway.web.security import ACTING_ROLES, actor, client_ip, ensure_region, region_scope, require, user

bp = Blueprint("uploads", __name__)

STATE_TEXT = ru.UPLOAD_STATES
REPORT_HEADER = [
    Column("Строка", "int", width=8),
    Column("Результат", width=11),
    Column("Номер карты", width=19),
    Column("Член Профсоюза", width=36),
    Column("Данные строки в файле", width=50),
    Column("Причина отказа", width=60),
]


@dataclass(frozen=True)
class RowValues:
    """What one row of the file said, as read again for the report."""

    name: str
    birth_date: str
    member_ref: str
    organisation: str

    def text(self) -> str:
        parts = [self.name, self.birth_date]
        parts += [f"код 1С {self.member_ref}" if self.member_ref else ""]
        parts += [f"организация {self.organisation}" if self.organisation else ""]
        return ", ".join(p for p in parts if p)


def row_values(upload: Upload, wanted: set[int]) -> dict[int, RowValues]:
    """What the file said in the given rows — name, date of birth, 1C code, organisation — so a
    rejected row can be found and fixed without opening the file. The file is read again (it is
    kept with the upload) only up to the last wanted row."""
    from gateway.orders.spreadsheets import open_sheet

    if not wanted:
        return {}
    content = get_session().scalar(select(Upload.content).where(Upload.id == upload.id))
    out: dict[int, RowValues] = {}
    try:
        _info, rows = open_sheet(content or b"", get_settings_from_app().uploads.max_rows)
        last = max(wanted)
        for parsed in rows:
            if parsed.row > last:
                break
            if parsed.row in wanted and parsed.request is not None:
                r = parsed.request
                out[parsed.row] = RowValues(
                    " ".join(p for p in (r.surname, r.name, r.patronymic) if p),
                    f"{r.birth_date:%d.%m.%Y}" if r.birth_date else "",
                    str(r.member_ref or ""),
                    r.organisation or "",
                )
    except DomainError:
        # A file that cannot be read again was reported as failed; its messages say what was wrong.
        return out
    return out


def member_names(upload: Upload, rows: set[int] | None = None) -> dict[int, str]:
    """The member of each accepted row, by row number."""
    stmt = (
        select(CardOrder.upload_row, Member.surname, Member.name, Member.patronymic)
        .join(Member, Member.id == CardOrder.member_id)
        .where(CardOrder.upload_id == upload.id)
    )
    if rows is not None:
        stmt = stmt.where(CardOrder.upload_row.in_(rows))
    return {
        row: " ".join(p for p in (s, n, pat) if p) for row, s, n, pat in get_session().execute(stmt) if row
    }


@bp.get("/uploads")
@require()
def list_uploads() -> Any:
    db = get_session()
    # No file contents in the list: they can be tens of megabytes each.
    stmt = select(Upload).options(defer(Upload.content)).order_by(Upload.id.desc())
    region = chosen_region(db)
    if region is not None:
        stmt = stmt.where(Upload.region_id == region.id)
    page = paginate(db, stmt)
    return render_template(
        "uploads/list.html",
        title="Загрузки файлов",
        page=page,
        region=region,
        regions=regions(db) if region_scope() is None else [],
        region_map=region_names(db, (u.region_id for u in page.items)),
        state_text=STATE_TEXT,
    )


@bp.route("/uploads/new", methods=["GET", "POST"])
@require(*ACTING_ROLES)
def new_upload() -> Any:
    db = get_session()
    central = region_scope() is None
    if request.method == "GET":
        return render_template(
            "uploads/new.html", title="Загрузка файла заказов", regions=regions(db) if central else []
        )
    region = chosen_region(db, source=request.form)
    file = request.files.get("file")
    error = None
    if region is None:
        error = ru.FLASH["upload_region_required"]
    elif file is None or not file.filename:
        error = ru.FLASH["upload_file_required"]
    if error is None:
        assert region is not None and file is not None
        try:
            upload = create_upload(
                db,
                get_settings_from_app(),
                region_id=region.id,
                submitted_by=actor(),
                filename=file.filename or "orders",
                content=file.read(),
                all_or_nothing=request.form.get("all_or_nothing") == "on",
            )
        except DomainError as exc:
            error = exc.message
        else:
            send_after_commit(db, process_upload_task, upload.id)
            audit(
                db,
                "upload_created",
                actor=actor(),
                user_id=user().id,
                target_type="upload",
                target_id=upload.public_id,
                details={"region": region.region_code, "format": upload.file_format},
                ip=client_ip(),
            )
            flash(ru.FLASH["upload_accepted"], "ok")
            return redirect(url_for("uploads.show_upload", public_id=upload.public_id))
    return (
        render_template(
            "uploads/new.html",
            title="Загрузка файла заказов",
            regions=regions(db) if central else [],
            error=error,
        ),
        422,
    )


def load_upload(public_id: str) -> Upload:
    try:
        pid = uuid.UUID(public_id)
    except ValueError:
        abort(404)
    upload = get_session().scalar(
        select(Upload).options(defer(Upload.content)).where(Upload.public_id == pid)
    )
    if upload is None:
        abort(404)
    ensure_region(upload.region_id)
    return upload


def progress_json(upload: Upload) -> dict[str, Any]:
    finished = upload.state in (UploadState.DONE, UploadState.FAILED)
    total = upload.total_rows or 0
    percent = 100 if finished else (round(100 * upload.processed_rows / total) if total else 0)
    return {
        "state": upload.state.value,
        "state_text": STATE_TEXT[upload.state],
        "processed_rows": upload.processed_rows,
        "accepted_rows": upload.accepted_rows,
        "rejected_rows": upload.rejected_rows,
        "total_rows": upload.total_rows,
        "percent": percent,
        "finished": finished,
        "error": (upload.error or {}).get("message"),
    }


@bp.get("/uploads/<public_id>")
@require()
def show_upload(public_id: str) -> Any:
    db = get_session()
    upload = load_upload(public_id)
    show_accepted = request.args.get("accepted") == "1"
    if show_accepted:
        # Accepted rows are the upload's orders (only rejected rows keep a result row).
        stmt = (
            select(CardOrder.upload_row, Card.number)
            .join(Card, Card.order_id == CardOrder.id)
            .where(CardOrder.upload_id == upload.id)
            .order_by(CardOrder.upload_row, Card.id)
        )
        page = paginate(db, stmt, scalars=False)
        names = member_names(upload, {r for r, _ in page.items})
        rows = [
            {"row": r, "accepted": True, "card_number": n, "errors": [], "member": names.get(r, "")}
            for r, n in page.items
        ]
    else:
        stmt = (
            select(UploadRowResult.row_no, UploadRowResult.errors)
            .where(UploadRowResult.upload_id == upload.id, UploadRowResult.accepted.is_(False))
            .order_by(UploadRowResult.row_no)
        )
        page = paginate(db, stmt, scalars=False)
        values = row_values(upload, {r for r, _ in page.items})
        rows = [
            {"row": r, "accepted": False, "card_number": None, "errors": e or [], "values": values.get(r)}
            for r, e in page.items
        ]
    return render_template(
        "uploads/show.html",
        title="Загрузка файла",
        upload=upload,
        region=db.get(Organisation, upload.region_id),
        progress=progress_json(upload),
        page=page,
        rows=rows,
        show_accepted=show_accepted,
        state_text=STATE_TEXT,
    )


@bp.get("/uploads/<public_id>/progress.json")
@require()
def upload_progress(public_id: str) -> Any:
    return progress_json(load_upload(public_id))


@bp.get("/uploads/<public_id>/report.<fmt>")
@require()
def upload_report(public_id: str, fmt: str) -> Any:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    upload = load_upload(public_id)
    every = report_rows(get_session(), upload)
    names = member_names(upload)
    values = row_values(upload, {int(r["row"]) for r in every if not r["accepted"]})  # type: ignore[call-overload]
    data = (
        (
            r["row"],
            ru.UPLOAD_ROW_RESULT[bool(r["accepted"])],
            r["card_number"] or "",
            names.get(r["row"], ""),  # type: ignore[call-overload]
            v.text() if (v := values.get(r["row"])) else "",  # type: ignore[call-overload]
            "; ".join(e["message"] for e in r["errors"]),  # type: ignore[attr-defined]
        )
        for r in every
    )
    return table_download(fmt, f"report-{upload.public_id}", "Отчёт о загрузке", REPORT_HEADER, data)
