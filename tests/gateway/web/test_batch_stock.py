"""Blank-card stock of a batch: drawn = produced + spoiled + test + returned, signed off by the
operator before the batch is shipped (closed), then frozen and kept with the batch."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.models import BatchState, Card, CardOrder, CardState, Event, OrderState, PrintBatch, TokenKind
from tests.factories import auth, make_token
from tests.gateway.web.conftest import post_form
from tests.gateway.web.helpers import order_cards, produce_batch


def _batch_with_a_spoiled_card(db: Session, settings: Any, world: dict[str, Any]) -> PrintBatch:
    """Three cards: two produced, one spoiled (its order produced on a later card)."""
    order_cards(db, settings, [world["m77"], world["m50"]])
    batch = produce_batch(db, settings, dispatch=False)
    cards = db.scalars(select(Card).where(Card.batch_id == batch.id).order_by(Card.id)).all()
    spoiled = Card(
        number="4276000000000017",
        order_id=cards[0].order_id,
        member_id=cards[0].member_id,
        region_id=cards[0].region_id,
        batch_id=batch.id,
        # Spoiled before its member's produced card existed (one active number per member: the
        # database refuses a second active card, so it is written in its final state).
        state=CardState.SPOILED,
        spoiled_at=utcnow(),
    )
    db.add(spoiled)
    db.flush()
    return batch


def test_batch_closes_only_with_a_balanced_signed_off_report(
    client: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    batch = _batch_with_a_spoiled_card(db, settings, world)
    op = make_token(db, TokenKind.OPERATOR)
    db.commit()
    url = f"/api/v1/batches/{batch.id}/stock"

    refused = client.post(f"/api/v1/batches/{batch.id}/dispatch", headers=auth(op))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "stock_not_signed_off"
    assert "отчёт о заготовках" in refused.json["error"]["message"]

    report = client.put(url, json={"drawn": 5, "test_cards": 1, "returned": 0}, headers=auth(op)).json
    assert (report["produced"], report["spoiled"], report["difference"]) == (2, 1, 1)
    unbalanced = client.post(url + "/sign-off", headers=auth(op))
    assert unbalanced.status_code == 409 and unbalanced.json["error"]["code"] == "stock_unbalanced"
    assert "выдано 5, учтено 4" in unbalanced.json["error"]["message"]
    assert "расхождение +1" in unbalanced.json["error"]["message"]

    client.put(
        url, json={"drawn": 5, "test_cards": 1, "returned": 1, "note": "1 карта в сейф"}, headers=auth(op)
    )
    signed = client.post(url + "/sign-off", headers=auth(op))
    assert signed.status_code == 200 and signed.json["signed_off"] and signed.json["balanced"]
    frozen = client.put(url, json={"drawn": 9, "test_cards": 0, "returned": 0}, headers=auth(op))
    assert frozen.status_code == 409 and frozen.json["error"]["code"] == "stock_signed_off"

    shipped = client.post(f"/api/v1/batches/{batch.id}/dispatch", headers=auth(op))
    assert shipped.status_code == 200, shipped.json
    db.expire_all()
    assert db.get(PrintBatch, batch.id).state is BatchState.DISPATCHED
    # Kept with the batch: the frozen counts (dispatched cards still count as produced) and an event.
    kept = client.get(url, headers=auth(op)).json
    assert (kept["drawn"], kept["produced"], kept["spoiled"], kept["test_cards"], kept["returned"]) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert kept["note"] == "1 карта в сейф"
    event = db.scalar(
        select(Event).where(
            Event.entity_type == "batch", Event.entity_id == batch.id, Event.reason == "stock signed off"
        )
    )
    assert event is not None and event.data["drawn"] == 5


def test_report_is_signed_only_for_a_finished_batch_and_counts_are_checked(
    client: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    order_cards(db, settings, [world["m77"]])
    from gateway.batching.service import form_batches

    (batch,) = form_batches(db, settings.batching, actor="test", force=True)
    op = make_token(db, TokenKind.OPERATOR)
    db.commit()
    url = f"/api/v1/batches/{batch.id}/stock"
    bad = client.put(url, json={"drawn": -1}, headers=auth(op))
    assert bad.status_code == 422 and bad.json["error"]["field"] == "drawn"
    assert "целое число" in bad.json["error"]["message"]
    assert client.put(url, json={"drawn": 1}, headers=auth(op)).status_code == 200
    early = client.post(url + "/sign-off", headers=auth(op))
    assert early.status_code == 409 and early.json["error"]["code"] == "batch_not_finished"
    assert (
        db.get(CardOrder, db.scalar(select(Card.order_id).where(Card.batch_id == batch.id))).state
        is OrderState.BATCHED
    )


def test_batch_page_section_records_and_signs_off(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    batch = _batch_with_a_spoiled_card(db, settings, world)
    db.commit()
    client = login_as("operator")
    page = client.get(f"/batches/{batch.id}")
    assert 'id="stock"' in page.text and "Учёт заготовок" in page.text
    url, back = f"/batches/{batch.id}/stock", f"/batches/{batch.id}"
    resp = post_form(
        client,
        url,
        {"drawn": "4", "test_cards": "0", "returned": "0", "action": "sign_off"},
        page_url=back,
        follow_redirects=True,
    )
    assert "Отчёт не сходится: выдано 4, учтено 3" in resp.text
    resp = post_form(
        client,
        url,
        {"drawn": "4", "test_cards": "1", "returned": "0", "action": "sign_off"},
        page_url=back,
        follow_redirects=True,
    )
    assert f"Отчёт о заготовках партии № {batch.id} подписан." in resp.text
    assert 'id="stock-signed"' in resp.text and 'id="stock-sign-off"' not in resp.text
