"""Grouping accepted orders into print batches, by the rules in ``[batching]``.

Large batches lower the cost, but no order waits forever: a group is cut into batches of at most
``max_size`` as long as it holds ``min_size`` orders, and a smaller remainder is batched anyway once
its oldest order has waited ``max_wait_hours``. Reissues go first when ``reissue_first`` is set.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.lifecycle import record_creation, transition_many
from gateway.models import (
    BatchRegionCount,
    BatchState,
    Card,
    CardOrder,
    CardState,
    OrderReason,
    OrderState,
    Organisation,
    PrintBatch,
)
from gateway.settings import BatchingRules


class StateChanged(DomainError):
    def __init__(self) -> None:
        super().__init__(
            code="state_changed",
            message="Часть заказов изменилась во время формирования партии: повторите формирование.",
            status=409,
        )


@dataclass(frozen=True)
class _Waiting:
    order_id: int
    card_id: int
    region_id: int
    reissue: bool
    created_at: dt.datetime


def _rules_for(rules: BatchingRules, region_code: str | None) -> tuple[int, int, float]:
    override = rules.regions.get(region_code or "")
    max_size = (override.max_size if override and override.max_size else None) or rules.max_size
    min_size = (override.min_size if override and override.min_size else None) or rules.min_size
    wait = (override.max_wait_hours if override and override.max_wait_hours else None) or rules.max_wait_hours
    return max_size, min(min_size, max_size), wait


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def form_batches(
    session: Session,
    rules: BatchingRules,
    *,
    actor: str,
    force: bool = False,
    region_id: int | None = None,
    now: dt.datetime | None = None,
    only_one: bool = False,
) -> list[PrintBatch]:
    """Form every batch the rules allow now (``force``: batch whatever waits, ignoring min size;
    ``only_one``: stop after the first batch — an operator forming one batch of a chosen size)."""
    now = now or utcnow()
    stmt = (
        select(CardOrder.id, Card.id, CardOrder.region_id, CardOrder.reason, CardOrder.created_at)
        .join(Card, (Card.order_id == CardOrder.id) & (Card.state == CardState.ALLOCATED))
        .where(CardOrder.state == OrderState.ACCEPTED)
        .order_by(CardOrder.created_at, CardOrder.id)
        # Two batching runs at once (beat + an operator) skip each other's rows instead of
        # putting the same order into two batches.
        .with_for_update(of=CardOrder, skip_locked=True)
    )
    if region_id is not None:
        stmt = stmt.where(CardOrder.region_id == region_id)
    waiting = [
        _Waiting(o, c, r, reason != OrderReason.FIRST, _aware(created))
        for o, c, r, reason, created in session.execute(stmt)
    ]
    if not waiting:
        return []
    codes: dict[int, str | None] = {
        oid: code
        for oid, code in session.execute(
            select(Organisation.id, Organisation.region_code).where(
                Organisation.id.in_({w.region_id for w in waiting})
            )
        )
    }
    groups: dict[int | None, list[_Waiting]] = defaultdict(list)
    for w in waiting:
        groups[w.region_id if rules.split_by_region else None].append(w)

    batches: list[PrintBatch] = []
    for group_region, pool in sorted(groups.items(), key=lambda kv: kv[0] or 0):
        if rules.reissue_first:
            pool.sort(key=lambda w: (not w.reissue, w.created_at, w.order_id))
        max_size, min_size, wait_h = _rules_for(rules, codes.get(group_region) if group_region else None)

        def overdue(items: list[_Waiting], wait_h: float = wait_h) -> bool:
            if rules.split_by_region:
                return any(now - w.created_at >= dt.timedelta(hours=wait_h) for w in items)
            return any(
                now - w.created_at >= dt.timedelta(hours=_rules_for(rules, codes.get(w.region_id))[2])
                for w in items
            )

        while pool:
            if len(pool) >= min_size:
                why = f"min_size {min_size} reached"
            elif force:
                why = "closed early by operator"
            elif overdue(pool):
                why = f"waited over {wait_h:g} h"
            else:
                break
            take, pool = pool[:max_size], pool[max_size:]
            batches.append(_create_batch(session, take, group_region, actor, why, rules.card_cost_rub, now))
            if only_one:
                return batches
    return batches


def _create_batch(
    session: Session,
    take: list[_Waiting],
    region_id: int | None,
    actor: str,
    why: str,
    unit_cost: float,
    now: dt.datetime,
) -> PrintBatch:
    batch = PrintBatch(
        state=BatchState.FORMED,
        region_id=region_id,
        card_count=len(take),
        formed_by=actor,
        formed_reason=why,
    )
    session.add(batch)
    session.flush()
    record_creation(session, batch, actor=actor, reason=why, data={"cards": len(take)})
    reason = f"batch {batch.id}"
    # Through the lifecycle's set-based door: only rows still accepted / allocated move (the
    # select above locked the orders), with the same events a one-by-one transition writes.
    orders = transition_many(
        session, CardOrder, [w.order_id for w in take], OrderState.ACCEPTED, OrderState.BATCHED,
        actor=actor, reason=reason, at=now, values={"batch_id": batch.id},
    )  # fmt: skip
    cards = transition_many(
        session, Card, [w.card_id for w in take], CardState.ALLOCATED, CardState.QUEUED,
        actor=actor, reason=reason, at=now, values={"batch_id": batch.id},
    )  # fmt: skip
    if orders.refused or cards.refused:
        # The batch's counts are already written: a row that moved meanwhile fails the whole run
        # (rolled back by the caller) rather than leave a batch that disagrees with its cards.
        raise StateChanged()
    per_region = Counter(w.region_id for w in take)
    session.execute(
        insert(BatchRegionCount),
        [
            {"batch_id": batch.id, "region_id": rid, "card_count": n, "unit_cost_rub": unit_cost}
            for rid, n in sorted(per_region.items())
        ],
    )
    return batch
