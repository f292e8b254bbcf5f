"""Changes to a formed batch: a card leaving it, the whole batch cancelled before printing."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from gateway.lifecycle import transition
from gateway.models import BatchRegionCount, BatchState, Card, CardOrder, CardState, OrderState, PrintBatch


def remove_card_from_batch(session: Session, card: Card) -> None:
    """Keep the batch's counts (and so the cost statement) true when a card is withdrawn from it."""
    batch_id = card.batch_id
    if batch_id is None:
        return
    session.execute(
        update(PrintBatch).where(PrintBatch.id == batch_id).values(card_count=PrintBatch.card_count - 1)
    )
    session.execute(
        update(BatchRegionCount)
        .where(BatchRegionCount.batch_id == batch_id, BatchRegionCount.region_id == card.region_id)
        .values(card_count=BatchRegionCount.card_count - 1)
    )
    session.execute(
        delete(BatchRegionCount).where(
            BatchRegionCount.batch_id == batch_id, BatchRegionCount.card_count <= 0
        )
    )


def cancel_batch(session: Session, batch: PrintBatch, *, actor: str, reason: str) -> int:
    """Cancel a batch that has not produced anything: its orders go back to the waiting pool."""
    produced = session.scalar(
        select(Card.id)
        .where(Card.batch_id == batch.id, Card.state.not_in([CardState.QUEUED, CardState.WITHDRAWN]))
        .limit(1)
    )
    if produced is not None:
        from gateway.errors import DomainError

        raise DomainError(
            "batch_started",
            "В партии уже есть напечатанные или печатающиеся карты: отмените оставшиеся карты по одной или приостановите партию.",
            status=409,
        )
    transition(session, batch, BatchState.CANCELLED, actor=actor, reason=reason)
    cards = session.scalars(
        select(Card).where(Card.batch_id == batch.id, Card.state == CardState.QUEUED)
    ).all()
    orders = {o.id: o for o in session.scalars(select(CardOrder).where(CardOrder.batch_id == batch.id))}
    for card in cards:
        transition(session, card, CardState.ALLOCATED, actor=actor, reason=f"batch {batch.id} cancelled")
        card.batch_id = None
        card.batched_at = None
    for order in orders.values():
        if order.state is OrderState.BATCHED:
            transition(session, order, OrderState.ACCEPTED, actor=actor, reason=f"batch {batch.id} cancelled")
        order.batch_id = None
    return len(cards)
