"""OpenAPI entries of the partner API, produced from its pydantic models (gateway.virtual.schemas)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from gateway.virtual.schemas import PartnerCard, ReceiptRequest, ReceiptResult, SelfCheckRequest, WebhookEvent

MODELS: tuple[type[BaseModel], ...] = (
    PartnerCard,
    SelfCheckRequest,
    ReceiptRequest,
    ReceiptResult,
    WebhookEvent,
)
REF = "#/components/schemas/{model}"


def partner_schemas() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for model in MODELS:
        schema = model.model_json_schema(ref_template=REF)
        out.update(schema.pop("$defs", {}))
        out[model.__name__] = schema
    return out


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": REF.format(model=name)}


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


_ERR = {"description": "Error", "content": {"application/json": {"schema": _ref("Error")}}}
_MEMBER = [{"name": "ref", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"},
            "description": "Member's 1C reference (Ref_Key)"}]  # fmt: skip
_AUTH = {
    # Any operation: a NUL character in the path, query or body, or a malformed parameter.
    "400": {**_ERR, "description": "Invalid request (parameter out of range, NUL character, malformed JSON)"},
    "401": _ERR,
    "403": {**_ERR, "description": "Not a partner token, or the scope is missing"},
}


def _op(summary: str, scope: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"summary": summary, "description": f"Partner token with scope `{scope}`.",
            "responses": {**responses, **_AUTH}, **extra}  # fmt: skip


def partner_paths() -> dict[str, Any]:
    return {
        "/api/v1/partner/members/{ref}/card": {
            "get": _op(
                "The member's current ЭПБ: number, state, validity, forms, issue date, signed payload, links",
                "card:read",
                {
                    "200": _json("PartnerCard", "The card"),
                    "404": {**_ERR, "description": "No member or no card"},
                },
                parameters=_MEMBER,
            )
        },
        "/api/v1/partner/members/{ref}/card.png": {
            "get": _op(
                "PNG of the card's front (the printed design with this number)",
                "card:read",
                {"200": {"description": "PNG", "content": {"image/png": {}}}, "404": _ERR},
                parameters=_MEMBER,
            )
        },
        "/api/v1/partner/members/{ref}/card.pkpass": {
            "get": _op(
                "Wallet pass of an active card (Apple Wallet, PassWallet)",
                "card:read",
                {
                    "200": {"description": "pkpass", "content": {"application/vnd.apple.pkpass": {}}},
                    "404": _ERR,
                },
                parameters=_MEMBER,
            )
        },
        "/api/v1/partner/self-check": {
            "post": _op(
                "Member proves who they are: card number + date of birth. Same 404 for an unknown number and "
                "a wrong date; 429 after too many failures per card or per partner",
                "card:self_check",
                {"200": _json("PartnerCard", "The card (with member_ref)"), "404": _ERR, "429": _ERR},
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("SelfCheckRequest")}},
                },
            )
        },
        "/api/v1/partner/members/{ref}/card/receipt": {
            "post": _op(
                "The member confirms «Получил» (or declines) a card dispatched to the region: «Выдан» / «Отказ» to 1C",
                "card:receipt",
                {"200": _json("ReceiptResult", "New state"), "404": _ERR, "409": _ERR},
                parameters=_MEMBER,
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ReceiptRequest")}},
                },
            )
        },
    }


WEBHOOKS = {
    "card.changed": {
        "post": {
            "summary": "A card changed (issued, dispatched, voided …); signed with X-EPB-Signature",
            "requestBody": {"content": {"application/json": {"schema": _ref("WebhookEvent")}}},
            "responses": {"2XX": {"description": "Received; any other answer is retried with backoff"}},
        }
    }
}
