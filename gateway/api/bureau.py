"""Outside personalisation bureaus: the configured bureaus, a batch's export package, the manifest."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.bureau import service
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.models import PrintBatch, TokenKind

# A manifest lists card numbers, UIDs and results: a few hundred bytes a card.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def _batch(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        raise DomainError("batch_not_found", f"Партия № {batch_id} не найдена.", status=404)
    return batch


@api_v1.get("/bureaus")
@require_token(TokenKind.OPERATOR)
def list_bureaus() -> Any:
    bureaus = get_settings_from_app().printing.bureaus
    return jsonify([{"name": name, "title": cfg.title or name} for name, cfg in sorted(bureaus.items())])


@api_v1.post("/batches/<int:batch_id>/bureau/export")
@require_token(TokenKind.OPERATOR)
def export_to_bureau(batch_id: int) -> Any:
    body = request.get_json(silent=True) or {}
    bureau = body.get("bureau") if isinstance(body, dict) else None
    if not isinstance(bureau, str) or not bureau:
        raise DomainError("bureau_required", "Укажите бюро персонализации (поле bureau).", "bureau", 422)
    export = service.export_batch(
        get_session(), get_settings_from_app(), _batch(batch_id), bureau, actor=current_client().actor
    )
    name = f"batch-{batch_id}-export-{export.record.id}.epbx"
    return Response(
        export.package,
        mimetype="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Package-SHA256": export.record.package_sha256,
            "X-Export-Id": str(export.record.id),
        },
    )


@api_v1.post("/batches/<int:batch_id>/bureau/manifest")
@require_token(TokenKind.OPERATOR)
def import_bureau_manifest(batch_id: int) -> Any:
    if (request.content_length or 0) > MAX_MANIFEST_BYTES:
        raise DomainError("manifest_too_large", "Файл манифеста слишком велик.", "manifest", 413)
    result = service.import_manifest(
        get_session(),
        get_settings_from_app(),
        _batch(batch_id),
        request.get_data(),
        actor=current_client().actor,
    )
    return jsonify(result)


@api_v1.get("/batches/<int:batch_id>/bureau/exports")
@require_token(TokenKind.OPERATOR)
def bureau_exports(batch_id: int) -> Any:
    return jsonify(
        [
            {
                "id": e.id,
                "bureau": e.bureau,
                "state": e.state.value,
                "card_count": e.card_count,
                "package_sha256": e.package_sha256,
                "created_by": e.created_by,
                "created_at": e.created_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            }
            for e in service.exports_of(get_session(), _batch(batch_id))
        ]
    )
