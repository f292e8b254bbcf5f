"""JSON shapes of API resources."""

from __future__ import annotations

from typing import Any

from gateway.errors import Problem
from gateway.lifecycle import STATE_LABELS
from gateway.models import Card, CardOrder, PrintBatch, Upload
from gateway.orders.intake import ItemResult
from gateway.texts import ru


def order_json(order: CardOrder, card: Card | None, member_ref: Any = None) -> dict[str, Any]:
    return {
        "id": str(order.public_id),
        "state": order.state.value,
        "state_label": STATE_LABELS[order.state.value],
        "reason": order.reason.value,
        "form": order.form.value,
        "source": order.source.value,
        "member_ref": str(member_ref) if member_ref else None,
        "card_number": card.number if card else None,
        "card_state": card.state.value if card else None,
        "batch_id": order.batch_id,
        "rejection_reasons": order.rejection_reasons,
        "created_at": order.created_at.isoformat(),
    }


def item_json(item: ItemResult, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {"index": index, "accepted": item.accepted}
    if item.accepted:
        out["order"] = {
            "id": str(item.order_public_id),
            # A virtual-only order is issued at once (the number is the card).
            "state": "issued" if item.request.form.value == "virtual" else "accepted",
            "card_number": item.card_number,
            "reason": item.request.reason.value,
            "form": item.request.form.value,
        }
    else:
        out["errors"] = [Problem(p.code, p.message, p.field).as_dict() for p in item.problems]
    return out


def batch_json(batch: PrintBatch, per_region: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": batch.id,
        "state": batch.state.value,
        "state_label": ru.BATCH_STATE_LABELS.get(batch.state.value, batch.state.value),
        "card_count": batch.card_count,
        "formed_reason": batch.formed_reason,
        "station": batch.station,
        "pause_reason": batch.pause_reason,
        "created_at": batch.created_at.isoformat(),
    }
    if per_region is not None:
        out["regions"] = per_region
    return out


def upload_json(upload: Upload) -> dict[str, Any]:
    return {
        "id": str(upload.public_id),
        "state": upload.state.value,
        "filename": upload.filename,
        "format": upload.file_format,
        "all_or_nothing": upload.all_or_nothing,
        "total_rows": upload.total_rows,
        "processed_rows": upload.processed_rows,
        "accepted_rows": upload.accepted_rows,
        "rejected_rows": upload.rejected_rows,
        "error": upload.error,
        "created_at": upload.created_at.isoformat(),
        "finished_at": upload.finished_at.isoformat() if upload.finished_at else None,
    }
