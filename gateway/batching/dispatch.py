"""Shipping a produced batch to the regions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.errors import DomainError
from gateway.lifecycle import transition
from gateway.models import BatchState, Card, CardOrder, CardState, OrderState, PrintBatch


def undispatched_cards(session: Session, batch: PrintBatch) -> int:
    """Produced cards of ``batch`` not shipped yet."""
    stmt = select(func.count(Card.id)).where(Card.batch_id == batch.id, Card.state == CardState.PRODUCED)
    return session.scalar(stmt) or 0


def dispatch_batch(session: Session, batch: PrintBatch, *, actor: str) -> int:
    """Ship the batch's produced cards to the regions; return how many.

    A batch cancelled while paused keeps the cards it had already printed: they are good, paid-for
    cards, so they ship the same way (the batch itself stays cancelled).
    """
    cards = session.scalars(
        select(Card).where(Card.batch_id == batch.id, Card.state == CardState.PRODUCED).order_by(Card.id)
    ).all()
    if batch.state is BatchState.CANCELLED:
        if not cards:
            raise DomainError(
                "nothing_to_dispatch", "В отменённой партии нет изготовленных карт для отправки.", status=409
            )
    else:
        from gateway.stock.service import require_signed_off

        require_signed_off(session, batch)  # a batch closes only with its blank stock accounted for
        transition(session, batch, BatchState.DISPATCHED, actor=actor, reason="shipped to regions")
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
