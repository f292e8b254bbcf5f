"""A spoiled card's story in 1C: «Заказан» then «Аннулирован»; its replacement, a new card with a
new number, «Заказан» then «Изготовлен». The reconciliation report finds no story half-told."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gateway.db.session import unit_of_work
from gateway.lifecycle import record_ordered, transition
from gateway.models import Card, CardState, OneCStatus, OutboxMessage
from gateway.printing.station import spoil_and_replace
from gateway.sync.reconcile import half_told_cards
from tests.gateway.printing.conftest import make_batch


def _told(session: Any, card_id: int) -> list[OneCStatus]:
    return list(
        session.scalars(
            select(OutboxMessage.status).where(OutboxMessage.card_id == card_id).order_by(OutboxMessage.id)
        )
    )


def test_spoiled_card_is_annulled_in_1c_and_its_replacement_ordered_before_it_is_made(app: Any) -> None:
    settings = app.extensions["gateway.settings"]
    demo = make_batch(app, {"77": 1})
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        card = s.scalars(select(Card).where(Card.batch_id == demo.batch_id)).one()
        record_ordered(s, card)  # what the intake told 1C when the order was accepted
        from gateway.models import BatchState, PrintBatch

        batch = s.get(PrintBatch, demo.batch_id)
        assert batch is not None
        transition(s, batch, BatchState.PRINTING, actor="test")
        transition(s, card, CardState.PRINTING, actor="test")
        replacement = spoil_and_replace(
            s, settings, card, actor="station:main", reason="encode_failed", data={}
        )
        s.flush()
        transition(s, replacement, CardState.PRINTING, actor="test")
        transition(s, replacement, CardState.PRODUCED, actor="test")
        s.flush()

        assert replacement.number != card.number
        assert _told(s, card.id) == [OneCStatus.ORDERED, OneCStatus.WITHDRAWN]
        assert _told(s, replacement.id) == [OneCStatus.ORDERED, OneCStatus.PRODUCED]
        assert half_told_cards(s) == 0


def test_reconciliation_counts_a_half_told_story(app: Any) -> None:
    demo = make_batch(app, {"77": 1})
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        card = s.scalars(select(Card).where(Card.batch_id == demo.batch_id)).one()
        record_ordered(s, card)
        s.flush()
        # As the gateway left it before: spoiled with no «Аннулирован», a replacement never «Заказан».
        card.state = CardState.SPOILED
        s.add(
            Card(
                number="9643007799999996",
                order_id=card.order_id,
                member_id=card.member_id,
                region_id=card.region_id,
                state=CardState.ALLOCATED,
                replaces_card_id=card.id,
            )
        )
        s.flush()
        assert half_told_cards(s) == 2
