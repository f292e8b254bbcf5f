"""Cancelling an order before its card is printed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.batching.adjust import remove_card_from_batch
from gateway.errors import DomainError
from gateway.lifecycle import transition
from gateway.models import Card, CardOrder, CardState, OrderState

CANCELLABLE_CARD_STATES = (CardState.ALLOCATED, CardState.QUEUED)


def current_card(session: Session, order: CardOrder, *, lock: bool = False) -> Card | None:
    """The order's newest card (a spoiled card's replacement is newer)."""
    stmt = select(Card).where(Card.order_id == order.id).order_by(Card.id.desc()).limit(1)
    if lock:
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def cancel_order(session: Session, order: CardOrder, *, actor: str, reason: str) -> Card | None:
    """Cancel ``order`` and withdraw its card (its number is kept, never reused). Flushes only.

    The card row is locked first, so a print station cannot claim it while it is being withdrawn.
    """
    card = current_card(session, order, lock=True)
    if card is not None and card.state not in CANCELLABLE_CARD_STATES:
        raise DomainError(
            "too_late_to_cancel", "Карта уже печатается или изготовлена: заказ нельзя отменить.", status=409
        )
    transition(session, order, OrderState.CANCELLED, actor=actor, reason=reason)
    if card is not None:
        transition(session, card, CardState.WITHDRAWN, actor=actor, reason="order cancelled")
        if card.batch_id is not None:
            remove_card_from_batch(session, card)
    return card
