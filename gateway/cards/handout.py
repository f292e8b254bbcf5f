"""A region reports a card handed to the member («Выдан») or refused by them («Отказ»)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.lifecycle import ONEC_STATUS_FOR_CARD, transition
from gateway.models import Card, CardOrder, CardState, Event, OrderState, OutboxMessage, OutboxState

_ORDER_STATE = {CardState.ISSUED: OrderState.ISSUED, CardState.REFUSED: OrderState.REFUSED}

# A mark made by mistake (wrong card scanned, «Отказ» instead of «Выдан») can be undone by its
# author for this long, as long as 1C has not been told. The status for 1C waits one minute more
# than the window before delivery may take it, so an undo can never race a push in flight.
UNDO_MINUTES = 10
HOLD_MINUTES = UNDO_MINUTES + 1
UNDO_REASON = "undo: mistaken mark"


def mark_card(
    session: Session,
    card: Card,
    target: CardState,
    *,
    actor: str,
    reason: str | None = None,
    hold_for_undo: bool = False,
) -> None:
    """Card and order move together; the card transition writes the outbox row for 1C.
    ``reason``: why a member refused (kept in the history); ``hold_for_undo``: the status waits
    ``HOLD_MINUTES`` before delivery, so its author can still take it back (web marks)."""
    transition(session, card, target, actor=actor, reason=reason)
    order = session.get(CardOrder, card.order_id)
    assert order is not None
    if order.state is OrderState.DISPATCHED:
        transition(session, order, _ORDER_STATE[target], actor=actor, reason=reason)
    if hold_for_undo:
        session.flush()
        message = _pending_status(session, card, target)
        if message is not None:
            message.next_attempt_at = utcnow() + dt.timedelta(minutes=HOLD_MINUTES)


def _pending_status(
    session: Session, card: Card, target: CardState, lock: bool = False
) -> OutboxMessage | None:
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.card_id == card.id, OutboxMessage.status == ONEC_STATUS_FOR_CARD[target])
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return session.scalar(stmt.with_for_update() if lock else stmt)


def undo_mark(session: Session, card: Card, *, actor: str, now: dt.datetime | None = None) -> CardState:
    """Take back one's own «Выдан» / «Отказ» within ``UNDO_MINUTES`` while its status has not
    left for 1C: the card and the order are «Отправлен в регион» again and the status message is
    removed. Returns the state that was undone. Flushes only."""
    now = now or utcnow()
    marked = card.state
    if marked not in _ORDER_STATE:
        raise DomainError(
            "undo_nothing", "Отменять нечего: карта не отмечена «Выдан» или «Отказ».", status=409
        )
    last = session.scalar(
        select(Event)
        .where(Event.entity_type == "card", Event.entity_id == card.id)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    )
    if last is None or last.to_state != marked.value or last.actor != actor:
        raise DomainError("undo_not_yours", "Отменить можно только свою последнюю отметку.", status=409)
    at = last.created_at if last.created_at.tzinfo else last.created_at.replace(tzinfo=dt.UTC)
    message = _pending_status(session, card, marked, lock=True)
    held = message is not None and message.next_attempt_at.replace(
        tzinfo=message.next_attempt_at.tzinfo or dt.UTC
    )
    if (
        now - at > dt.timedelta(minutes=UNDO_MINUTES)
        or message is None
        or message.state is not OutboxState.PENDING
        or message.attempts
        or not held
        or held <= now
    ):
        raise DomainError(
            "undo_too_late",
            f"Отметку можно отменить только в первые {UNDO_MINUTES} минут, пока статус не передан в 1С.",
            status=409,
        )
    session.delete(message)
    dispatched_at = card.dispatched_at
    transition(session, card, CardState.DISPATCHED, actor=actor, reason=UNDO_REASON)
    card.dispatched_at = dispatched_at  # still the day it was shipped
    card.issued_at = None
    card.refused_at = None
    order = session.get(CardOrder, card.order_id)
    assert order is not None
    if order.state is _ORDER_STATE[marked]:
        transition(session, order, OrderState.DISPATCHED, actor=actor, reason=UNDO_REASON)
    return marked
