"""OpenAPI paths of the print station routes (merged into ``gateway.api.openapi.SPEC``)."""

from __future__ import annotations

from typing import Any

from gateway.api.openapi import _json, _op, _path_param, _ref

_BATCH = [_path_param("batch_id", "integer")]
_REGION = {
    "name": "region",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "Region code; a region token always gets its own region only",
}
_CONFLICT = {"409": _json(_ref("Error"), "Not allowed in the batch's or station's current state")}

PRINTING_PATHS: dict[str, Any] = {
    "/api/v1/batches/{batch_id}/start": {
        "post": _op(
            "Start printing a formed batch on one or several stations (they share its queued cards), "
            "or add stations to a batch that is printing",
            {
                "200": _json(_ref("Batch"), "Printing"),
                **_CONFLICT,
                "422": _json(_ref("Error"), "Unknown station"),
            },
            parameters=_BATCH,
            requestBody={
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "station": {"type": "string"},
                                "stations": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                            },
                            "description": "``station`` (one) or ``stations`` (several)",
                        }
                    }
                },
            },
        )
    },
    "/api/v1/batches/{batch_id}/pause": {
        "post": _op(
            "Pause a printing batch (the card in the printer is finished first)",
            {"200": _json(_ref("Batch"), "Paused"), **_CONFLICT},
            parameters=_BATCH,
        )
    },
    "/api/v1/batches/{batch_id}/resume": {
        "post": _op(
            "Resume a paused batch, or the paused stations of a batch the others go on printing "
            "(after loading cards, changing the ribbon, clearing a jam)",
            {"200": _json(_ref("Batch"), "Printing again"), **_CONFLICT},
            parameters=_BATCH,
        )
    },
    "/api/v1/batches/{batch_id}/print.pdf": {
        "get": _op(
            "The batch as one PDF (front and back page per card)",
            {"200": {"description": "PDF", "content": {"application/pdf": {}}}},
            parameters=_BATCH,
        )
    },
    "/api/v1/batches/{batch_id}/packing-list.csv": {
        "get": _op(
            "Packing list of the produced cards (CSV, UTF-8 with BOM, ;)",
            {"200": {"description": "CSV", "content": {"text/csv": {}}}},
            parameters=[*_BATCH, _REGION],
        )
    },
    "/api/v1/batches/{batch_id}/packing-list.pdf": {
        "get": _op(
            "Packing list of the produced cards (PDF)",
            {"200": {"description": "PDF", "content": {"application/pdf": {}}}},
            parameters=[*_BATCH, _REGION],
        )
    },
    "/api/v1/cards/{number}/preview.png": {
        "get": _op(
            "Preview of both faces of a card",
            {"200": {"description": "PNG", "content": {"image/png": {}}}},
            parameters=[_path_param("number")],
        )
    },
    "/api/v1/cards/{number}/resolve": {
        "post": _op(
            "Resolve a card that needs inspection after a station crash: produced or spoiled",
            {"200": _json(_ref("Card"), "Resolved"), **_CONFLICT},
            parameters=[_path_param("number")],
            requestBody={
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["result"],
                            "properties": {"result": {"type": "string", "enum": ["produced", "spoiled"]}},
                        }
                    }
                },
            },
        )
    },
    "/api/v1/stations": {
        "get": _op(
            "Print stations (state, pause reason, heartbeat) and the cards that need inspection",
            {"200": {"description": "Stations"}},
        )
    },
}
