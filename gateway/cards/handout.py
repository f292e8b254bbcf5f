"""A region reports a card handed to the member («Выдан») or refused by them («Отказ»)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gateway.lifecycle import transition
from gateway.models import Card, CardOrder, CardState, OrderState

_ORDER_STATE = {CardState.ISSUED: OrderState.ISSUED, CardState.REFUSED: OrderState.REFUSED}


def mark_card(session: Session, card: Card, target: CardState, *, actor: str) -> None:
    """Card and order move together; the card transition writes the outbox row for 1C."""
    transition(session, card, target, actor=actor)
    order = session.get(CardOrder, card.order_id)
    assert order is not None
    if order.state is OrderState.DISPATCHED:
        transition(session, order, _ORDER_STATE[target], actor=actor)
