"""Print batches: list, read, form now (close early), cancel, dispatch."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import func, select

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.serializers import batch_json
from gateway.batching.dispatch import dispatch_batch
from gateway.batching.service import form_batches
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError, NotFound
from gateway.models import BatchRegionCount, Organisation, OrgKind, PrintBatch, TokenKind
from gateway.printing.station import cancel as cancel_printing_batch


def _regions(batch_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in batch_ids}
    rows = get_session().execute(
        select(BatchRegionCount, Organisation.region_code, Organisation.name)
        .join(Organisation, Organisation.id == BatchRegionCount.region_id)
        .where(BatchRegionCount.batch_id.in_(batch_ids))
        .order_by(Organisation.region_code)
    )
    for brc, code, name in rows:
        out[brc.batch_id].append(
            {
                "region_code": code,
                "region_name": name,
                "card_count": brc.card_count,
                "unit_cost_rub": brc.unit_cost_rub,
                "cost_rub": round(brc.card_count * brc.unit_cost_rub, 2),
            }
        )
    return out


def _load(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise NotFound("batch")
    return batch


@api_v1.get("/batches")
@require_token(TokenKind.OPERATOR, TokenKind.ONEC_SYNC)
def list_batches() -> Any:
    session = get_session()
    batches = session.scalars(select(PrintBatch).order_by(PrintBatch.id.desc()).limit(200)).all()
    regions = _regions([b.id for b in batches])
    return {
        "total": session.scalar(select(func.count(PrintBatch.id))),
        "items": [batch_json(b, regions[b.id]) for b in batches],
    }


@api_v1.get("/batches/<int:batch_id>")
@require_token(TokenKind.OPERATOR, TokenKind.ONEC_SYNC)
def get_batch(batch_id: int) -> Any:
    batch = _load(batch_id)
    return batch_json(batch, _regions([batch.id])[batch.id])


@api_v1.post("/batches")
@require_token(TokenKind.OPERATOR)
def close_batches_now() -> Any:
    """Form batches now from whatever waits (the operator "closes" the open pool early)."""
    session = get_session()
    body = request.get_json(silent=True) or {}
    region_id = None
    if code := body.get("region_code"):
        region_id = session.scalar(
            select(Organisation.id).where(
                Organisation.region_code == code, Organisation.kind == OrgKind.REGION
            )
        )
        if region_id is None:
            raise DomainError("region_not_found", f"Регион с кодом {code} не найден.", "region_code", 422)
    batches = form_batches(
        session,
        get_settings_from_app().batching,
        actor=current_client().actor,
        force=True,
        region_id=region_id,
    )
    regions = _regions([b.id for b in batches])
    return {"items": [batch_json(b, regions[b.id]) for b in batches]}, 201 if batches else 200


@api_v1.post("/batches/<int:batch_id>/cancel")
@require_token(TokenKind.OPERATOR)
def cancel(batch_id: int) -> Any:
    batch = _load(batch_id)
    # Formed: all back to the pool; paused: unprinted cards back to the pool, printed ones stay.
    cancel_printing_batch(get_session(), batch, actor=current_client().actor)
    return batch_json(batch, [])


@api_v1.post("/batches/<int:batch_id>/dispatch")
@require_token(TokenKind.OPERATOR)
def dispatch(batch_id: int) -> Any:
    batch = _load(batch_id)
    dispatch_batch(get_session(), batch, actor=current_client().actor)
    return batch_json(batch, _regions([batch.id])[batch.id])
