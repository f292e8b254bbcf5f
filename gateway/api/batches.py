"""Print batches: list, read, form now (close early), cancel, dispatch."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import func, select

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.batches import Batch, BatchList, FormBatchesRequest, RegionCount
from gateway.batching.dispatch import dispatch_batch
from gateway.batching.service import form_batches
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError, NotFound
from gateway.models import BatchRegionCount, Organisation, OrgKind, PrintBatch, TokenKind
from gateway.printing.station import cancel as cancel_printing_batch


def _regions(batch_ids: list[int]) -> dict[int, list[RegionCount]]:
    out: dict[int, list[RegionCount]] = {i: [] for i in batch_ids}
    rows = get_session().execute(
        select(BatchRegionCount, Organisation.region_code, Organisation.name)
        .join(Organisation, Organisation.id == BatchRegionCount.region_id)
        .where(BatchRegionCount.batch_id.in_(batch_ids))
        .order_by(Organisation.region_code)
    )
    for brc, code, name in rows:
        out[brc.batch_id].append(
            RegionCount(
                region_code=code,
                region_name=name,
                card_count=brc.card_count,
                unit_cost_rub=brc.unit_cost_rub,
                cost_rub=round(brc.card_count * brc.unit_cost_rub, 2),
            )
        )
    return out


def batch_answer(batch: PrintBatch, regions: list[RegionCount] | None = None) -> Batch:
    answer = Batch.model_validate(batch)
    answer.regions = regions
    return answer


def _load(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise NotFound("batch")
    return batch


@api_v1.get("/batches")
@require_token(TokenKind.OPERATOR, TokenKind.ONEC_SYNC)
@api_spec.validate(resp=Answers({200: (BatchList, "The latest 200 batches")}))
def list_batches() -> Any:
    """List print batches"""
    session = get_session()
    batches = session.scalars(select(PrintBatch).order_by(PrintBatch.id.desc()).limit(200)).all()
    regions = _regions([b.id for b in batches])
    return BatchList(
        total=session.scalar(select(func.count(PrintBatch.id))),
        items=[batch_answer(b, regions[b.id]) for b in batches],
    )


@api_v1.get("/batches/<int:batch_id>")
@require_token(TokenKind.OPERATOR, TokenKind.ONEC_SYNC)
@api_spec.validate(resp=Answers({200: (Batch, "The batch")}))
def get_batch(batch_id: int) -> Any:
    """Read a batch with its per-region counts"""
    batch = _load(batch_id)
    return batch_answer(batch, _regions([batch.id])[batch.id])


@api_v1.post("/batches")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(
    json=FormBatchesRequest,
    resp=Answers(
        {201: (BatchList, "Batches formed"), 200: (BatchList, "Nothing waiting")},
        {422: "Unknown region"},
    ),
)
def close_batches_now() -> Any:
    """Form batches now from all waiting orders (close early)

    The operator "closes" the open pool early; a region_code forms that region's orders only.
    """
    session = get_session()
    body: FormBatchesRequest | None = request.context.json  # type: ignore[attr-defined]
    region_id = None
    if code := (body.region_code if body else None):
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
    return BatchList(items=[batch_answer(b, regions[b.id]) for b in batches]), 201 if batches else 200


@api_v1.post("/batches/<int:batch_id>/cancel")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (Batch, "Cancelled")}, {409: "Too late"}))
def cancel(batch_id: int) -> Any:
    """Cancel a batch before printing"""
    batch = _load(batch_id)
    # Formed: all back to the pool; paused: unprinted cards back to the pool, printed ones stay.
    cancel_printing_batch(get_session(), batch, actor=current_client().actor)
    return batch_answer(batch)


@api_v1.post("/batches/<int:batch_id>/dispatch")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (Batch, "Dispatched")}, {409: "Not produced, or nothing to dispatch"}))
def dispatch(batch_id: int) -> Any:
    """Mark a produced batch shipped to the regions

    Of a cancelled batch: the cards it had already printed; 409 nothing_to_dispatch when there are none.
    """
    batch = _load(batch_id)
    dispatch_batch(get_session(), batch, actor=current_client().actor)
    return batch_answer(batch, _regions([batch.id])[batch.id])
