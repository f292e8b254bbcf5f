"""State machines of orders, cards and batches.

Every change goes through :func:`transition`, which refuses illegal moves, stamps the card's
timestamps, appends an :class:`Event` and, for statuses 1C must learn, an outbox message — all in
the caller's transaction. Bulk paths build the same rows with :func:`event_row` / :func:`outbox_row`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from gateway.db import utcnow
from gateway.errors import DomainError
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardState,
    Event,
    OneCStatus,
    OrderState,
    OutboxMessage,
    PrintBatch,
)
from gateway.texts import ru
from gateway.virtual.changes import NOTIFIED_STATES, card_changed

O, C, B = OrderState, CardState, BatchState  # noqa: E741 - short names keep the tables readable

ORDER_TRANSITIONS: dict[OrderState | None, set[OrderState]] = {
    # ISSUED at once: a virtual-only order (gateway.virtual.issue) has nothing to print or ship.
    None: {O.SUBMITTED, O.ACCEPTED, O.REJECTED, O.ISSUED},
    O.SUBMITTED: {O.ACCEPTED, O.REJECTED, O.CANCELLED},
    O.ACCEPTED: {O.BATCHED, O.REJECTED, O.CANCELLED},
    # Back to accepted when its batch is cancelled before printing.
    O.BATCHED: {O.PRODUCED, O.ACCEPTED, O.CANCELLED},
    O.PRODUCED: {O.DISPATCHED},
    O.DISPATCHED: {O.ISSUED, O.REFUSED},
    # Back to dispatched only when a mistaken «Выдан» / «Отказ» is undone before 1C learnt it
    # (gateway.cards.handout.undo_mark checks the window and removes the unsent status).
    O.ISSUED: {O.DISPATCHED},
    O.REFUSED: {O.DISPATCHED},
    O.REJECTED: set(),
    O.CANCELLED: set(),
}

CARD_TRANSITIONS: dict[CardState | None, set[CardState]] = {
    None: {C.ALLOCATED, C.VIRTUAL},
    # A virtual-only number gets its plastic in place (same number), or is withdrawn by a reissue.
    C.VIRTUAL: {C.ALLOCATED, C.WITHDRAWN},
    C.ALLOCATED: {C.QUEUED, C.WITHDRAWN},
    C.QUEUED: {C.PRINTING, C.ALLOCATED, C.WITHDRAWN},
    # PRINTING -> QUEUED: the station stopped before the card was fed (pause, printer empty).
    C.PRINTING: {C.PRODUCED, C.SPOILED, C.NEEDS_INSPECTION, C.QUEUED},
    C.NEEDS_INSPECTION: {C.PRODUCED, C.SPOILED},
    C.PRODUCED: {C.DISPATCHED, C.WITHDRAWN},
    C.DISPATCHED: {C.ISSUED, C.REFUSED, C.WITHDRAWN},
    # An issued card is withdrawn when a reissue replaces it (lost, damaged, name changed).
    # Back to dispatched: see undo_mark above.
    C.ISSUED: {C.WITHDRAWN, C.DISPATCHED},
    C.REFUSED: {C.DISPATCHED},
    C.SPOILED: set(),
    C.WITHDRAWN: set(),
}

BATCH_TRANSITIONS: dict[BatchState | None, set[BatchState]] = {
    None: {B.FORMED},
    B.FORMED: {B.PRINTING, B.CANCELLED},
    B.PRINTING: {B.PAUSED, B.PRODUCED, B.CANCELLED},
    B.PAUSED: {B.PRINTING, B.CANCELLED},
    B.PRODUCED: {B.DISPATCHED},
    B.DISPATCHED: set(),
    B.CANCELLED: set(),
}

# Labels live with the other Russian texts; re-exported here for the services and the API.
STATE_LABELS = ru.STATE_LABELS

# Card states that 1C must learn, and the status each one becomes there. A spoiled card was
# «Заказан» in 1C: it ends «Аннулирован» there (its replacement is a new card with a new number and
# its own «Заказан», see printing/station.py spoil_and_replace), so no card's story stays half-told.
ONEC_STATUS_FOR_CARD: dict[CardState, OneCStatus] = {
    C.PRODUCED: OneCStatus.PRODUCED,
    C.SPOILED: OneCStatus.WITHDRAWN,
    C.ISSUED: OneCStatus.ISSUED,
    C.VIRTUAL: OneCStatus.ISSUED,  # «Выдан» with form «virtual»: the member has it at once
    C.REFUSED: OneCStatus.REFUSED,
    C.WITHDRAWN: OneCStatus.WITHDRAWN,
}

_CARD_STAMPS: dict[CardState, str] = {
    C.QUEUED: "batched_at",
    C.PRINTING: "printing_started_at",
    C.PRODUCED: "produced_at",
    C.SPOILED: "spoiled_at",
    C.DISPATCHED: "dispatched_at",
    C.ISSUED: "issued_at",
    C.REFUSED: "refused_at",
    C.WITHDRAWN: "withdrawn_at",
    C.VIRTUAL: "virtual_at",
}

_TABLES: dict[type, tuple[str, dict[Any, set[Any]]]] = {
    CardOrder: ("order", ORDER_TRANSITIONS),
    Card: ("card", CARD_TRANSITIONS),
    PrintBatch: ("batch", BATCH_TRANSITIONS),
}



class IllegalTransition(DomainError):
    def __init__(self, entity: str, current: str | None, target: str) -> None:
        labels = ru.BATCH_STATE_LABELS if entity == "batch" else STATE_LABELS
        label_from = labels.get(current or "", "—")
        super().__init__(
            code="illegal_transition",
            message=(
                f"Нельзя перевести {ru.ENTITY_ACCUSATIVE[entity]} из состояния «{label_from}» "
                f"в «{labels.get(target, target)}»."
            ),
            status=409,
        )


def check_transition(obj: CardOrder | Card | PrintBatch, target: Any) -> None:
    entity, table = _TABLES[type(obj)]
    current = obj.state if obj.id is not None else None
    if target not in table.get(current, set()):
        raise IllegalTransition(entity, current.value if current else None, target.value)


def transition(
    session: Session,
    obj: CardOrder | Card | PrintBatch,
    target: Any,
    *,
    actor: str,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Move ``obj`` to ``target`` and record it. The object must already have an id (flushed)."""
    entity, _ = _TABLES[type(obj)]
    check_transition(obj, target)
    previous = obj.state
    now = at or utcnow()
    obj.state = target
    if isinstance(obj, Card):
        stamp = _CARD_STAMPS.get(target)
        if stamp:
            setattr(obj, stamp, now)
        status = ONEC_STATUS_FOR_CARD.get(target)
        if status is not None:
            session.add(OutboxMessage(**outbox_row(obj, status, now, member_ref=None)))
        if target in NOTIFIED_STATES:  # partners' apps and wallet passes (gateway.virtual)
            card_changed(session, obj, now, reason)
    session.add(Event(**event_row(entity, obj.id, previous, target, actor, reason, data, now)))


def record_ordered(session: Session, card: Card, *, at: dt.datetime | None = None) -> None:
    """The «Заказан» 1C must receive for a card created outside the intake (a spoiled card's
    replacement); the intake writes the same rows in bulk."""
    session.add(OutboxMessage(**outbox_row(card, OneCStatus.ORDERED, at or utcnow(), member_ref=None)))


def record_creation(
    session: Session,
    obj: CardOrder | Card | PrintBatch,
    *,
    actor: str,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    from_state: str | None = None,
) -> None:
    """Event for a newly created (flushed) object whose initial state is already set."""
    entity, table = _TABLES[type(obj)]
    if obj.state not in table[None] and from_state is None:
        raise IllegalTransition(entity, None, obj.state.value)
    session.add(Event(**event_row(entity, obj.id, from_state, obj.state, actor, reason, data, utcnow())))


def event_row(
    entity: str,
    entity_id: int,
    from_state: Any,
    to_state: Any,
    actor: str,
    reason: str | None,
    data: dict[str, Any] | None,
    at: dt.datetime,
) -> dict[str, Any]:
    return {
        "entity_type": entity,
        "entity_id": entity_id,
        "from_state": str(from_state) if from_state is not None else None,
        "to_state": str(to_state),
        "actor": actor,
        "reason": reason,
        "data": data,
        "created_at": at,
    }


def outbox_row(card: Card, status: OneCStatus, at: dt.datetime, member_ref: str | None) -> dict[str, Any]:
    """The status record 1C must receive. Only identifiers and dates: no personal data."""
    payload: dict[str, Any] = {
        "card_number": card.number,
        "status": status.value,
        "status_at": at.isoformat(),
        # Lets 1C deduplicate: the same key is sent on every retry of this message.
        "idempotency_key": f"{card.number}:{status.value}" + ("" if card.plastic is not False else ":virtual"),
    }
    if member_ref is not None:
        payload["member_ref"] = member_ref
    if status is OneCStatus.ISSUED:
        payload["issue_date"] = at.date().isoformat()
    # Which form the status concerns (a mapped register field in 1C): «Выдан» of a virtual-only
    # number is the virtual form; everything on a plastic card's way is the plastic one.
    payload["form"] = "plastic" if card.plastic is not False else "virtual"
    return {"card_id": card.id, "status": status, "payload": payload, "next_attempt_at": at, "created_at": at}
