"""Outside personalisation bureaus: the configured bureaus, a batch's export package, the manifest."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.production import (
    Bureau,
    BureauExport,
    BureauExportRequest,
    BureauExports,
    Bureaus,
    ManifestResult,
)
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
@api_spec.validate(resp=Answers({200: (Bureaus, "Bureaus")}))
def list_bureaus() -> Any:
    """Configured outside personalisation bureaus"""
    bureaus = get_settings_from_app().printing.bureaus
    return Bureaus([Bureau(name=name, title=cfg.title or name) for name, cfg in sorted(bureaus.items())])


@api_v1.post("/batches/<int:batch_id>/bureau/export")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(
    json=BureauExportRequest,
    validation_error_status=422,
    resp=Answers(
        errors={
            409: "Batch not formed / not at this bureau, or nothing queued",
            422: "No or unknown bureau",
        },
        files={200: "application/octet-stream"},
    ),
)
def export_to_bureau(batch_id: int) -> Any:
    """Send the batch's queued cards to a bureau

    Answers the encrypted, signed package (EPBX1, gateway/bureau/envelope.py); a formed batch
    starts printing at the bureau.
    """
    bureau = request.context.json.bureau  # type: ignore[attr-defined]
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
@api_spec.validate(
    resp=Answers(
        {200: (ManifestResult, "Imported")},
        {
            409: "Batch not at a bureau, manifest already imported, or a card no longer waiting",
            413: "Manifest too large",
            422: "Malformed or foreign (bad signature) manifest, or one that does not match its "
            "package: refused, nothing changed",
        },
    )
)
def import_bureau_manifest(batch_id: int) -> Any:
    """Import the bureau's signed manifest (EPBM1, the request body)

    Cards produced with their chip UIDs or spoiled and replaced, as from a print station.
    """
    if (request.content_length or 0) > MAX_MANIFEST_BYTES:
        raise DomainError("manifest_too_large", "Файл манифеста слишком велик.", "manifest", 413)
    result = service.import_manifest(
        get_session(),
        get_settings_from_app(),
        _batch(batch_id),
        request.get_data(),
        actor=current_client().actor,
    )
    return ManifestResult.model_validate(result)


@api_v1.get("/batches/<int:batch_id>/bureau/exports")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (BureauExports, "Exports")}))
def bureau_exports(batch_id: int) -> Any:
    """Packages sent to bureaus for the batch"""
    exports = service.exports_of(get_session(), _batch(batch_id))
    return BureauExports([BureauExport.model_validate(e) for e in exports])
