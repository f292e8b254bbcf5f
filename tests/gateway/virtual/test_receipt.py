"""The member confirms receipt through the partner API: issued / refused, «Выдан» / «Отказ» in the
outbox for 1C, and the history names who confirmed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import Card, CardForm, CardOrder, CardState, Event, Member, OrderState, OutboxMessage
from gateway.settings import Settings

from .conftest import Partner, order


def _dispatched(db: Session, settings: Settings, member: Member) -> Card:
    card = order(db, settings, member, form=CardForm.PLASTIC)
    # The print pipeline is tested elsewhere; here the card simply arrives in the region.
    card.state = CardState.DISPATCHED
    db.get(CardOrder, card.order_id).state = OrderState.DISPATCHED
    db.flush()
    return card


def test_received_makes_the_card_issued_and_tells_1c(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    card = _dispatched(db, settings, member)
    url = f"/api/v1/partner/members/{member.onec_ref}/card"
    assert client.get(url, headers=full_partner.headers).json["can_confirm_receipt"] is True
    answer = client.post(f"{url}/receipt", json={"answer": "received"}, headers=full_partner.headers)
    assert (
        answer.status_code == 200
        and answer.json["state"] == "issued"
        and answer.json["state_label"] == "Выдан"
    )
    db.refresh(card)
    assert card.state is CardState.ISSUED and db.get(CardOrder, card.order_id).state is OrderState.ISSUED
    event = db.scalar(
        select(Event).where(
            Event.entity_type == "card", Event.entity_id == card.id, Event.to_state == "issued"
        )
    )
    assert event.actor == f"member via partner:{full_partner.id}"
    message = db.scalar(
        select(OutboxMessage).where(OutboxMessage.card_id == card.id, OutboxMessage.status == "issued")
    )
    assert message.payload["form"] == "plastic"
    again = client.post(f"{url}/receipt", json={"answer": "received"}, headers=full_partner.headers)
    assert again.status_code == 409 and again.json["error"]["code"] == "receipt_not_expected"


def test_declined_makes_the_card_refused_with_the_reason_in_history(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    card = _dispatched(db, settings, member)
    url = f"/api/v1/partner/members/{member.onec_ref}/card/receipt"
    answer = client.post(
        url, json={"answer": "declined", "reason": "уже есть виртуальный"}, headers=full_partner.headers
    )
    assert answer.status_code == 200 and answer.json["state"] == "refused"
    event = db.scalar(select(Event).where(Event.entity_id == card.id, Event.to_state == "refused"))
    assert event.reason == "уже есть виртуальный" and event.actor.startswith("member via partner:")
    assert (
        db.scalar(
            select(OutboxMessage.status)
            .where(OutboxMessage.card_id == card.id)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        == "refused"
    )


def test_receipt_for_a_virtual_card_is_refused(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    order(db, settings, member)
    r = client.post(
        f"/api/v1/partner/members/{member.onec_ref}/card/receipt", json={"answer": "received"},
        headers=full_partner.headers,
    )  # fmt: skip
    assert r.status_code == 409
    bad = client.post(
        f"/api/v1/partner/members/{member.onec_ref}/card/receipt", json={"answer": "maybe"},
        headers=full_partner.headers,
    )  # fmt: skip
    assert bad.status_code == 400
