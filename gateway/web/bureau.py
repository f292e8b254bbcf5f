"""The batch page's section on outside bureaus: send the batch (download the package), upload the
bureau's manifest, see the packages sent."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for

from gateway.bureau import service
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.models import BatchState, Card, CardState, PrintBatch
from gateway.texts import ru
from gateway.web.batches import audit_batch
from gateway.web.security import CENTRAL_ACTORS, actor, require

bp = Blueprint("bureau", __name__)


def bureau_panel(batch: PrintBatch) -> dict[str, Any]:
    """For ``batches/_bureau.html``: the bureaus, whether the batch can be sent, its packages."""
    from sqlalchemy import func, select

    db = get_session()
    bureaus = get_settings_from_app().printing.bureaus
    at = service.bureau_of(batch)
    queued = (
        db.scalar(select(func.count()).where(Card.batch_id == batch.id, Card.state == CardState.QUEUED)) or 0
    )
    can_send = bool(bureaus) and (
        batch.state is BatchState.FORMED
        or (batch.state is BatchState.PRINTING and at is not None and queued > 0)
    )
    return {
        "bureaus": sorted(bureaus.items()),
        "at": at,
        "can_send": can_send,
        "queued": queued,
        "exports": service.exports_of(db, batch),
    }


def _batch(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        abort(404)
    return batch


@bp.post("/batches/<int:batch_id>/bureau/export")
@require(*CENTRAL_ACTORS)
def export(batch_id: int) -> Any:
    db = get_session()
    batch = _batch(batch_id)
    name = request.form.get("bureau", "")
    try:
        result = service.export_batch(db, get_settings_from_app(), batch, name, actor=actor())
    except DomainError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("batches.show_batch", batch_id=batch_id) + "#bureau")
    audit_batch(
        batch,
        "export",
        kind="batch_bureau",
        bureau=name,
        export=result.record.id,
        cards=result.record.card_count,
    )
    filename = f"batch-{batch.id}-export-{result.record.id}.epbx"
    return Response(
        result.package,
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/batches/<int:batch_id>/bureau/manifest")
@require(*CENTRAL_ACTORS)
def manifest(batch_id: int) -> Any:
    db = get_session()
    batch = _batch(batch_id)
    upload = request.files.get("manifest")
    try:
        if upload is None or not upload.filename:
            raise DomainError("manifest_required", ru.FLASH["manifest_required"], "manifest", 422)
        result = service.import_manifest(db, get_settings_from_app(), batch, upload.read(), actor=actor())
    except DomainError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("batches.show_batch", batch_id=batch_id) + "#bureau")
    audit_batch(
        batch,
        "manifest",
        kind="batch_bureau",
        export=result["export_id"],
        produced=result["produced"],
        spoiled=result["spoiled"],
    )
    message = ru.FLASH["manifest_loaded"].format(produced=result["produced"], spoiled=result["spoiled"])
    if result["replacements_queued"]:
        message += ru.FLASH["manifest_replacements"].format(count=result["replacements_queued"])
    flash(message, "ok")
    return redirect(url_for("batches.show_batch", batch_id=batch.id) + "#bureau")
