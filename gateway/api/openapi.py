"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json, made by spectree.

Each view declares its request and response models (``gateway.api.schemas``) with
``@api_spec.validate(...)``; spectree validates the request before the view, serialises and checks
the answer after it, and builds this document from the same declarations.
"""

from __future__ import annotations

import functools
from typing import Any

import flask
from pydantic import BaseModel
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin
from spectree.utils import get_model_key

from gateway.api import api_v1
from gateway.api.schemas.common import Error, OpenAPIDocument
from gateway.api.validation import refuse_invalid, refuse_wrong_answer
from gateway.http_guards import MAX_ID


class _Plugin(FlaskPlugin):
    """spectree's Flask plugin, leaving file answers (a CSV report, a PDF) unchecked: the response
    models describe JSON bodies only."""

    def validate_response(self, resp: Any, resp_model: Any, skip_validation: bool, force: bool) -> Any:
        body = resp[0] if isinstance(resp, tuple) else resp
        if isinstance(body, flask.Response) and not body.is_json:
            return flask.make_response(resp), None
        return super().validate_response(resp, resp_model, skip_validation, force)


_NAMES: dict[str, Any] = {}


def _component_name(model: Any) -> str:
    """The model's class name; two models under one name would silently share a component."""
    name = model.__name__
    if _NAMES.setdefault(name, model) is not model:
        raise TypeError(f"two API models named {name}: {_NAMES[name]!r} and {model!r}")
    return name


api_spec = SpecTree(
    backend=_Plugin,
    mode="strict",  # only the decorated views: the web pages are not part of the API
    annotations=False,
    title="Union card gateway API",
    version="1",
    description="Card orders from regional organisations and 1C sync jobs. Errors carry a stable code, "
    "a Russian message and the offending field or row.",
    path="api/v1/_spectree",  # spectree's own pages are not registered (see openapi_document)
    before=refuse_invalid,
    after=refuse_wrong_answer,
    validation_error_status=400,
    validation_error_model=Error,
    naming_strategy=_component_name,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))],
    security={"bearer": []},
)

# Any operation may answer these (a NUL character, a malformed parameter; the token; another region).
COMMON_ERRORS: dict[int, str] = {
    400: "Invalid request (parameter out of range, NUL character, malformed JSON, invalid field)",
    401: "Missing or invalid token",
    403: "Token kind or scope not allowed",
    404: "Not found (or in another region)",
}


class Answers(Response):
    """The answers of one operation: success models, its own errors, and the errors any operation has.

    ``files`` maps a status to the media type of a file answer (PDF, PNG, CSV, a package); spectree
    itself only describes JSON bodies.
    """

    def __init__(
        self,
        ok: dict[int, type[BaseModel] | tuple[type[BaseModel], str]] | None = None,
        errors: dict[int, str] | None = None,
        files: dict[int, str] | None = None,
    ) -> None:
        models: dict[str, Any] = {f"HTTP_{code}": model for code, model in (ok or {}).items()}
        for code, description in {**COMMON_ERRORS, **(errors or {})}.items():
            models[f"HTTP_{code}"] = (Error, description)
        self.files = files or {}
        super().__init__(*(f"HTTP_{code}" for code in self.files), **models)

    def generate_spec(self, naming_strategy: Any = get_model_key) -> dict[str, Any]:
        out = super().generate_spec(naming_strategy)
        for code, media_type in self.files.items():
            content = out[str(code)].setdefault("content", {})
            content[media_type] = {"schema": {"type": "string", "format": "binary"}}
        return out


# A key sent again with another body is refused (gateway/api/idempotency.py).
KEY_REUSED = "Idempotency-Key already used for a different request"


def _finish(doc: dict[str, Any]) -> dict[str, Any]:
    """What spectree does not know: id ranges, the public document, the webhooks partners receive."""
    from gateway.virtual.schemas import WebhookEvent

    for operations in doc["paths"].values():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param["in"] == "path" and param["schema"].get("type") == "integer":
                    param["schema"].pop("format", None)
                    param["schema"]["maximum"] = MAX_ID  # a larger id matches no route: 404
    doc["paths"]["/api/v1/openapi.json"]["get"]["security"] = []
    doc["components"]["schemas"]["WebhookEvent"] = WebhookEvent.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    doc["webhooks"] = {
        "card.changed": {
            "post": {
                "summary": "A card changed (issued, dispatched, voided …); signed with X-EPB-Signature",
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEvent"}}}
                },
                "responses": {"2XX": {"description": "Received; any other answer is retried with backoff"}},
            }
        }
    }
    return doc


@functools.cache
def document() -> dict[str, Any]:
    """The document, made once: every app serves the same blueprint, and spectree's generation
    is not repeatable (it lifts nested models out of its cache the first time)."""
    return _finish(api_spec.spec)


@api_v1.get("/openapi.json")
@api_spec.validate(resp=Response(HTTP_200=OpenAPIDocument), security={})
def openapi_document() -> Any:
    """This document"""
    return document()
