"""Print stations: each one's state (idle, printing, paused and why), its batch, and the queue of
formed batches waiting for a station."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import select

from gateway.db.base import utcnow
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.models import BatchState, PrintBatch, PrintStation
from gateway.web.batches import progress
from gateway.web.security import CENTRAL_ROLES, require

bp = Blueprint("stations", __name__)


def _station_rows() -> dict[str, Any]:
    return {s.name: s for s in get_session().scalars(select(PrintStation))}


@bp.get("/stations")
@require(*CENTRAL_ROLES)
def list_stations() -> Any:
    db = get_session()
    settings = get_settings_from_app()
    rows = _station_rows()
    names = sorted(set(settings.printing.stations) | set(rows))
    stale_after = settings.printing.heartbeat_stale_seconds
    now = utcnow()
    stations = []
    for name in names:
        row = rows.get(name)
        batch = db.get(PrintBatch, row.current_batch_id) if row is not None and row.current_batch_id else None
        beat = row.heartbeat_at if row is not None else None
        if beat is not None and beat.tzinfo is None:
            beat = beat.replace(tzinfo=dt.UTC)
        stations.append(
            {
                "name": name,
                "row": row,
                "state": row.state.value if row is not None else "idle",
                "batch": batch,
                "progress": progress(batch) if batch is not None else None,
                "online": beat is not None and (now - beat).total_seconds() <= stale_after,
                "heartbeat_at": beat,
            }
        )
    queue = list(
        db.scalars(select(PrintBatch).where(PrintBatch.state == BatchState.FORMED).order_by(PrintBatch.id))
    )
    from gateway.web.supplies import add_supply_views

    add_supply_views(db, settings, stations, queue)  # ribbon / cards left, and whether the batch fits
    return render_template("stations.html", title="Станции печати", stations=stations, queue=queue)
