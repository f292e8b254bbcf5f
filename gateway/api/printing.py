"""Print stations for operators: start / pause / resume a batch, station states, inspection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.batches import batch_answer
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.batches import Batch, StartRequest
from gateway.api.schemas.cards import ResolvedCard, ResolveRequest
from gateway.api.schemas.printing import InspectionCard, Station, Stations
from gateway.db.base import utcnow
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import NotFound
from gateway.models import Card, CardPrintAttempt, CardState, PrintBatch, PrintStation, TokenKind
from gateway.printing import station as stations

CONFLICT = {409: "Not allowed in the batch's or station's current state"}


def _batch(batch_id: int) -> PrintBatch:
    # Not locked here: the services lock the station first, then the batch (the worker's order).
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise NotFound("batch")
    return batch


@api_v1.post("/batches/<int:batch_id>/start")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(
    json=StartRequest,
    validation_error_status=422,
    resp=Answers({200: (Batch, "Printing")}, {**CONFLICT, 422: "No or unknown station"}),
)
def start_batch(batch_id: int) -> Any:
    """Start printing a formed batch on one or several stations (they share its queued cards), or add stations to a printing batch"""
    body: StartRequest = request.context.json  # type: ignore[attr-defined]
    batch = _batch(batch_id)
    stations.start_batch(
        get_session(), get_settings_from_app(), batch, body.names(), actor=current_client().actor
    )
    return batch_answer(batch)


@api_v1.post("/batches/<int:batch_id>/pause")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (Batch, "Paused")}, CONFLICT))
def pause_batch(batch_id: int) -> Any:
    """Pause a printing batch (the card in the printer is finished first)"""
    batch = _batch(batch_id)
    stations.pause_batch(get_session(), batch, actor=current_client().actor)
    return batch_answer(batch)


@api_v1.post("/batches/<int:batch_id>/resume")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (Batch, "Printing again")}, CONFLICT))
def resume_batch(batch_id: int) -> Any:
    """Resume a paused batch (after loading cards, changing the ribbon, clearing a jam)"""
    batch = _batch(batch_id)
    stations.resume_batch(get_session(), get_settings_from_app(), batch, actor=current_client().actor)
    return batch_answer(batch)


def _station(station: PrintStation, configured: bool, stale_after: float, now: dt.datetime) -> Station:
    beat = station.heartbeat_at
    if beat is not None and beat.tzinfo is None:  # SQLite hands back naive UTC
        beat = beat.replace(tzinfo=dt.UTC)
    return Station(
        name=station.name,
        state=station.state,
        current_batch_id=station.current_batch_id,
        pause_code=station.pause_code,
        pause_reason=station.pause_reason,
        heartbeat_at=beat,
        online=beat is not None and (now - beat).total_seconds() <= stale_after,
        configured=configured,
    )


@api_v1.get("/stations")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (Stations, "Stations")}))
def list_stations() -> Any:
    """Print stations (state, pause reason, heartbeat) and the cards that need inspection"""
    session = get_session()
    settings = get_settings_from_app()
    rows = {s.name: s for s in session.scalars(select(PrintStation))}
    now = utcnow()
    items = [
        _station(
            rows.get(name) or PrintStation(name=name, state=stations.StationState.IDLE),
            name in settings.printing.stations,
            settings.printing.heartbeat_stale_seconds,
            now,
        )
        for name in sorted(set(settings.printing.stations) | set(rows))
    ]
    inspection = session.execute(
        select(
            Card.number,
            Card.batch_id,
            Card.station,
            CardPrintAttempt.last_step,
            CardPrintAttempt.chip_uid,
        )
        .outerjoin(
            CardPrintAttempt,
            (CardPrintAttempt.card_id == Card.id) & (CardPrintAttempt.outcome == "interrupted"),
        )
        .where(Card.state == CardState.NEEDS_INSPECTION)
        .order_by(Card.id)
    ).all()
    return Stations(items=items, needs_inspection=[InspectionCard.model_validate(r) for r in inspection])


@api_v1.post("/cards/<number>/resolve")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(
    json=ResolveRequest,
    validation_error_status=422,
    resp=Answers({200: (ResolvedCard, "Resolved")}, {**CONFLICT, 422: "No or unknown result"}),
)
def resolve_card(number: str) -> Any:
    """Resolve a card that needs inspection after a station crash: produced or spoiled"""
    body: ResolveRequest = request.context.json  # type: ignore[attr-defined]
    session = get_session()
    card = session.scalar(select(Card).where(Card.number == number).with_for_update())
    if card is None:
        raise NotFound("card")
    stations.resolve_card(
        session,
        get_settings_from_app(),
        card,
        produced=body.result == "produced",
        actor=current_client().actor,
    )
    return ResolvedCard.model_validate(card)
