"""Print stations for operators: start / pause / resume a batch, station states, inspection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.serializers import batch_json
from gateway.db.base import utcnow
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError, NotFound
from gateway.lifecycle import STATE_LABELS
from gateway.models import Card, CardPrintAttempt, CardState, PrintBatch, PrintStation, TokenKind
from gateway.printing import station as stations
from gateway.texts import ru


def _batch(batch_id: int) -> PrintBatch:
    # Not locked here: the services lock the station first, then the batch (the worker's order).
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise NotFound("batch")
    return batch


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise DomainError("invalid_body", "Тело запроса должно быть JSON-объектом.", status=400)
    return body


@api_v1.post("/batches/<int:batch_id>/start")
@require_token(TokenKind.OPERATOR)
def start_batch(batch_id: int) -> Any:
    body = _body()
    # One station ({"station": "main"}) or several sharing the batch ({"stations": ["a", "b"]}).
    names = body.get("stations", [body.get("station")] if "station" in body else None)
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise DomainError("station_required", ru.STATION_REQUIRED, "station", 422)
    batch = _batch(batch_id)
    stations.start_batch(get_session(), get_settings_from_app(), batch, names, actor=current_client().actor)
    return batch_json(batch)


@api_v1.post("/batches/<int:batch_id>/pause")
@require_token(TokenKind.OPERATOR)
def pause_batch(batch_id: int) -> Any:
    batch = _batch(batch_id)
    stations.pause_batch(get_session(), batch, actor=current_client().actor)
    return batch_json(batch)


@api_v1.post("/batches/<int:batch_id>/resume")
@require_token(TokenKind.OPERATOR)
def resume_batch(batch_id: int) -> Any:
    batch = _batch(batch_id)
    stations.resume_batch(get_session(), get_settings_from_app(), batch, actor=current_client().actor)
    return batch_json(batch)


def _station_json(station: PrintStation, stale_after: float, now: dt.datetime) -> dict[str, Any]:
    beat = station.heartbeat_at
    if beat is not None and beat.tzinfo is None:  # SQLite hands back naive UTC
        beat = beat.replace(tzinfo=dt.UTC)
    return {
        "name": station.name,
        "state": station.state.value,
        "state_label": {"idle": "Свободна", "printing": "Печатает", "paused": "Приостановлена"}[
            station.state
        ],
        "current_batch_id": station.current_batch_id,
        "pause_code": station.pause_code,
        "pause_reason": station.pause_reason,
        "heartbeat_at": beat.isoformat() if beat else None,
        "online": beat is not None and (now - beat).total_seconds() <= stale_after,
    }


@api_v1.get("/stations")
@require_token(TokenKind.OPERATOR)
def list_stations() -> Any:
    session = get_session()
    settings = get_settings_from_app()
    rows = {s.name: s for s in session.scalars(select(PrintStation))}
    now = utcnow()
    items = []
    for name in sorted(set(settings.printing.stations) | set(rows)):
        station = rows.get(name) or PrintStation(name=name, state=stations.StationState.IDLE)
        items.append(
            {
                **_station_json(station, settings.printing.heartbeat_stale_seconds, now),
                "configured": name in settings.printing.stations,
            }
        )
    inspection = session.execute(
        select(
            Card.number, Card.batch_id, Card.station, CardPrintAttempt.last_step, CardPrintAttempt.chip_uid
        )
        .outerjoin(
            CardPrintAttempt,
            (CardPrintAttempt.card_id == Card.id) & (CardPrintAttempt.outcome == "interrupted"),
        )
        .where(Card.state == CardState.NEEDS_INSPECTION)
        .order_by(Card.id)
    ).all()
    return {
        "items": items,
        "needs_inspection": [
            {"number": n, "batch_id": b, "station": s, "last_step": step, "chip_uid": uid}
            for n, b, s, step, uid in inspection
        ],
    }


@api_v1.post("/cards/<number>/resolve")
@require_token(TokenKind.OPERATOR)
def resolve_card(number: str) -> Any:
    result = _body().get("result")
    if result not in ("produced", "spoiled"):
        raise DomainError(
            "invalid_result",
            'Укажите результат проверки: "produced" (годна) или "spoiled" (испорчена).',
            "result",
            422,
        )
    session = get_session()
    card = session.scalar(select(Card).where(Card.number == number).with_for_update())
    if card is None:
        raise NotFound("card")
    stations.resolve_card(
        session, get_settings_from_app(), card, produced=result == "produced", actor=current_client().actor
    )
    return {"number": card.number, "state": card.state.value, "state_label": STATE_LABELS[card.state.value]}
