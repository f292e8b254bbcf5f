"""Order intake over the HTTP API, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from card_printing.numbers import is_valid_card_number
from gateway.models import Card, CardOrder, CardState, Event, OutboxMessage, TokenKind
from tests.factories import auth, make_member, make_primary, make_region, make_token


@pytest.fixture()
def world(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r77 = make_region(db, "77")
    r50 = make_region(db, "50")
    p77 = make_primary(db, r77, code="P77-1")
    p50 = make_primary(db, r50, code="P50-1")
    w = {
        "r77": r77,
        "r50": r50,
        "p77": p77,
        "m77": make_member(db, p77),
        "m50": make_member(db, p50, surname="Петрова", name="Анна"),
        "t77": make_token(db, TokenKind.REGION, r77),
        "t50": make_token(db, TokenKind.REGION, r50),
        "op": make_token(db, TokenKind.OPERATOR),
    }
    db.commit()
    return w


def test_submit_by_ref_allocates_a_number_and_records_everything(client, db, world) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/api/v1/orders", json={"member_ref": str(world["m77"].onec_ref)}, headers=auth(world["t77"])
    )
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["state"] == "accepted" and is_valid_card_number(body["card_number"])
    assert body["card_number"].startswith("96430077")
    order = db.scalar(select(CardOrder).where(CardOrder.public_id == uuid.UUID(body["id"])))
    card = db.scalar(select(Card).where(Card.order_id == order.id))
    assert card.state is CardState.ALLOCATED and card.number == body["card_number"]
    events = db.scalars(select(Event).where(Event.entity_id.in_([order.id, card.id]))).all()
    assert {(e.entity_type, e.from_state, e.to_state) for e in events} >= {
        ("order", "submitted", "accepted"),
        ("card", None, "allocated"),
    }
    outbox = db.scalar(select(OutboxMessage).where(OutboxMessage.card_id == card.id))
    assert (
        outbox.payload["status"] == "ordered"
        and outbox.payload["idempotency_key"] == f"{card.number}:ordered"
    )
    assert outbox.payload["card_number"] == card.number
    assert "member_ref" not in outbox.payload  # delivery takes it from the member row
    # The order is readable by its region...
    got = client.get(f"/api/v1/orders/{body['id']}", headers=auth(world["t77"]))
    assert got.status_code == 200 and got.json["card_number"] == body["card_number"]


def test_submit_by_name_is_case_and_yo_insensitive(client, db, world) -> None:  # type: ignore[no-untyped-def]
    make_member(
        db,
        world["p77"],
        surname="Семёнова",
        name="Ольга",
        patronymic="Юрьевна",
        birth_date=dt.date(1975, 1, 2),
    )
    db.commit()
    resp = client.post(
        "/api/v1/orders",
        json={"surname": "СЕМЕНОВА ", "name": "ольга", "patronymic": "Юрьевна", "birth_date": "1975-01-02"},
        headers=auth(world["t77"]),
    )
    assert resp.status_code == 201, resp.json


@pytest.mark.parametrize(
    ("member_kwargs", "code"),
    [
        ({"consent": False}, "no_personal_data_consent"),
        ({"left_on": dt.date(2025, 3, 1)}, "member_left_union"),
    ],
)
def test_member_rules(client, db, world, member_kwargs, code) -> None:  # type: ignore[no-untyped-def]
    m = make_member(db, world["p77"], surname="Сидорова", **member_kwargs)
    db.commit()
    resp = client.post("/api/v1/orders", json={"member_ref": str(m.onec_ref)}, headers=auth(world["t77"]))
    assert resp.status_code == 422
    assert resp.json["error"]["code"] == code
    assert resp.json["error"]["message"]  # Russian text for the clerk
    assert db.scalar(select(func.count(CardOrder.id))) == 0


def test_unknown_and_other_region_members_look_the_same(client, world) -> None:  # type: ignore[no-untyped-def]
    unknown = client.post(
        "/api/v1/orders", json={"member_ref": str(uuid.uuid4())}, headers=auth(world["t77"])
    )
    foreign = client.post(
        "/api/v1/orders", json={"member_ref": str(world["m50"].onec_ref)}, headers=auth(world["t77"])
    )
    assert unknown.status_code == foreign.status_code == 422
    assert unknown.json["error"]["code"] == foreign.json["error"]["code"] == "member_not_found"
    assert unknown.json["error"]["message"] == foreign.json["error"]["message"]


def test_ambiguous_match_is_rejected_not_guessed(client, db, world) -> None:  # type: ignore[no-untyped-def]
    other_primary = make_primary(db, world["r77"], code="P77-2")
    make_member(db, other_primary)  # same ФИО and birth date as m77, another school
    db.commit()
    body = {"surname": "Иванова", "name": "Мария", "patronymic": "Петровна", "birth_date": "1980-05-17"}
    resp = client.post("/api/v1/orders", json=body, headers=auth(world["t77"]))
    assert resp.status_code == 422 and resp.json["error"]["code"] == "member_ambiguous"
    resp = client.post("/api/v1/orders", json={**body, "organisation": "P77-2"}, headers=auth(world["t77"]))
    assert resp.status_code == 201


def test_duplicate_and_reissue(client, db, world) -> None:  # type: ignore[no-untyped-def]
    ref = str(world["m77"].onec_ref)
    first = client.post("/api/v1/orders", json={"member_ref": ref}, headers=auth(world["t77"]))
    assert first.status_code == 201
    again = client.post("/api/v1/orders", json={"member_ref": ref}, headers=auth(world["t77"]))
    assert again.status_code == 422 and again.json["error"]["code"] == "order_already_open"
    # Cancel the open order; the member still holds no active card, so a first card is allowed again.
    cancel = client.post(f"/api/v1/orders/{first.json['id']}/cancel", headers=auth(world["t77"]))
    assert (
        cancel.status_code == 200
        and cancel.json["state"] == "cancelled"
        and cancel.json["card_state"] == "withdrawn"
    )
    second = client.post("/api/v1/orders", json={"member_ref": ref}, headers=auth(world["t77"]))
    assert second.status_code == 201
    assert second.json["card_number"] != first.json["card_number"]  # numbers are never reused


def test_first_card_refused_when_active_card_but_reissue_allowed(client, db, world) -> None:  # type: ignore[no-untyped-def]
    ref = str(world["m77"].onec_ref)
    first = client.post("/api/v1/orders", json={"member_ref": ref}, headers=auth(world["t77"]))
    order = db.scalar(select(CardOrder).where(CardOrder.public_id == uuid.UUID(first.json["id"])))
    # Pretend the order has been completed so it is no longer open; the card stays active.
    order.state = order.state.__class__("issued")
    card = db.scalar(select(Card).where(Card.order_id == order.id))
    card.state = CardState.ISSUED
    db.commit()
    dup = client.post("/api/v1/orders", json={"member_ref": ref}, headers=auth(world["t77"]))
    assert dup.status_code == 422 and dup.json["error"]["code"] == "card_already_active"
    lost = client.post(
        "/api/v1/orders", json={"member_ref": ref, "reason": "lost"}, headers=auth(world["t77"])
    )
    assert lost.status_code == 201
    db.refresh(card)
    assert card.state is CardState.WITHDRAWN
    assert db.scalar(
        select(OutboxMessage).where(OutboxMessage.card_id == card.id, OutboxMessage.status == "withdrawn")
    )


def test_malformed_requests_name_the_field(client, world) -> None:  # type: ignore[no-untyped-def]
    h = auth(world["t77"])
    cases = [
        ({"member_ref": "not-a-guid"}, "member_ref"),
        ({"surname": "Иванова", "name": "Мария", "birth_date": "17.05.1980"}, "birth_date"),
        ({"member_ref": str(uuid.uuid4()), "reason": "stolen"}, "reason"),
        ({"member_ref": str(uuid.uuid4()), "colour": "red"}, "colour"),
        ({"surname": "Иванова"}, "member_ref"),
    ]
    for body, field in cases:
        resp = client.post("/api/v1/orders", json=body, headers=h)
        assert resp.status_code == 400, body
        assert resp.json["error"]["field"] == field
    resp = client.post("/api/v1/orders", data="{not json", headers={**h, "Content-Type": "application/json"})
    assert resp.status_code == 400 and resp.json["error"]["code"] == "invalid_json"


def test_authentication_and_token_kinds(client, world) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/api/v1/orders", json={}).status_code == 401
    assert client.post("/api/v1/orders", json={}, headers=auth("gw_wrong")).status_code == 401
    # A region token cannot form batches.
    assert client.post("/api/v1/batches", headers=auth(world["t77"])).status_code == 403


def test_region_token_cannot_read_other_regions_orders(client, world) -> None:  # type: ignore[no-untyped-def]
    made = client.post(
        "/api/v1/orders", json={"member_ref": str(world["m50"].onec_ref)}, headers=auth(world["t50"])
    )
    assert made.status_code == 201
    oid = made.json["id"]
    assert client.get(f"/api/v1/orders/{oid}", headers=auth(world["t77"])).status_code == 404
    assert client.post(f"/api/v1/orders/{oid}/cancel", headers=auth(world["t77"])).status_code == 404
    assert (
        client.get(f"/api/v1/cards/{made.json['card_number']}", headers=auth(world["t77"])).status_code == 404
    )
    listing = client.get("/api/v1/orders", headers=auth(world["t77"]))
    assert listing.json["total"] == 0
    assert client.get("/api/v1/orders", headers=auth(world["t50"])).json["total"] == 1
    assert client.get(f"/api/v1/orders/{oid}", headers=auth(world["op"])).status_code == 200


def test_idempotency_key_returns_the_original_answer(client, db, world) -> None:  # type: ignore[no-untyped-def]
    h = {**auth(world["t77"]), "Idempotency-Key": "req-001"}
    body = {"member_ref": str(world["m77"].onec_ref)}
    first = client.post("/api/v1/orders", json=body, headers=h)
    retry = client.post("/api/v1/orders", json=body, headers=h)
    assert first.status_code == retry.status_code == 201
    assert retry.json == first.json and retry.headers.get("Idempotent-Replayed") == "true"
    assert db.scalar(select(func.count(CardOrder.id))) == 1
    other = client.post("/api/v1/orders", json={"member_ref": str(uuid.uuid4())}, headers=h)
    assert other.status_code == 422 and other.json["error"]["code"] == "idempotency_key_reused"


def test_bulk_per_item_results_and_all_or_nothing(client, db, world) -> None:  # type: ignore[no-untyped-def]
    good = make_member(db, world["p77"], surname="Орлова")
    db.commit()
    orders = [
        {"member_ref": str(world["m77"].onec_ref)},
        {"member_ref": str(uuid.uuid4())},
        {"member_ref": str(good.onec_ref)},
        {"member_ref": str(good.onec_ref)},
    ]
    h = auth(world["t77"])
    aon = client.post("/api/v1/orders/bulk", json={"orders": orders, "all_or_nothing": True}, headers=h)
    assert aon.status_code == 200 and aon.json["accepted"] == 0
    assert [r["errors"][0]["code"] for r in aon.json["results"]] == [
        "not_accepted_all_or_nothing",
        "member_not_found",
        "not_accepted_all_or_nothing",
        "duplicate_in_request",
    ]
    assert db.scalar(select(func.count(CardOrder.id))) == 0
    partial = client.post("/api/v1/orders/bulk", json={"orders": orders}, headers=h)
    assert partial.json["accepted"] == 2 and partial.json["rejected"] == 2
    assert [r["accepted"] for r in partial.json["results"]] == [True, False, True, False]
    numbers = [r["order"]["card_number"] for r in partial.json["results"] if r["accepted"]]
    assert len(set(numbers)) == 2


def test_openapi_describes_every_route(app, client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    actual = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = rule.rule
            for arg in rule.arguments:
                path = path.replace(f"<int:{arg}>", "{" + arg + "}").replace(f"<{arg}>", "{" + arg + "}")
            for m in rule.methods - {"HEAD", "OPTIONS"}:
                actual.add((path, m.lower()))
    assert documented == actual
