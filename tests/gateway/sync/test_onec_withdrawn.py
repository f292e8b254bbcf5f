"""1C card-order documents withdrawn after they were taken in (marked for deletion, unposted): their
orders are cancelled while the card can still be stopped, and flagged for the operators when not.

Real path: the 1C emulator in its own process, changes made through its admin endpoint, the full
and incremental syncs over HTTP, PostgreSQL with real commits."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.onec.registry import ODataRegistry
from gateway.batching.service import form_batches
from gateway.lifecycle import transition
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardState,
    Event,
    Member,
    OneCOrderLine,
    OneCStatus,
    OrderState,
    OutboxMessage,
    OutboxState,
    PrintBatch,
)
from gateway.orders.cancel import current_card
from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync
from gateway.sync.outbox import deliver_outbox
from gateway.sync.reconcile import reconciliation_report

from .conftest import SyncEnv

COUNTS = ("order_lines_withdrawn", "order_lines_withdrawal_too_late")


def _synced(env: SyncEnv, mode: str = "exchange_plan") -> ODataRegistry:
    env.settings = env.settings.model_copy(
        update={"sync": env.settings.sync.model_copy(update={"change_detection": mode})}
    )
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    _incremental(env, reg)  # drain the changes earlier tests left in the emulator
    return reg


def _incremental(env: SyncEnv, reg: ODataRegistry) -> dict[str, Any]:
    result = run_incremental_sync(env.factory, env.engine, env.settings, reg)
    assert result["state"] == "succeeded"
    return result


def _withdrawal_counts(result: dict[str, Any]) -> tuple[int, int]:
    return tuple(result["counts"].get(k, 0) for k in COUNTS)  # type: ignore[return-value]


def _ordered_in_1c(env: SyncEnv, reg: ODataRegistry, n: int) -> tuple[str, list[int]]:
    """A 1C document ordering cards for ``n`` free members, taken in; (document ref, order ids by line)."""
    with env.factory() as s:
        free = s.scalars(
            select(Member.onec_ref)
            .where(~Member.deletion_mark, Member.left_on.is_(None), Member.consent)
            .where(~Member.id.in_(select(Card.member_id)))
            .order_by(Member.id)
            .limit(n)
        ).all()
    assert len(free) == n
    (doc,) = env.emulator.mutate("card_order_created", members=[str(r) for r in free])
    result = _incremental(env, reg)
    assert result["counts"].get("order_lines_accepted", 0) >= n
    lines = _lines(env, doc)
    assert len(lines) == n and all(line.accepted and line.order_id for line in lines)
    return doc, [line.order_id for line in lines]  # type: ignore[misc]


def _lines(env: SyncEnv, doc: str) -> list[OneCOrderLine]:
    with env.factory() as s:
        return list(
            s.scalars(
                select(OneCOrderLine)
                .where(OneCOrderLine.document_ref == uuid.UUID(doc))
                .order_by(OneCOrderLine.line_number)
            )
        )


def _order_and_card(env: SyncEnv, order_id: int) -> tuple[CardOrder, Card]:
    with env.factory() as s:
        order = s.get(CardOrder, order_id)
        assert order is not None
        card = current_card(s, order)
        assert card is not None
        s.expunge_all()
        return order, card


def _too_late(line: OneCOrderLine) -> list[dict[str, Any]]:
    return [p for p in line.problems or [] if p.get("code") == "withdrawn_too_late"]


@pytest.mark.parametrize("mode", ["exchange_plan", "data_version"])
def test_deletion_marked_document_cancels_its_order_once(env: SyncEnv, mode: str) -> None:
    reg = _synced(env, mode)
    doc, (order_id,) = _ordered_in_1c(env, reg, 1)
    _, card_before = _order_and_card(env, order_id)

    env.emulator.mutate("card_order_marked_deleted", document=doc)
    result = _incremental(env, reg)
    assert _withdrawal_counts(result) == (1, 0)
    order, card = _order_and_card(env, order_id)
    assert order.state is OrderState.CANCELLED
    assert card.id == card_before.id and card.state is CardState.WITHDRAWN
    assert card.number == card_before.number  # the number is kept, never reused
    with env.factory() as s:
        event = s.scalars(
            select(Event).where(
                Event.entity_type == "order", Event.entity_id == order_id, Event.to_state == "cancelled"
            )
        ).one()
        assert event.actor == "1c" and "marked for deletion" in (event.reason or "")
        # The «Заказан» message stays ahead of «Аннулирован», as after a cancellation in the web UI.
        statuses = s.scalars(
            select(OutboxMessage.status).where(OutboxMessage.card_id == card.id).order_by(OutboxMessage.id)
        ).all()
        assert statuses == [OneCStatus.ORDERED, OneCStatus.WITHDRAWN]
    (line,) = _lines(env, doc)
    assert line.accepted and not _too_late(line)

    # (b) Seen again: nothing more happens and nothing is counted twice.
    env.emulator.mutate("card_order_unposted", document=doc)
    again = _incremental(env, reg)
    assert _withdrawal_counts(again) == (0, 0)
    if mode == "data_version":
        # Nothing left to cancel: the withdrawn document is not even read again.
        assert again["counts"].get("card_order_changed", 0) == 0
    else:
        assert again["counts"].get("card_orders_skipped", 0) >= 1
    with env.factory() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(Event)
                .where(
                    Event.entity_type == "order", Event.entity_id == order_id, Event.to_state == "cancelled"
                )
            )
            == 1
        )
        assert (
            s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.card_id == card.id))
            == 2
        )
    reg.close()


def test_withdrawn_cards_status_reaches_1c_after_the_ordered_one(env: SyncEnv) -> None:
    reg = _synced(env)
    doc, (order_id,) = _ordered_in_1c(env, reg, 1)
    env.emulator.mutate("card_order_marked_deleted", document=doc)
    _incremental(env, reg)
    _, card = _order_and_card(env, order_id)
    before = reg.count_statuses()
    report = deliver_outbox(env.factory, env.engine, env.settings.sync, env.registry, max_seconds=60)
    assert report.failed == 0 and report.stopped is None
    with env.factory() as s:
        messages = s.scalars(
            select(OutboxMessage).where(OutboxMessage.card_id == card.id).order_by(OutboxMessage.id)
        ).all()
        assert [m.state for m in messages] == [OutboxState.DELIVERED, OutboxState.DELIVERED]
        assert messages[0].delivered_at is not None and messages[1].delivered_at is not None
        assert messages[0].delivered_at <= messages[1].delivered_at
    after = reg.count_statuses()
    assert after["cancelled"] == before.get("cancelled", 0) + 1
    reg.close()


def test_too_late_orders_stay_and_their_lines_carry_the_problem(env: SyncEnv) -> None:
    reg = _synced(env)
    doc, (printing_id, produced_id, queued_id) = _ordered_in_1c(env, reg, 3)
    # Put every waiting order into batches, then start printing one card and finish another.
    with env.factory() as s:
        form_batches(s, env.settings.batching, actor="test", force=True)
        cards = {
            oid: current_card(s, o)
            for oid in (printing_id, produced_id, queued_id)
            if (o := s.get(CardOrder, oid))
        }
        assert all(c is not None and c.state is CardState.QUEUED and c.batch_id for c in cards.values())
        for oid in (printing_id, produced_id):
            card = cards[oid]
            assert card is not None
            batch = s.get(PrintBatch, card.batch_id)
            assert batch is not None
            if batch.state is BatchState.FORMED:
                transition(s, batch, BatchState.PRINTING, actor="test")
            transition(s, card, CardState.PRINTING, actor="test")
        produced_card = cards[produced_id]
        assert produced_card is not None
        transition(s, produced_card, CardState.PRODUCED, actor="test")
        produced_order = s.get(CardOrder, produced_id)
        assert produced_order is not None
        transition(s, produced_order, OrderState.PRODUCED, actor="test")
        queued_card = cards[queued_id]
        assert queued_card is not None
        queued_batch = queued_card.batch_id
        queued_batch_size = s.get(PrintBatch, queued_batch).card_count  # type: ignore[union-attr]
        s.commit()

    env.emulator.mutate("card_order_marked_deleted", document=doc)
    result = _incremental(env, reg)  # succeeds although two orders cannot be cancelled
    assert _withdrawal_counts(result) == (1, 2)
    printing, printing_card = _order_and_card(env, printing_id)
    assert printing.state is OrderState.BATCHED and printing_card.state is CardState.PRINTING
    produced, produced_card = _order_and_card(env, produced_id)
    assert produced.state is OrderState.PRODUCED and produced_card.state is CardState.PRODUCED
    queued, queued_card = _order_and_card(env, queued_id)
    assert queued.state is OrderState.CANCELLED and queued_card.state is CardState.WITHDRAWN
    with env.factory() as s:
        assert s.get(PrintBatch, queued_batch).card_count == queued_batch_size - 1  # type: ignore[union-attr]
    lines = {line.order_id: line for line in _lines(env, doc)}
    for oid in (printing_id, produced_id):
        (problem,) = _too_late(lines[oid])
        assert "помечен на удаление" in problem["message"] and "не отменён" in problem["message"]
        assert lines[oid].accepted
    assert not _too_late(lines[queued_id])
    with env.factory() as s:
        report = reconciliation_report(s, reg)
    (difference,) = [d for d in report["differences"] if d["kind"] == "onec_order_lines_withdrawn_too_late"]
    assert difference["count"] == 2

    # Seen again: the problem is not added twice, nothing is counted again.
    env.emulator.mutate("card_order_unposted", document=doc)
    again = _incremental(env, reg)
    assert _withdrawal_counts(again) == (0, 0)
    for line in _lines(env, doc):
        assert len(_too_late(line)) == (1 if line.order_id in (printing_id, produced_id) else 0)
    reg.close()


@pytest.mark.parametrize("mode", ["exchange_plan", "data_version"])
def test_unposted_document_withdraws_like_a_deletion_mark(env: SyncEnv, mode: str) -> None:
    reg = _synced(env, mode)
    doc, (order_id,) = _ordered_in_1c(env, reg, 1)
    env.emulator.mutate("card_order_unposted", document=doc)
    # A document unposted before the gateway ever saw it: its lines are never taken in.
    with env.factory() as s:
        free = s.scalars(
            select(Member.onec_ref)
            .where(~Member.deletion_mark, Member.left_on.is_(None), Member.consent)
            .where(~Member.id.in_(select(Card.member_id)))
            .limit(2)
        ).all()
    (unseen,) = env.emulator.mutate("card_order_created", members=[str(r) for r in free])
    env.emulator.mutate("card_order_unposted", document=unseen)

    result = _incremental(env, reg)
    assert _withdrawal_counts(result) == (1, 0)
    order, card = _order_and_card(env, order_id)
    assert order.state is OrderState.CANCELLED and card.state is CardState.WITHDRAWN
    with env.factory() as s:
        reason = s.scalars(
            select(Event.reason).where(
                Event.entity_type == "order", Event.entity_id == order_id, Event.to_state == "cancelled"
            )
        ).one()
        assert reason is not None and "unposted" in reason
    assert _lines(env, unseen) == []
    with env.factory() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(CardOrder)
                .where(CardOrder.member_id.in_(select(Member.id).where(Member.onec_ref.in_(free))))
            )
            == 0
        )
    reg.close()


def test_full_sync_sees_a_withdrawal_too(env: SyncEnv) -> None:
    """A full sync reads posted documents only; the documents behind orders in flight are looked
    at again at its end, so a withdrawn one cancels its orders without waiting for an incremental."""
    reg = _synced(env)
    doc, (order_id, other_id) = _ordered_in_1c(env, reg, 2)
    env.emulator.mutate("card_order_marked_deleted", document=doc)

    result = run_full_sync(env.factory, env.engine, env.settings, reg, resume=False)
    assert result["state"] == "succeeded"
    assert _withdrawal_counts(result) == (2, 0)
    assert result["counts"]["card_orders_rechecked"] >= 1
    for oid in (order_id, other_id):
        order, card = _order_and_card(env, oid)
        assert order.state is OrderState.CANCELLED and card.state is CardState.WITHDRAWN

    again = run_full_sync(env.factory, env.engine, env.settings, reg, resume=False)
    assert _withdrawal_counts(again) == (0, 0)  # nothing in flight is left behind that document
    reg.close()
