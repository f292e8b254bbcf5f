"""Blank-card stock report of a batch: read, record the operator's counts, sign off."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import PrintBatch, TokenKind
from gateway.stock import service


def _batch(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise DomainError("batch_not_found", f"Партия № {batch_id} не найдена.", status=404)
    return batch


@api_v1.get("/batches/<int:batch_id>/stock")
@require_token(TokenKind.OPERATOR)
def get_stock(batch_id: int) -> Any:
    return jsonify(service.report(get_session(), _batch(batch_id)).as_dict())


@api_v1.put("/batches/<int:batch_id>/stock")
@require_token(TokenKind.OPERATOR)
def put_stock(batch_id: int) -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError(
            "invalid_body", "Ожидается JSON-объект: drawn, test_cards, returned, note.", status=400
        )
    report = service.record(
        get_session(),
        _batch(batch_id),
        drawn=body.get("drawn"),
        test_cards=body.get("test_cards", 0),
        returned=body.get("returned", 0),
        note=body.get("note") if isinstance(body.get("note"), str) else None,
        actor=current_client().actor,
    )
    return jsonify(report.as_dict())


@api_v1.post("/batches/<int:batch_id>/stock/sign-off")
@require_token(TokenKind.OPERATOR)
def sign_off_stock(batch_id: int) -> Any:
    return jsonify(service.sign_off(get_session(), _batch(batch_id), actor=current_client().actor).as_dict())
