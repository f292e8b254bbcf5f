"""Spreadsheet uploads: accepted at once (202), processed by a worker, polled for progress."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, request
from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.auth import current_client, load_regional, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.uploads import QueuedUpload, ReportQuery, UploadForm, UploadReport
from gateway.api.schemas.uploads import Upload as UploadAnswer
from gateway.celery_app import send_after_commit
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.models import Organisation, OrgKind, TokenKind, Upload
from gateway.orders.tasks import process_upload_task
from gateway.orders.uploads import create_upload, report_rows
from gateway.web.exports import neutralise


def _target_region() -> int:
    client = current_client()
    if client.kind is TokenKind.REGION:
        assert client.region_id is not None
        return client.region_id
    code = request.form.get("region_code") or request.args.get("region_code")
    region_id = get_session().scalar(
        select(Organisation.id).where(Organisation.region_code == code, Organisation.kind == OrgKind.REGION)
    )
    if not code or region_id is None:
        raise DomainError(
            "region_required",
            "Укажите region_code региона, для которого загружается файл.",
            "region_code",
            400,
        )
    return region_id


@api_v1.post("/uploads")
@require_token(TokenKind.REGION, TokenKind.OPERATOR)
@api_spec.validate(
    form=UploadForm,
    resp=Answers({202: (QueuedUpload, "Queued")}, {413: "File too large", 422: "Unreadable file"}),
)
def upload_orders() -> Any:
    """Upload a CSV (UTF-8 or Windows-1251, ; or ,) or XLSX file of orders; processed in the background"""
    file = request.files.get("file")
    if file is None:
        raise DomainError("file_required", "Приложите файл в поле формы «file».", "file", 400)
    form: UploadForm = request.context.form  # type: ignore[attr-defined]
    content = file.read()
    session = get_session()
    upload = create_upload(
        session,
        get_settings_from_app(),
        region_id=_target_region(),
        submitted_by=current_client().actor,
        filename=file.filename or "orders",
        content=content,
        all_or_nothing=form.all_or_nothing,
    )
    send_after_commit(session, process_upload_task, upload.id)
    status_url = f"/api/v1/uploads/{upload.public_id}"
    answer = QueuedUpload(**UploadAnswer.model_validate(upload).model_dump(), status_url=status_url)
    return answer, 202, {"Location": status_url}


def _load(public_id: str) -> Upload:
    return load_regional(Upload, public_id, "upload")


@api_v1.get("/uploads/<public_id>")
@require_token()
@api_spec.validate(resp=Answers({200: (UploadAnswer, "Progress")}))
def get_upload(public_id: str) -> Any:
    """Progress of an upload"""
    return UploadAnswer.model_validate(_load(public_id))


@api_v1.get("/uploads/<public_id>/report")
@require_token()
@api_spec.validate(
    query=ReportQuery,
    resp=Answers(
        {200: (UploadReport, "The report (JSON, or CSV with ?format=csv)")}, files={200: "text/csv"}
    ),
)
def upload_report(public_id: str) -> Any:
    """Per-row report (JSON, or CSV with ?format=csv)"""
    upload = _load(public_id)
    rows = report_rows(get_session(), upload)
    if request.context.query.format == "csv":  # type: ignore[attr-defined]
        buf = io.StringIO()
        # Semicolons and a BOM: the report opens correctly in Russian Excel by double-click.
        writer = csv.writer(buf, delimiter=";")
        writer.writerow(["Строка", "Результат", "Номер карты", "Причина отказа"])
        for r in rows:
            writer.writerow(
                [
                    r["row"],
                    "принят" if r["accepted"] else "отклонён",
                    r["card_number"] or "",
                    # Messages quote the file's values: never let one start a formula (OWASP).
                    neutralise("; ".join(e["message"] for e in r["errors"])),  # type: ignore[attr-defined]
                ]
            )
        return Response(
            "\ufeff" + buf.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="report-{upload.public_id}.csv"'},
        )
    return UploadReport(upload=UploadAnswer.model_validate(upload), rows=rows)
