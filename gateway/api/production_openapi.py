"""OpenAPI paths of blank-card stock and outside-bureau routes (merged into ``gateway.api.openapi.SPEC``)."""

from __future__ import annotations

from typing import Any

from gateway.api.openapi import _json, _op, _path_param, _ref

_BATCH = [_path_param("batch_id", "integer")]
_CONFLICT = {"409": _json(_ref("Error"), "Not allowed in the batch's or report's current state")}

STOCK_REPORT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "batch_id": {"type": "integer"},
        "drawn": {"type": "integer", "description": "Blank cards drawn from stock for the batch"},
        "produced": {"type": "integer", "description": "Counted from the batch's cards (frozen at sign-off)"},
        "spoiled": {"type": "integer", "description": "Counted from the batch's cards (frozen at sign-off)"},
        "test_cards": {"type": "integer"},
        "returned": {"type": "integer", "description": "Blanks returned to stock"},
        "note": {"type": ["string", "null"]},
        "balanced": {"type": "boolean", "description": "drawn = produced + spoiled + test_cards + returned"},
        "difference": {"type": "integer", "description": "drawn minus everything accounted for"},
        "signed_off": {"type": "boolean"},
        "signed_off_by": {"type": ["string", "null"]},
        "signed_off_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

_STOCK_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["drawn"],
                "properties": {
                    "drawn": {"type": "integer", "minimum": 0},
                    "test_cards": {"type": "integer", "minimum": 0},
                    "returned": {"type": "integer", "minimum": 0},
                    "note": {"type": "string", "maxLength": 500},
                },
            }
        }
    },
}

PRODUCTION_PATHS: dict[str, Any] = {
    "/api/v1/batches/{batch_id}/stock": {
        "get": _op(
            "The batch's blank-card stock report",
            {"200": _json(STOCK_REPORT, "Stock report"), "404": _json(_ref("Error"), "No such batch")},
            parameters=_BATCH,
        ),
        "put": _op(
            "Record the operator's counts: drawn, test cards, returned (until signed off)",
            {
                "200": _json(STOCK_REPORT, "Stock report"),
                **_CONFLICT,
                "422": _json(_ref("Error"), "A count is not a whole number from 0 to 1,000,000"),
            },
            parameters=_BATCH,
            requestBody=_STOCK_BODY,
        ),
    },
    "/api/v1/batches/{batch_id}/stock/sign-off": {
        "post": _op(
            "Sign the stock report off: the batch is finished and the report balances. "
            "A batch is dispatched (closed) only with a signed-off report.",
            {"200": _json(STOCK_REPORT, "Signed off"), **_CONFLICT},
            parameters=_BATCH,
        ),
    },
}

_MANIFEST_ERRORS = {
    "409": _json(
        _ref("Error"), "Batch not at a bureau, manifest already imported, or a card no longer waiting"
    ),
    "422": _json(
        _ref("Error"),
        "Malformed or foreign (bad signature) manifest, or one that does not match "
        "its package: refused, nothing changed",
    ),
}

PRODUCTION_PATHS.update(
    {
        "/api/v1/bureaus": {
            "get": _op(
                "Configured outside personalisation bureaus",
                {
                    "200": _json(
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"name": {"type": "string"}, "title": {"type": "string"}},
                            },
                        },
                        "Bureaus",
                    )
                },
            ),
        },
        "/api/v1/batches/{batch_id}/bureau/export": {
            "post": _op(
                "Send the batch's queued cards to a bureau: answers the encrypted, signed package "
                "(EPBX1, gateway/bureau/envelope.py); a formed batch starts printing at the bureau",
                {
                    "200": {"description": "The package", "content": {"application/octet-stream": {}}},
                    "409": _json(_ref("Error"), "Batch not formed / not at this bureau, or nothing queued"),
                    "422": _json(_ref("Error"), "Unknown bureau"),
                },
                parameters=_BATCH,
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["bureau"],
                                "properties": {"bureau": {"type": "string"}},
                            }
                        }
                    },
                },
            ),
        },
        "/api/v1/batches/{batch_id}/bureau/manifest": {
            "post": _op(
                "Import the bureau's signed manifest (EPBM1): cards produced with their chip UIDs or "
                "spoiled and replaced, as from a print station",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "batch_id": {"type": "integer"},
                                "export_id": {"type": "integer"},
                                "produced": {"type": "integer"},
                                "spoiled": {"type": "integer"},
                                "replacements_queued": {"type": "integer"},
                                "batch_state": {"type": "string"},
                            },
                        },
                        "Imported",
                    ),
                    **_MANIFEST_ERRORS,
                },
                parameters=_BATCH,
                requestBody={"required": True, "content": {"application/octet-stream": {}}},
            ),
        },
        "/api/v1/batches/{batch_id}/bureau/exports": {
            "get": _op(
                "Packages sent to bureaus for the batch",
                {"200": _json({"type": "array", "items": {"type": "object"}}, "Exports")},
                parameters=_BATCH,
            ),
        },
    }
)
