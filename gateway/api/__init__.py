"""JSON API under /api/v1 (described by /api/v1/openapi.json)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from gateway.errors import DomainError

log = logging.getLogger(__name__)

api_v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")


def problem_response(status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None) -> Any:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if errors:
        body["error"]["details"] = errors
    return jsonify(body), status


@api_v1.errorhandler(DomainError)
def _domain_error(exc: DomainError) -> Any:
    error: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if exc.field:
        error["field"] = exc.field
    if exc.details:
        error["details"] = [p.as_dict() for p in exc.details]
    return jsonify({"error": error}), exc.status


@api_v1.errorhandler(IntegrityError)
def _integrity(exc: IntegrityError) -> Any:
    # Two concurrent submissions for the same member: the partial unique index decided.
    log.warning("integrity conflict: %s", exc.orig.__class__.__name__)
    return problem_response(
        409,
        "concurrent_conflict",
        "Такой же заказ только что подан параллельным запросом. Обновите данные и повторите.",
    )


@api_v1.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Any:
    messages = {
        400: "Некорректный запрос.",
        404: "Ресурс не найден.",
        405: "Метод не поддерживается.",
        413: "Слишком большой запрос или файл.",
    }
    code = exc.code or 500
    body, status = problem_response(
        code, (exc.name or "error").lower().replace(" ", "_"), messages.get(code, exc.description or "")
    )
    return body, status, allow_header(exc)


def allow_header(exc: HTTPException) -> dict[str, str]:
    """A 405 names the methods the resource does answer (RFC 9110 requires ``Allow``)."""
    return {k: v for k, v in exc.get_headers() if k.lower() == "allow"}


from gateway.api import (  # noqa: E402,F401
    batches,
    bureau,  # outside personalisation bureaus
    cards,
    openapi,
    orders,
    printfiles,
    printing,
    stock,  # blank-card stock report of a batch
    sync,  # outbox, reconciliation
    uploads,
)
from gateway.virtual import api as _partner_api  # noqa: E402,F401  (partner API of the virtual ЭПБ)
