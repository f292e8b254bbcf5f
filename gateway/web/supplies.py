"""The supply levels shown on the stations page (gateway/printing/supplies.py does the asking)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.models import Card, CardState, PrintBatch
from gateway.printing.supplies import supply_view
from gateway.settings import Settings


def _cards_left(db: Session, batch: PrintBatch) -> int:
    return (
        db.scalar(
            select(func.count()).where(
                Card.batch_id == batch.id, Card.state.in_((CardState.QUEUED, CardState.PRINTING))
            )
        )
        or 0
    )


def add_supply_views(
    db: Session, settings: Settings, stations: list[dict[str, Any]], queue: list[PrintBatch]
) -> None:
    """Each configured station gets ``supply``: its levels and warnings for the cards it has to make —
    the rest of its batch, or for an idle station the next batch waiting in the queue."""
    configured = settings.printing.stations
    for station in stations:
        if station["name"] not in configured:
            station["supply"] = None
            continue
        batch = station.get("batch")
        needed = _cards_left(db, batch) if batch is not None else (queue[0].card_count if queue else 0)
        station["supply"] = supply_view(settings, station["name"], needed)
        station["supply_for"] = batch.id if batch is not None else (queue[0].id if queue else None)
