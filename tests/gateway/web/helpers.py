"""Bring orders and cards into the states the pages show, through the real services."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.batching.dispatch import dispatch_batch
from gateway.batching.service import form_batches
from gateway.lifecycle import transition
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardState,
    Member,
    OrderReason,
    OrderSource,
    OrderState,
    PrintBatch,
)
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.settings import Settings


def order_cards(session: Session, settings: Settings, members: list[Member]) -> list[Card]:
    by_region: dict[int | None, list[Member]] = {}
    for m in members:
        by_region.setdefault(m.region_id, []).append(m)
    for region_id, group in by_region.items():
        items = submit_orders(
            session,
            settings,
            Submitter(actor="test", source=OrderSource.API, region_id=region_id),
            [OrderRequest(reason=OrderReason.FIRST, member_ref=m.onec_ref) for m in group],
        )
        assert all(it.accepted for it in items), [it.problems for it in items]
    session.flush()
    return list(session.scalars(select(Card).where(Card.member_id.in_([m.id for m in members]))))


def produce_batch(session: Session, settings: Settings, *, dispatch: bool = True) -> PrintBatch:
    """Form a batch of everything waiting and move it through printing as a station would."""
    (batch,) = form_batches(session, settings.batching, actor="test", force=True)
    transition(session, batch, BatchState.PRINTING, actor="test")
    for card in session.scalars(select(Card).where(Card.batch_id == batch.id)):
        transition(session, card, CardState.PRINTING, actor="test")
        transition(session, card, CardState.PRODUCED, actor="test")
        order = session.get(CardOrder, card.order_id)
        assert order is not None
        transition(session, order, OrderState.PRODUCED, actor="test")
    transition(session, batch, BatchState.PRODUCED, actor="test")
    if dispatch:
        from gateway.stock import service as stock

        stock.record(
            session, batch, drawn=batch.card_count, test_cards=0, returned=0, note=None, actor="test"
        )
        stock.sign_off(session, batch, actor="test")
        dispatch_batch(session, batch, actor="test")
    session.flush()
    return batch
