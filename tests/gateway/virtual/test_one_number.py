"""One ЭПБ number, every form: virtual-only issuance, plastic later with the same number, reissue
voids the number in every form, and the database refuses a second active number."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.models import (
    Card,
    CardForm,
    CardOrder,
    CardState,
    OneCStatus,
    OrderReason,
    OrderSource,
    OrderState,
    OutboxMessage,
)
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.settings import Settings
from gateway.virtual.issue import current_card, forms_of
from tests.factories import make_member, make_primary, make_region

API = Submitter("token:1", OrderSource.API, None)


def _order(db: Session, settings: Settings, member, reason=OrderReason.FIRST, form=CardForm.PLASTIC):  # type: ignore[no-untyped-def]
    (item,) = submit_orders(db, settings, API, [OrderRequest(reason, member_ref=member.onec_ref, form=form)])
    return item


def _messages(db: Session, card_id: int) -> list[dict]:  # type: ignore[type-arg]
    return [
        m.payload
        for m in db.scalars(
            select(OutboxMessage).where(OutboxMessage.card_id == card_id).order_by(OutboxMessage.id)
        )
    ]


@pytest.fixture()
def member(db: Session):  # type: ignore[no-untyped-def]
    return make_member(db, make_primary(db, make_region(db, "77")))


def test_virtual_only_order_is_available_at_once_and_1c_learns_it_as_issued_virtual(
    db: Session, settings: Settings, member
) -> None:
    item = _order(db, settings, member, form=CardForm.VIRTUAL)
    assert item.accepted and item.card_number
    card = db.scalar(select(Card).where(Card.number == item.card_number))
    assert card.state is CardState.VIRTUAL and not card.plastic and card.virtual_at is not None
    assert db.get(CardOrder, item.order_id).state is OrderState.ISSUED
    assert db.get(CardOrder, item.order_id).form is CardForm.VIRTUAL
    (msg,) = _messages(db, card.id)
    assert msg["status"] == OneCStatus.ISSUED.value and msg["form"] == "virtual" and msg["issue_date"]
    assert forms_of(card) == ["virtual"]


def test_a_later_plastic_carries_the_same_number(db: Session, settings: Settings, member) -> None:
    virtual = _order(db, settings, member, form=CardForm.VIRTUAL)
    plastic = _order(db, settings, member, form=CardForm.PLASTIC)
    assert plastic.accepted, plastic.problems
    assert plastic.card_number == virtual.card_number
    card = current_card(db, member.id)
    assert card is not None and card.state is CardState.ALLOCATED and card.plastic
    assert card.order_id == plastic.order_id and forms_of(card) == ["plastic", "virtual"]
    statuses = [(m["status"], m["form"]) for m in _messages(db, card.id)]
    assert statuses == [("issued", "virtual"), ("ordered", "plastic")]
    assert len(db.scalars(select(Card).where(Card.member_id == member.id)).all()) == 1


def test_a_second_virtual_or_first_plastic_is_refused_while_a_number_is_active(
    db: Session, settings: Settings, member
) -> None:
    _order(db, settings, member, form=CardForm.VIRTUAL)
    again = _order(db, settings, member, form=CardForm.VIRTUAL)
    assert not again.accepted and again.problems[0].code == "card_already_active"
    assert "личном кабинете" in again.problems[0].message


@pytest.mark.parametrize("reason", [OrderReason.LOST, OrderReason.DAMAGED, OrderReason.NAME_CHANGED])
def test_reissue_gets_a_new_number_and_voids_the_old_in_every_form(
    db: Session, settings: Settings, member, reason: OrderReason
) -> None:
    first = _order(db, settings, member, form=CardForm.VIRTUAL)
    plastic = _order(db, settings, member, form=CardForm.PLASTIC)  # the same number, now also plastic
    # The plastic went its way and was handed out (the pipeline itself is tested elsewhere).
    db.get(CardOrder, plastic.order_id).state = OrderState.ISSUED
    db.scalar(select(Card).where(Card.number == first.card_number)).state = CardState.ISSUED
    db.flush()
    reissue = _order(db, settings, member, reason=reason, form=CardForm.VIRTUAL)
    assert reissue.accepted and reissue.card_number != first.card_number
    old = db.scalar(select(Card).where(Card.number == first.card_number))
    assert old.state is CardState.WITHDRAWN
    assert _messages(db, old.id)[-1]["status"] == OneCStatus.WITHDRAWN.value
    assert current_card(db, member.id).number == reissue.card_number


def test_the_database_refuses_a_second_active_number(db: Session, settings: Settings, member) -> None:
    item = _order(db, settings, member, form=CardForm.VIRTUAL)
    card = db.scalar(select(Card).where(Card.number == item.card_number))
    twin = Card(
        number="9999999999999995",
        order_id=item.order_id,
        member_id=member.id,
        region_id=card.region_id,
        state=CardState.ALLOCATED,
    )
    db.add(twin)
    with pytest.raises(IntegrityError, match="uq_cards_active_member"):
        db.flush()
    db.rollback()


def test_the_plastic_of_a_virtual_number_goes_into_a_print_batch_with_that_number(
    db: Session, settings: Settings, member
) -> None:
    from gateway.batching.service import form_batches
    from gateway.settings import BatchingRules

    virtual = _order(db, settings, member, form=CardForm.VIRTUAL)
    _order(db, settings, member, form=CardForm.PLASTIC)
    (batch,) = form_batches(
        db, BatchingRules(max_size=5, min_size=1, max_wait_hours=72), actor="test", force=True
    )
    card = db.scalar(select(Card).where(Card.number == virtual.card_number))
    assert card.state is CardState.QUEUED and card.batch_id == batch.id
