"""The API under hostile input: identical 404s across regions, no 500 for out-of-range numbers or
NUL characters, ``Allow`` on 405, no personal data in logs or caches, no reissue without a card."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from gateway.db.session import make_engine
from gateway.models import CardOrder, TokenKind
from gateway.orders.uploads import create_upload
from tests.conftest import TEST_DB_URL, make_test_settings
from tests.factories import auth, make_member, make_primary, make_region, make_token


@pytest.fixture()
def world(db: Any) -> dict[str, Any]:
    r77, r50 = make_region(db, "77"), make_region(db, "50")
    p77, p50 = make_primary(db, r77), make_primary(db, r50)
    w = {
        "r50": r50,
        "m77": make_member(db, p77),
        "m50": make_member(db, p50, surname="Петрова", name="Анна"),
        "t77": make_token(db, TokenKind.REGION, r77),
        "t50": make_token(db, TokenKind.REGION, r50),
        "op": make_token(db, TokenKind.OPERATOR),
    }
    db.commit()
    return w


def test_another_regions_card_order_and_upload_answer_exactly_like_missing_ones(
    client: Any, db: Any, settings: Any, world: dict[str, Any]
) -> None:
    made = client.post(
        "/api/v1/orders", json={"member_ref": str(world["m50"].onec_ref)}, headers=auth(world["t50"])
    )
    assert made.status_code == 201, made.json
    number = made.json["card_number"]
    missing_number = str(int(number) + 10)  # numbers are sequential: the next ones are guessable
    upload = create_upload(
        db, settings, region_id=world["r50"].id, submitted_by="t", filename="f.csv",
        content="Код 1С\r\n".encode(), all_or_nothing=False,
    )  # fmt: skip
    db.commit()
    pairs = [
        (f"/api/v1/cards/{number}", f"/api/v1/cards/{missing_number}"),
        (f"/api/v1/cards/{number}/preview.png", f"/api/v1/cards/{missing_number}/preview.png"),
        (f"/api/v1/orders/{made.json['id']}", f"/api/v1/orders/{uuid.uuid4()}"),
        (f"/api/v1/uploads/{upload.public_id}", f"/api/v1/uploads/{uuid.uuid4()}"),
        (f"/api/v1/uploads/{upload.public_id}/report", f"/api/v1/uploads/{uuid.uuid4()}/report"),
    ]
    for foreign, missing in pairs:
        a = client.get(foreign, headers=auth(world["t77"]))
        b = client.get(missing, headers=auth(world["t77"]))
        assert a.status_code == b.status_code == 404, (foreign, a.json)
        assert a.data == b.data, (foreign, a.data, b.data)
    # The owner still sees its own card.
    assert client.get(f"/api/v1/cards/{number}", headers=auth(world["t50"])).status_code == 200


@pytest.mark.parametrize(
    ("url", "token", "status", "code"),
    [
        ("/api/v1/batches/99999999999", "op", 404, None),
        ("/api/v1/batches/99999999999/packing-list.csv", "op", 404, None),
        ("/api/v1/reconciliation/99999999999", "op", 404, None),
        ("/api/v1/orders?page=99999999999999999999", "t77", 400, "invalid_field"),
        ("/api/v1/orders?per_page=100000", "t77", 400, "invalid_field"),
        ("/api/v1/orders?page=abc", "t77", 400, "invalid_field"),
        ("/api/v1/outbox?offset=99999999999999999999", "op", 400, "invalid_field"),
        ("/api/v1/outbox?limit=-1", "op", 400, "invalid_field"),
        ("/api/v1/cards/12%0034", "t77", 400, "invalid_characters"),
        ("/api/v1/orders?state=%00", "t77", 400, "invalid_characters"),
    ],
)
def test_out_of_range_numbers_and_nul_give_the_usual_error_not_500(
    client: Any, world: dict[str, Any], url: str, token: str, status: int, code: str | None
) -> None:
    resp = client.get(url, headers=auth(world[token]))
    assert resp.status_code == status, resp.data
    assert resp.json["error"]["message"]
    if code:
        assert resp.json["error"]["code"] == code


def test_a_nul_inside_a_json_string_is_a_400(client: Any, world: dict[str, Any]) -> None:
    resp = client.post(
        "/api/v1/orders",
        json={"surname": "Ива\x00нова", "name": "Мария", "birth_date": "1980-01-01"},
        headers=auth(world["t77"]),
    )
    assert resp.status_code == 400 and resp.json["error"]["code"] == "invalid_characters"


def test_405_names_the_allowed_methods(client: Any, world: dict[str, Any]) -> None:
    resp = client.delete("/api/v1/orders", headers=auth(world["t77"]))
    assert resp.status_code == 405
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert resp.json["error"]["message"]


def test_answers_with_personal_data_are_not_stored_and_static_files_may_be(
    client: Any, world: dict[str, Any]
) -> None:
    assert client.get("/api/v1/orders", headers=auth(world["t77"])).headers["Cache-Control"] == "no-store"
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in client.get("/login").headers  # not in development


def test_hsts_in_production(session_factory: Any) -> None:
    from gateway.app import create_app

    app = create_app(make_test_settings(environment="production"))
    app.extensions["gateway.sessionmaker"] = session_factory
    try:
        resp = app.test_client().get("/login")
        assert resp.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        app.extensions["gateway.engine"].dispose()


def test_a_database_error_keeps_names_and_birth_dates_out_of_the_log_and_the_answer(
    settings: Any, session_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The database repeats the value in its message and SQLAlchemy appends the parameters: an
    error on a statement about a member must log neither."""
    from gateway.app import create_app
    from gateway.db.request_session import get_session

    app = create_app(settings)
    app.extensions["gateway.sessionmaker"] = session_factory
    pii = "иванова|мария|ивановна|1980-01-01"

    @app.get("/api/v1/_test_db_error")
    def _fails() -> Any:
        return {"x": get_session().scalar(text("SELECT CAST(:k AS date)"), {"k": pii})}

    try:
        with caplog.at_level(logging.INFO):
            resp = app.test_client().get("/api/v1/_test_db_error")
    finally:
        app.extensions["gateway.engine"].dispose()
    assert resp.status_code == 500
    error_id = resp.json["error"]["error_id"]
    assert error_id in resp.json["error"]["message"] and "иванова" not in resp.get_data(as_text=True)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert error_id in logged and "sqlstate 22007" in logged
    assert "иванова" not in logged and "1980-01-01" not in logged


def test_the_engine_hides_statement_parameters() -> None:
    engine = make_engine(TEST_DB_URL)
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError) as exc:
            conn.execute(text("SELECT 1 / 0 WHERE :surname <> ''"), {"surname": "Иванова"})
    finally:
        engine.dispose()
    assert "Иванова" not in str(exc.value)


@pytest.mark.parametrize("reason", ["lost", "damaged", "name_changed"])
def test_a_reissue_for_a_member_who_never_had_a_card_is_refused(
    client: Any, db: Any, world: dict[str, Any], reason: str
) -> None:
    resp = client.post(
        "/api/v1/orders",
        json={"member_ref": str(world["m77"].onec_ref), "reason": reason},
        headers=auth(world["t77"]),
    )
    assert resp.status_code == 422 and resp.json["error"]["code"] == "no_card_to_reissue"
    assert "перевыпуск" in resp.json["error"]["message"]
    assert db.scalar(select(func.count(CardOrder.id))) == 0
