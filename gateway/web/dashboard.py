"""The operators' overview: orders, cards and batches by state and region, and what needs
attention. Every figure is one grouped query over an index, never a row-by-row load."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from gateway.db.base import utcnow
from gateway.db.request_session import get_session
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardState,
    OrderState,
    OutboxMessage,
    OutboxState,
    PrintBatch,
    PrintStation,
    StationState,
    Upload,
    UploadState,
)
from gateway.web.lookups import regions
from gateway.web.security import CENTRAL_ROLES, require

bp = Blueprint("dashboard", __name__)

ATTENTION_LIMIT = 20
# Failed uploads stay on the attention list this long (the region sees them on its own list for good).
FAILED_UPLOADS_DAYS = 7


def _by_region_state(column_region: Any, column_state: Any) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for region_id, state, n in get_session().execute(
        select(column_region, column_state, func.count()).group_by(column_region, column_state)
    ):
        out[region_id][getattr(state, "value", state)] = n
    return out


def _paused_stations() -> list[Any]:
    return list(get_session().scalars(select(PrintStation).where(PrintStation.state == StationState.PAUSED)))


@bp.get("/dashboard")
@require(*CENTRAL_ROLES)
def show() -> Any:
    db = get_session()
    orders = _by_region_state(CardOrder.region_id, CardOrder.state)
    cards = _by_region_state(Card.region_id, Card.state)
    order_totals: dict[str, int] = defaultdict(int)
    card_totals: dict[str, int] = defaultdict(int)
    for per in orders.values():
        for k, v in per.items():
            order_totals[k] += v
    for per in cards.values():
        for k, v in per.items():
            card_totals[k] += v
    batches = dict(db.execute(select(PrintBatch.state, func.count()).group_by(PrintBatch.state)).all())
    attention = {
        "dead": list(
            db.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.state == OutboxState.DEAD)
                .order_by(OutboxMessage.id.desc())
                .limit(ATTENTION_LIMIT)
            )
        ),
        "dead_count": db.scalar(select(func.count()).where(OutboxMessage.state == OutboxState.DEAD)) or 0,
        "inspection": list(
            db.scalars(
                select(Card)
                .where(Card.state == CardState.NEEDS_INSPECTION)
                .order_by(Card.id)
                .limit(ATTENTION_LIMIT)
            )
        ),
        "paused_batches": list(
            db.scalars(
                select(PrintBatch).where(PrintBatch.state == BatchState.PAUSED).order_by(PrintBatch.id)
            )
        ),
        "paused_stations": _paused_stations(),
        # Uploads that ended failed (a bad file, or an internal error with its error id).
        "failed_uploads": list(
            db.scalars(
                select(Upload)
                .options(
                    load_only(Upload.id, Upload.public_id, Upload.filename, Upload.error, Upload.finished_at)
                )
                .where(
                    Upload.state == UploadState.FAILED,
                    Upload.finished_at >= utcnow() - dt.timedelta(days=FAILED_UPLOADS_DAYS),
                )
                .order_by(Upload.id.desc())
                .limit(ATTENTION_LIMIT)
            )
        ),
        "rejected": list(
            db.scalars(
                select(CardOrder)
                .where(CardOrder.state == OrderState.REJECTED)
                .order_by(CardOrder.id.desc())
                .limit(ATTENTION_LIMIT)
            )
        ),
    }
    card_numbers = (
        {
            c.id: c.number
            for c in db.scalars(select(Card).where(Card.id.in_([m.card_id for m in attention["dead"]])))
        }
        if attention["dead"]
        else {}
    )
    return render_template(
        "dashboard.html",
        title="Сводка",
        regions=regions(db),
        orders=orders,
        cards=cards,
        order_totals=order_totals,
        card_totals=card_totals,
        batches=batches,
        order_states=[s.value for s in OrderState],
        card_states=[s.value for s in CardState],
        batch_states=list(BatchState),
        attention=attention,
        card_numbers=card_numbers,
    )
