"""Print files over the API: batch PDF, card preview, packing lists per region."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.auth import current_client, ensure_region, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.printing import PackingQuery
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError, NotFound
from gateway.models import BatchRegionCount, Card, Organisation, OrgKind, PrintBatch, TokenKind
from gateway.printing import batch_files


def _batch(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise NotFound("batch")
    return batch


def _file(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@api_v1.get("/batches/<int:batch_id>/print.pdf")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers(files={200: "application/pdf"}))
def batch_print_pdf(batch_id: int) -> Any:
    """The batch as one PDF (front and back page per card)"""
    batch = _batch(batch_id)
    pdf = batch_files.batch_pdf(get_session(), get_settings_from_app(), batch)
    return _file(pdf, "application/pdf", f"batch-{batch.id}.pdf")


@api_v1.get("/cards/<number>/preview.png")
@require_token(TokenKind.OPERATOR, TokenKind.REGION)
@api_spec.validate(resp=Answers(files={200: "image/png"}))
def card_preview(number: str) -> Any:
    """Preview of both faces of a card"""
    session = get_session()
    card = session.scalar(select(Card).where(Card.number == number))
    if card is None:
        raise NotFound("card")
    ensure_region(card.region_id, "card")
    return Response(batch_files.card_preview(session, get_settings_from_app(), card), mimetype="image/png")


def _packing(batch_id: int, fmt: str) -> Any:
    session = get_session()
    batch = _batch(batch_id)
    client = current_client()
    code = request.context.query.region  # type: ignore[attr-defined]
    region_id = None
    if code:
        region_id = session.scalar(
            select(Organisation.id).where(
                Organisation.region_code == code, Organisation.kind == OrgKind.REGION
            )
        )
        if region_id is None and client.kind is not TokenKind.REGION:
            raise DomainError("region_not_found", f"Регион с кодом {code} не найден.", "region", 404)
    if client.kind is TokenKind.REGION:
        # A region sees its own list only, and learns nothing about other regions' batches.
        # Another region's code and a code that does not exist answer alike: the batch's 404.
        if not code:
            region_id = client.region_id
        ensure_region(region_id, "batch")
        in_batch = session.scalar(
            select(BatchRegionCount.region_id).where(
                BatchRegionCount.batch_id == batch.id, BatchRegionCount.region_id == region_id
            )
        )
        if in_batch is None:
            raise NotFound("batch")
    rows = batch_files.packing_rows(session, batch, region_id)
    suffix = f"-{code}" if code else ""
    title = f"Партия № {batch.id}" + (f", регион {code}" if code else "")
    data = batch_files.packing_list(rows, fmt, title)
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else "application/pdf"
    return _file(data, mimetype, f"packing-list-{batch.id}{suffix}.{fmt}")


@api_v1.get("/batches/<int:batch_id>/packing-list.csv")
@require_token(TokenKind.OPERATOR, TokenKind.REGION)
@api_spec.validate(query=PackingQuery, resp=Answers(files={200: "text/csv"}))
def packing_list_csv(batch_id: int) -> Any:
    """Packing list of the produced cards (CSV, UTF-8 with BOM, ;)"""
    return _packing(batch_id, "csv")


@api_v1.get("/batches/<int:batch_id>/packing-list.pdf")
@require_token(TokenKind.OPERATOR, TokenKind.REGION)
@api_spec.validate(query=PackingQuery, resp=Answers(files={200: "application/pdf"}))
def packing_list_pdf(batch_id: int) -> Any:
    """Packing list of the produced cards (PDF)"""
    return _packing(batch_id, "pdf")
