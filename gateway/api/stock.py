"""Blank-card stock report of a batch: read, record the operator's counts, sign off."""

from __future__ import annotations

from typing import Any

from flask import request

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.production import StockCounts, StockReport
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import PrintBatch, TokenKind
from gateway.stock import service

CONFLICT = {409: "Not allowed in the batch's or report's current state"}


def _batch(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise DomainError("batch_not_found", f"Партия № {batch_id} не найдена.", status=404)
    return batch


@api_v1.get("/batches/<int:batch_id>/stock")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (StockReport, "Stock report")}))
def get_stock(batch_id: int) -> Any:
    """The batch's blank-card stock report"""
    return StockReport.model_validate(service.report(get_session(), _batch(batch_id)).as_dict())


@api_v1.put("/batches/<int:batch_id>/stock")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(
    json=StockCounts,
    validation_error_status=422,
    resp=Answers(
        {200: (StockReport, "Stock report")},
        {**CONFLICT, 422: "A count is not a whole number from 0 to 1,000,000"},
    ),
)
def put_stock(batch_id: int) -> Any:
    """Record the operator's counts: drawn, test cards, returned (until signed off)"""
    body: StockCounts = request.context.json  # type: ignore[attr-defined]
    report = service.record(
        get_session(),
        _batch(batch_id),
        drawn=body.drawn,
        test_cards=body.test_cards,
        returned=body.returned,
        note=body.note,
        actor=current_client().actor,
    )
    return StockReport.model_validate(report.as_dict())


@api_v1.post("/batches/<int:batch_id>/stock/sign-off")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (StockReport, "Signed off")}, CONFLICT))
def sign_off_stock(batch_id: int) -> Any:
    """Sign the stock report off: the batch is finished and the report balances

    A batch is dispatched (closed) only with a signed-off report.
    """
    report = service.sign_off(get_session(), _batch(batch_id), actor=current_client().actor)
    return StockReport.model_validate(report.as_dict())
