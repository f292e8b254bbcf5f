"""The batch page's section on blank-card stock: the counts, the balance, the operator's sign-off."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for

from gateway.accounts.audit import audit
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import PrintBatch
from gateway.stock import service
from gateway.texts import ru
from gateway.web.security import CENTRAL_ACTORS, actor, client_ip, require, user

bp = Blueprint("stock", __name__)


def stock_report(batch: PrintBatch) -> service.StockReport:
    """For the batch page template (``{% include "batches/_stock.html" %}``)."""
    return service.report(get_session(), batch)


def _count(name: str) -> int | str:
    raw = request.form.get(name, "").strip()
    return int(raw) if raw.isdigit() else raw


@bp.post("/batches/<int:batch_id>/stock")
@require(*CENTRAL_ACTORS)
def save(batch_id: int) -> Any:
    db = get_session()
    batch = db.get(PrintBatch, batch_id)
    if batch is None:
        abort(404)
    try:
        # The form carries the counts with either button: what the operator sees is what is signed.
        service.record(
            db,
            batch,
            drawn=_count("drawn"),
            test_cards=_count("test_cards"),
            returned=_count("returned"),
            note=request.form.get("note"),
            actor=actor(),
        )
        message = ru.FLASH["stock_saved"]
        if request.form.get("action") == "sign_off":
            service.sign_off(db, batch, actor=actor())
            message = ru.FLASH["stock_signed_off"].format(batch=batch.id)
    except DomainError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("batches.show_batch", batch_id=batch_id) + "#stock")
    audit(
        db,
        "batch_stock",
        actor=actor(),
        user_id=user().id,
        target_type="batch",
        target_id=batch.id,
        details={"action": request.form.get("action") or "save"},
        ip=client_ip(),
    )
    flash(message, "ok")
    return redirect(url_for("batches.show_batch", batch_id=batch.id) + "#stock")
