"""The API's one contract: every route documented with its success answers, the document built
from the same models that validate and serialise, and the check of real answers able to fail."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from gateway.models import TokenKind
from tests.factories import auth, make_member, make_primary, make_region, make_token
from tests.gateway.api.contract import check_response, openapi_path


def _document(client: Any) -> dict[str, Any]:
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.json["openapi"] == "3.1.0"
    return answer.json


def test_every_api_route_documents_its_success_answers_with_a_schema(app: Any, client: Any) -> None:
    doc = _document(client)
    missing: list[str] = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):  # /api/wallet/ is Apple's protocol, not ours
            continue
        path = openapi_path(rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = doc["paths"].get(path, {}).get(method.lower())
            if operation is None:
                missing.append(f"{method} {path}: not documented")
                continue
            ok = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
            if not ok:
                missing.append(f"{method} {path}: no success answer")
            for code, response in ok.items():
                schemas = [c.get("schema") for c in response.get("content", {}).values()]
                if not schemas or not all(schemas):
                    missing.append(f"{method} {path} {code}: no schema")
            for code in ("400", "401"):
                if code not in operation["responses"] and path != "/api/v1/openapi.json":
                    missing.append(f"{method} {path}: {code} not documented")
    assert not missing, "\n".join(missing)


def test_enums_in_the_document_are_the_domains_own(client: Any) -> None:
    from gateway.models import BatchState, CardState, OrderReason, OutboxState

    schemas = _document(client)["components"]["schemas"]
    for enum in (BatchState, CardState, OrderReason, OutboxState):
        assert schemas[enum.__name__]["enum"] == [m.value for m in enum]
    # The answers carry what the views return: the fields the old hand-written schema missed.
    assert {"created_at", "formed_reason", "pause_reason", "state_label", "station"} <= set(
        schemas["Batch"]["properties"]
    )
    assert {"produced_at", "issued_at"} <= set(schemas["Card"]["properties"])


def test_the_answer_check_catches_a_body_that_breaks_the_document(client: Any, db: Session) -> None:
    region = make_region(db, "77")
    member = make_member(db, make_primary(db, region, code="P77-1"))
    token = make_token(db, TokenKind.REGION, region)
    db.commit()
    doc = _document(client)
    made = client.post("/api/v1/orders", json={"member_ref": str(member.onec_ref)}, headers=auth(token))
    assert made.status_code == 201
    order = client.get(f"/api/v1/orders/{made.json['id']}", headers=auth(token))
    path, body = "/api/v1/orders/{public_id}", order.json
    assert check_response(doc, path, "get", 200, "application/json", order.data) == []
    broken = {**body, "state": "lost_in_the_post"}
    del broken["created_at"]
    found = check_response(doc, path, "get", 200, "application/json", json.dumps(broken).encode())
    assert any("created_at" in f for f in found) and any("lost_in_the_post" in f for f in found), found
    assert check_response(doc, path, "get", 418, "application/json", order.data)
    assert check_response(doc, path, "get", 200, "text/html", b"<p>")


def test_a_bad_field_answers_the_projects_error_shape_in_russian(client: Any, db: Session) -> None:
    region = make_region(db, "77")
    token = make_token(db, TokenKind.REGION, region)
    db.commit()
    body = {"member_ref": "6f1c0c39-5d2e-4bd4-9d55-3c0c8a2f1a10", "reason": "stolen", "colour": "red"}
    answer = client.post("/api/v1/orders", json=body, headers=auth(token))
    assert answer.status_code == 400
    error = answer.json["error"]
    assert error["code"] == "invalid_field" and error["field"] in ("reason", "colour")
    fields = {d["field"]: d["message"] for d in error["details"]}
    assert "first" in fields["reason"] and "name_changed" in fields["reason"]
    assert fields["colour"] == "Неизвестное поле «colour»."
    bulk = client.post("/api/v1/orders/bulk", json={"orders": [{"member_ref": "x"}]}, headers=auth(token))
    assert bulk.status_code == 400 and bulk.json["error"]["field"] == "orders[0].member_ref"
    assert "GUID" in bulk.json["error"]["message"]


def test_an_answer_outside_its_model_is_a_500_that_logs_no_values(
    settings: Any, session_factory: Any, caplog: Any
) -> None:
    from gateway.api.openapi import Answers, api_spec, document
    from gateway.api.schemas.cards import Card
    from gateway.app import create_app

    app = create_app(settings)
    app.extensions["gateway.sessionmaker"] = session_factory
    with app.app_context():
        document()  # made before the route below exists: the test route stays out of it

    @app.get("/api/v1/_test_wrong_answer")
    @api_spec.validate(resp=Answers({200: (Card, "A card")}))
    def wrong_answer() -> Any:
        return {"number": "Иванова Мария", "state": "no_such_state"}

    try:
        answer = app.test_client().get("/api/v1/_test_wrong_answer")
    finally:
        app.extensions["gateway.engine"].dispose()
    assert answer.status_code == 500 and answer.json["error"]["code"] == "internal_error"
    assert "Иванова" not in answer.get_data(as_text=True) and "Иванова" not in caplog.text
    assert "AnswerBreaksContract" in caplog.text
