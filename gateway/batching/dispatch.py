"""Shipping a produced batch to the regions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.lifecycle import transition
from gateway.models import BatchState, Card, CardOrder, CardState, OrderState, PrintBatch


def dispatch_batch(session: Session, batch: PrintBatch, *, actor: str) -> int:
    transition(session, batch, BatchState.DISPATCHED, actor=actor, reason="shipped to regions")
    cards = session.scalars(
        select(Card).where(Card.batch_id == batch.id, Card.state == CardState.PRODUCED)
    ).all()
    orders = {
        o.id: o
        for o in session.scalars(select(CardOrder).where(CardOrder.id.in_([c.order_id for c in cards])))
    }
    for card in cards:
        transition(session, card, CardState.DISPATCHED, actor=actor, reason=f"batch {batch.id} dispatched")
        order = orders[card.order_id]
        if order.state is OrderState.PRODUCED:
            transition(
                session, order, OrderState.DISPATCHED, actor=actor, reason=f"batch {batch.id} dispatched"
            )
    return len(cards)
