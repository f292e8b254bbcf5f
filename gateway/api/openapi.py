"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

Written by hand next to the views; a test checks that every route is described and vice versa.
"""

from __future__ import annotations

from typing import Any

from gateway.api import api_v1
from gateway.api.params import MAX_OFFSET, MAX_PAGE
from gateway.http_guards import MAX_ID

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "Stable machine-readable code"},
                "message": {"type": "string", "description": "Russian message for people"},
                "field": {"type": "string"},
                "details": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
            },
        }
    },
}

_SCHEMAS: dict[str, Any] = {
    "Error": _ERROR,
    "Problem": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "field": {"type": "string"},
            "row": {"type": "integer"},
        },
    },
    "OrderRequest": {
        "type": "object",
        "description": "Identify the member by member_ref, or by surname + name (+ patronymic) + birth_date "
        "(+ organisation code to disambiguate).",
        "additionalProperties": False,
        "properties": {
            "member_ref": {
                "type": "string",
                "format": "uuid",
                "description": "Member's 1C reference (Ref_Key)",
            },
            "surname": {"type": "string"},
            "name": {"type": "string"},
            "patronymic": {"type": "string"},
            "birth_date": {"type": "string", "format": "date"},
            "organisation": {"type": "string", "description": "Primary organisation code or 1C reference"},
            "reason": {
                "type": "string",
                "enum": ["first", "lost", "damaged", "name_changed"],
                "default": "first",
            },
            "form": {
                "type": "string",
                "enum": ["plastic", "virtual"],
                "default": "plastic",
                "description": "virtual: the number only (personal account, app, wallet), issued at once; "
                "plastic for a member with a virtual-only number keeps that number",
            },
        },
    },
    "AcceptedOrder": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "state": {"type": "string"},
            "card_number": {"type": "string", "pattern": "^[0-9]{16}$"},
            "reason": {"type": "string"},
            "form": {"type": "string", "enum": ["plastic", "virtual"]},
        },
    },
    "Order": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "state": {"type": "string"},
            "state_label": {"type": "string"},
            "reason": {"type": "string"},
            "form": {"type": "string", "enum": ["plastic", "virtual"]},
            "source": {"type": "string"},
            "member_ref": {"type": ["string", "null"]},
            "card_number": {"type": ["string", "null"]},
            "card_state": {"type": ["string", "null"]},
            "batch_id": {"type": ["integer", "null"]},
            "rejection_reasons": {"type": ["array", "null"]},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "BulkRequest": {
        "type": "object",
        "required": ["orders"],
        "properties": {
            "orders": {"type": "array", "items": {"$ref": "#/components/schemas/OrderRequest"}},
            "all_or_nothing": {"type": "boolean", "default": False},
        },
    },
    "BulkResult": {
        "type": "object",
        "properties": {
            "accepted": {"type": "integer"},
            "rejected": {"type": "integer"},
            "all_or_nothing": {"type": "boolean"},
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "index": {"type": "integer"},
                        "accepted": {"type": "boolean"},
                        "order": {"$ref": "#/components/schemas/AcceptedOrder"},
                        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
                    },
                },
            },
        },
    },
    "Upload": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "state": {"type": "string", "enum": ["queued", "processing", "done", "failed"]},
            "filename": {"type": "string"},
            "format": {"type": ["string", "null"]},
            "all_or_nothing": {"type": "boolean"},
            "total_rows": {"type": ["integer", "null"]},
            "processed_rows": {"type": "integer"},
            "accepted_rows": {"type": "integer"},
            "rejected_rows": {"type": "integer"},
            "error": {"type": ["object", "null"]},
            "status_url": {"type": "string"},
        },
    },
    "Batch": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "state": {"type": "string"},
            "card_count": {"type": "integer"},
            "regions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "region_code": {"type": "string"},
                        "region_name": {"type": "string"},
                        "card_count": {"type": "integer"},
                        "cost_rub": {"type": "number"},
                    },
                },
            },
        },
    },
    "Card": {
        "type": "object",
        "properties": {
            "number": {"type": "string"},
            "state": {"type": "string"},
            "state_label": {"type": "string"},
            "batch_id": {"type": ["integer", "null"]},
            "chip_uid": {"type": ["string", "null"]},
        },
    },
}


_SCHEMAS["OutboxMessage"] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "card_id": {"type": "integer"},
        "card_number": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": ["ordered", "produced", "issued", "refused", "withdrawn"]},
        "state": {"type": "string", "enum": ["pending", "delivered", "dead"]},
        "attempts": {"type": "integer"},
        "next_attempt_at": {"type": "string", "format": "date-time"},
        "last_error": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "delivered_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

_SCHEMAS["ReconciliationRun"] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "state": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
        "requested_by": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "started_at": {"type": ["string", "null"], "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
        "error": {"type": ["string", "null"], "description": "Russian, for operators (1C did not answer, …)"},
        "report": {
            "type": ["object", "null"],
            "description": "Once succeeded: regions (members gateway/1C, cards by state), statuses, outbox, "
            "differences",
        },
    },
}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    # Any operation: a NUL character in the path, query or body, or a malformed parameter.
    "400": _json(_ref("Error"), "Invalid request (parameter out of range, NUL character, malformed JSON)"),
    "401": _json(_ref("Error"), "Missing or invalid token"),
    "403": _json(_ref("Error"), "Token kind not allowed"),
    "404": _json(_ref("Error"), "Not found (or in another region)"),
}
_IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 200},
    "description": "A retried request with the same key and body returns the original answer.",
}


def _op(summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    answers = {**responses, **_ERRORS}
    if _IDEMPOTENCY in extra.get("parameters", []):
        # A key sent again with another body is refused (gateway/api/idempotency.py).
        answers.setdefault(
            "422", _json(_ref("Error"), "Idempotency-Key already used for a different request")
        )
    return {"summary": summary, "responses": answers, **extra}


def _path_param(name: str, schema_type: str = "string") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": schema_type}
    if schema_type == "integer":
        schema["maximum"] = MAX_ID  # a larger id matches no route: 404
    return {"name": name, "in": "path", "required": True, "schema": schema}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Union card gateway API",
        "version": "1",
        "description": "Card orders from regional organisations and 1C sync jobs. Errors carry a stable code, "
        "a Russian message and the offending field or row.",
    },
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
    "security": [{"bearer": []}],
    "paths": {
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OK"}}}
        },
        "/api/v1/orders": {
            "get": _op(
                "List orders (a region token sees its own region only)",
                {"200": {"description": "A page of orders"}},
                parameters=[
                    {"name": "state", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                    },
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    },
                ],
            ),
            "post": _op(
                "Submit one card order",
                {
                    "201": _json(_ref("AcceptedOrder"), "Accepted, card number allocated"),
                    "422": _json(_ref("Error"), "Rejected"),
                },
                parameters=[_IDEMPOTENCY],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("OrderRequest")}},
                },
            ),
        },
        "/api/v1/orders/bulk": {
            "post": _op(
                "Submit many orders; per-item results",
                {
                    "200": _json(_ref("BulkResult"), "Per-item results"),
                    "413": _json(_ref("Error"), "Too many items"),
                },
                parameters=[_IDEMPOTENCY],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("BulkRequest")}},
                },
            )
        },
        "/api/v1/orders/{public_id}": {
            "get": _op(
                "Read an order",
                {"200": _json(_ref("Order"), "The order")},
                parameters=[_path_param("public_id")],
            )
        },
        "/api/v1/orders/{public_id}/cancel": {
            "post": _op(
                "Cancel an order before printing",
                {"200": _json(_ref("Order"), "Cancelled"), "409": _json(_ref("Error"), "Too late")},
                parameters=[_path_param("public_id")],
            )
        },
        "/api/v1/uploads": {
            "post": _op(
                "Upload a CSV (UTF-8 or Windows-1251, ; or ,) or XLSX file of orders; processed in the background",
                {
                    "202": _json(_ref("Upload"), "Queued"),
                    "413": _json(_ref("Error"), "File too large"),
                    "422": _json(_ref("Error"), "Unreadable file"),
                },
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "all_or_nothing": {"type": "boolean"},
                                    "region_code": {"type": "string", "description": "Operator tokens only"},
                                },
                            }
                        }
                    },
                },
            )
        },
        "/api/v1/uploads/{public_id}": {
            "get": _op(
                "Progress of an upload",
                {"200": _json(_ref("Upload"), "Progress")},
                parameters=[_path_param("public_id")],
            )
        },
        "/api/v1/uploads/{public_id}/report": {
            "get": _op(
                "Per-row report (JSON, or CSV with ?format=csv)",
                {"200": {"description": "The report"}},
                parameters=[
                    _path_param("public_id"),
                    {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv"]}},
                ],
            )
        },
        "/api/v1/batches": {
            "get": _op("List print batches", {"200": {"description": "Batches"}}),
            "post": _op(
                "Form batches now from all waiting orders (close early)",
                {"201": {"description": "Batches formed"}, "200": {"description": "Nothing waiting"}},
            ),
        },
        "/api/v1/batches/{batch_id}": {
            "get": _op(
                "Read a batch with its per-region counts",
                {"200": _json(_ref("Batch"), "Batch")},
                parameters=[_path_param("batch_id", "integer")],
            )
        },
        "/api/v1/batches/{batch_id}/cancel": {
            "post": _op(
                "Cancel a batch before printing",
                {"200": _json(_ref("Batch"), "Cancelled")},
                parameters=[_path_param("batch_id", "integer")],
            )
        },
        "/api/v1/batches/{batch_id}/dispatch": {
            "post": _op(
                "Mark a produced batch shipped to the regions (of a cancelled batch: the cards it had "
                "already printed; 409 nothing_to_dispatch when there are none)",
                {"200": _json(_ref("Batch"), "Dispatched")},
                parameters=[_path_param("batch_id", "integer")],
            )
        },
        "/api/v1/cards/{number}": {
            "get": _op(
                "Read a card", {"200": _json(_ref("Card"), "Card")}, parameters=[_path_param("number")]
            )
        },
        "/api/v1/cards/{number}/issue": {
            "post": _op(
                "Card handed to the member («Выдан»)",
                {"200": _json(_ref("Card"), "Issued")},
                parameters=[_path_param("number")],
            )
        },
        "/api/v1/cards/{number}/refuse": {
            "post": _op(
                "Member refused the card («Отказ»)",
                {"200": _json(_ref("Card"), "Refused")},
                parameters=[_path_param("number")],
            )
        },
        # 1C link (gateway/sync): undelivered statuses and the reconciliation report; operators only.
        "/api/v1/outbox": {
            "get": _op(
                "Statuses for 1C by delivery state (dead letters by default)",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "total": {"type": "integer"},
                                "items": {"type": "array", "items": _ref("OutboxMessage")},
                            },
                        },
                        "Messages",
                    )
                },
                parameters=[
                    {
                        "name": "state",
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "enum": ["pending", "delivered", "dead"],
                            "default": "dead",
                        },
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "default": 100, "minimum": 1, "maximum": 1000},
                    },
                    {
                        "name": "offset",
                        "in": "query",
                        "schema": {"type": "integer", "default": 0, "minimum": 0, "maximum": MAX_OFFSET},
                    },
                ],
            )
        },
        "/api/v1/outbox/{message_id}/retry": {
            "post": _op(
                "Retry a dead message: fresh attempts, delivery task queued",
                {
                    "200": _json(_ref("OutboxMessage"), "Pending again"),
                    "409": _json(_ref("Error"), "The message is not dead"),
                },
                parameters=[_path_param("message_id", "integer")],
            )
        },
        "/api/v1/reconciliation": {
            "post": _op(
                "Start a reconciliation report (gateway against 1C), made in the background; a report "
                "already queued or running is returned instead",
                {"202": _json(_ref("ReconciliationRun"), "Queued (Location: the run)")},
            ),
            "get": _op(
                "The latest reconciliation run",
                {"200": _json(_ref("ReconciliationRun"), "Run"), "404": _json(_ref("Error"), "None yet")},
            ),
        },
        "/api/v1/reconciliation/{run_id}": {
            "get": _op(
                "A reconciliation run; its report once succeeded",
                {"200": _json(_ref("ReconciliationRun"), "Run"), "404": _json(_ref("Error"), "Unknown")},
                parameters=[_path_param("run_id", "integer")],
            )
        },
    },
}


@api_v1.get("/openapi.json")
def openapi_document() -> Any:
    return SPEC


from gateway.api.printing_openapi import PRINTING_PATHS  # noqa: E402  (print stations)

SPEC["paths"].update(PRINTING_PATHS)
from gateway.api.production_openapi import PRODUCTION_PATHS  # noqa: E402  (stock, bureau)

SPEC["paths"].update(PRODUCTION_PATHS)
from gateway.virtual.openapi import WEBHOOKS, partner_paths, partner_schemas  # noqa: E402  (partner API)

SPEC["paths"].update(partner_paths())
SPEC["components"]["schemas"].update(partner_schemas())
SPEC.setdefault("webhooks", {}).update(WEBHOOKS)
