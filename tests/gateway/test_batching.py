"""Batching rules: size limits, minimum size or maximum wait, reissues first, per-region counts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gateway.batching.adjust import cancel_batch
from gateway.batching.service import form_batches
from gateway.db.base import utcnow
from gateway.models import (
    BatchRegionCount,
    Card,
    CardOrder,
    CardState,
    Event,
    OrderReason,
    OrderSource,
    OrderState,
    TokenKind,
)
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.settings import BatchingRules, RegionBatching
from tests.factories import auth, make_member, make_primary, make_region, make_token


def _orders(db, settings, region, n: int, reason: OrderReason = OrderReason.FIRST, age_hours: float = 0):  # type: ignore[no-untyped-def]
    primary = make_primary(db, region)
    members = [make_member(db, primary, surname=f"Член{region.region_code}_{i}_{reason}") for i in range(n)]
    if reason.is_reissue:  # a reissue needs a card to replace: each member had one, handed out
        for it in submit_orders(
            db,
            settings,
            Submitter("test", OrderSource.API, None),
            [OrderRequest(OrderReason.FIRST, member_ref=m.onec_ref) for m in members],
        ):
            db.get(CardOrder, it.order_id).state = OrderState.ISSUED
            db.scalar(select(Card).where(Card.order_id == it.order_id)).state = CardState.ISSUED
        db.flush()
    items = submit_orders(
        db,
        settings,
        Submitter("test", OrderSource.API, None),
        [OrderRequest(reason, member_ref=m.onec_ref) for m in members],
    )
    assert all(it.accepted for it in items)
    if age_hours:
        created = utcnow() - dt.timedelta(hours=age_hours)
        for o in db.scalars(select(CardOrder).where(CardOrder.id.in_([it.order_id for it in items]))):
            o.created_at = created
    db.flush()
    return [it.order_id for it in items]


def test_min_size_max_size_and_per_region_counts(db, settings) -> None:  # type: ignore[no-untyped-def]
    r77, r50 = make_region(db, "77"), make_region(db, "50")
    _orders(db, settings, r77, 7)
    _orders(db, settings, r50, 4)
    rules = BatchingRules(max_size=5, min_size=3, max_wait_hours=72)
    batches = form_batches(db, rules, actor="test")
    # 11 waiting: 5 + 5 formed (each ≥ min 3), the last 1 waits (below min, not overdue).
    assert [b.card_count for b in batches] == [5, 5]
    waiting = db.scalars(select(CardOrder).where(CardOrder.state == OrderState.ACCEPTED)).all()
    assert len(waiting) == 1
    counts = db.scalars(select(BatchRegionCount)).all()
    assert sum(c.card_count for c in counts) == 10
    assert all(c.unit_cost_rub == rules.card_cost_rub for c in counts)
    cards = db.scalars(select(Card).where(Card.batch_id == batches[0].id)).all()
    assert len(cards) == 5 and all(c.state is CardState.QUEUED for c in cards)
    assert (
        db.scalar(
            select(Event).where(Event.entity_type == "batch", Event.entity_id == batches[0].id)
        ).to_state
        == "formed"
    )


def test_nothing_waits_forever(db, settings) -> None:  # type: ignore[no-untyped-def]
    r77 = make_region(db, "77")
    _orders(db, settings, r77, 2, age_hours=1)
    rules = BatchingRules(max_size=100, min_size=50, max_wait_hours=24)
    assert form_batches(db, rules, actor="test") == []
    later = utcnow() + dt.timedelta(hours=24)
    batches = form_batches(db, rules, actor="test", now=later)
    assert [b.card_count for b in batches] == [2]
    assert "waited" in batches[0].formed_reason


def test_region_override_of_wait(db, settings) -> None:  # type: ignore[no-untyped-def]
    r77, r50 = make_region(db, "77"), make_region(db, "50")
    _orders(db, settings, r77, 2, age_hours=30)
    _orders(db, settings, r50, 2, age_hours=30)
    rules = BatchingRules(
        max_size=100,
        min_size=50,
        max_wait_hours=72,
        split_by_region=True,
        regions={"77": RegionBatching(max_wait_hours=24)},
    )
    batches = form_batches(db, rules, actor="test")
    assert len(batches) == 1 and batches[0].region_id == r77.id


def test_reissues_jump_the_queue(db, settings) -> None:  # type: ignore[no-untyped-def]
    r77 = make_region(db, "77")
    firsts = _orders(db, settings, r77, 4, age_hours=10)
    reissues = _orders(db, settings, r77, 2, reason=OrderReason.LOST)
    batches = form_batches(db, BatchingRules(max_size=3, min_size=3), actor="test")
    first_batch = set(db.scalars(select(CardOrder.id).where(CardOrder.batch_id == batches[0].id)))
    assert set(reissues) <= first_batch and len(first_batch & set(firsts)) == 1


def test_operator_closes_early_and_cancel_returns_orders(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    r77 = make_region(db, "77")
    _orders(db, settings, r77, 2)
    op = make_token(db, TokenKind.OPERATOR)
    db.commit()
    resp = client.post("/api/v1/batches", json={}, headers=auth(op))
    assert resp.status_code == 201
    [batch] = resp.json["items"]
    assert batch["card_count"] == 2 and batch["regions"][0]["region_code"] == "77"
    assert batch["regions"][0]["cost_rub"] == pytest.approx(2 * settings.batching.card_cost_rub)
    cancel = client.post(f"/api/v1/batches/{batch['id']}/cancel", headers=auth(op))
    assert cancel.status_code == 200 and cancel.json["state"] == "cancelled"
    assert {o.state for o in db.scalars(select(CardOrder))} == {OrderState.ACCEPTED}
    assert {c.state for c in db.scalars(select(Card))} == {CardState.ALLOCATED}
    again = client.post(f"/api/v1/batches/{batch['id']}/cancel", headers=auth(op))
    assert again.status_code == 409 and again.json["error"]["code"] == "illegal_transition"


def test_illegal_transition_is_refused(db, settings) -> None:  # type: ignore[no-untyped-def]
    from gateway.errors import DomainError
    from gateway.lifecycle import transition

    r77 = make_region(db, "77")
    [oid] = _orders(db, settings, r77, 1)
    card = db.scalar(select(Card).where(Card.order_id == oid))
    with pytest.raises(DomainError) as exc:
        transition(db, card, CardState.ISSUED, actor="test")
    assert exc.value.code == "illegal_transition" and "«Номер присвоен»" in exc.value.message
    batch = form_batches(db, BatchingRules(), actor="test", force=True)[0]
    cancel_batch(db, batch, actor="test", reason="t")


def test_cards_printed_before_a_batch_was_cancelled_can_still_ship(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    from gateway.lifecycle import transition
    from gateway.models import BatchState, PrintBatch
    from gateway.printing.station import cancel

    r77 = make_region(db, "77")
    _orders(db, settings, r77, 3)
    [batch] = form_batches(db, BatchingRules(max_size=10, min_size=1), actor="test", force=True)
    cards = db.scalars(select(Card).where(Card.batch_id == batch.id).order_by(Card.id)).all()
    transition(db, batch, BatchState.PRINTING, actor="test")
    transition(db, cards[0], CardState.PRINTING, actor="test")
    transition(db, cards[0], CardState.PRODUCED, actor="test")
    transition(db, batch, BatchState.PAUSED, actor="test")
    cancel(db, batch, actor="test")  # the two unprinted cards go back to the pool
    op = make_token(db, TokenKind.OPERATOR)
    db.commit()

    page = client.get(f"/api/v1/batches/{batch.id}", headers=auth(op))
    assert page.json["state"] == "cancelled"
    resp = client.post(f"/api/v1/batches/{batch.id}/dispatch", headers=auth(op))
    assert resp.status_code == 200, resp.json
    db.expire_all()
    assert db.get(PrintBatch, batch.id).state is BatchState.CANCELLED
    assert db.get(Card, cards[0].id).state is CardState.DISPATCHED
    assert db.get(CardOrder, cards[0].order_id).state is OrderState.DISPATCHED
    assert {db.get(Card, c.id).state for c in cards[1:]} == {CardState.ALLOCATED}
    again = client.post(f"/api/v1/batches/{batch.id}/dispatch", headers=auth(op))
    assert again.status_code == 409 and again.json["error"]["code"] == "nothing_to_dispatch"
