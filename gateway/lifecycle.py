"""State machines of orders, cards and batches.

Every change goes through :func:`transition`, which refuses illegal moves, stamps the card's
timestamps, appends an :class:`Event` and, for statuses 1C must learn, an outbox message — all in
the caller's transaction. The set-based fast paths (batching, intake) go through the same door in
bulk: :func:`transition_many` moves the rows still in the expected state with one ``UPDATE`` and
writes their events and outbox rows with ``INSERT … SELECT``; :func:`record_creation_many` does the
same for rows just inserted. The table, the card stamps, the 1C status of a card state and the
outbox payload (:func:`outbox_payload`) are defined once here, for both paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    any_,
    bindparam,
    case,
    func,
    insert,
    literal,
    null,
    select,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from gateway.db.base import utcnow
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
    OutboxState,
    PrintBatch,
)
from gateway.texts import ru
from gateway.virtual.changes import NOTIFIED_STATES, card_changed, cards_changed

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

# What 1C learns of a card as it is created: a plastic card is «Заказан»; a virtual-only number is
# «Выдан» at once (form «virtual»), the member has it in the app from that moment.
NEW_CARD_STATUS: dict[CardState, OneCStatus] = {C.ALLOCATED: OneCStatus.ORDERED, C.VIRTUAL: OneCStatus.ISSUED}

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


T = TypeVar("T")


def outbox_payload(
    number: T,
    status: OneCStatus,
    at: dt.datetime,
    concat: Callable[[T, Any], T],
    *,
    form: Any,
    virtual_suffix: Any,
) -> dict[str, Any]:
    """The status record 1C must receive, for a card number that is a string (one card) or a
    column (the bulk door renders it into SQL); ``form`` and ``virtual_suffix`` are values or SQL
    expressions alike. Only identifiers and dates: no personal data."""
    payload: dict[str, Any] = {
        "card_number": number,
        "status": status.value,
        "status_at": at.isoformat(),
        # Lets 1C deduplicate: the same key is sent on every retry of this message (a virtual-only
        # number's statuses get their own keys, so its later plastic's «Выдан» is a new record).
        "idempotency_key": concat(concat(number, f":{status.value}"), virtual_suffix),
    }
    if status is OneCStatus.ISSUED:
        payload["issue_date"] = at.date().isoformat()
    # Which form the status concerns (a mapped register field in 1C): «Выдан» of a virtual-only
    # number is the virtual form; everything on a plastic card's way is the plastic one.
    payload["form"] = form
    return payload


def outbox_row(card: Card, status: OneCStatus, at: dt.datetime, member_ref: str | None) -> dict[str, Any]:
    """The outbox row of one card's status (``member_ref`` only where the card has no member row
    to join at delivery; the bulk door never needs it)."""
    plastic = card.plastic is not False
    payload: dict[str, Any] = outbox_payload(
        card.number,
        status,
        at,
        lambda a, b: a + b,
        form="plastic" if plastic else "virtual",
        virtual_suffix="" if plastic else ":virtual",
    )
    if member_ref is not None:
        payload["member_ref"] = member_ref
    return {"card_id": card.id, "status": status, "payload": payload, "next_attempt_at": at, "created_at": at}


# ---- the set-based door ------------------------------------------------------------------------

Reason = str | ColumnElement[Any] | None


@dataclass
class BulkTransition:
    """What :func:`transition_many` did: ``moved`` ids changed state (with their events and
    outbox rows); ``refused`` ids were not in the expected state and were left untouched."""

    moved: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _id_in(session: Session, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids``; on PostgreSQL one array parameter instead of thousands of binds."""
    if _is_pg(session):
        return column == any_(bindparam(None, list(ids), type_=postgresql.ARRAY(Integer())))
    return column.in_(ids)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    # SQLite caps bound parameters; PostgreSQL takes the whole list as one array.
    return [ids[i : i + 30_000] for i in range(0, len(ids), 30_000)] or []


def _sql(value: Any) -> Any:
    if value is None:
        return null()
    return literal(value) if isinstance(value, str | int | float) else value  # else a column or SQL


def _json_object(session: Session, pairs: dict[str, Any]) -> Any:
    fn = func.jsonb_build_object if _is_pg(session) else func.json_object
    args: list[Any] = []
    for key, value in pairs.items():
        args += [key, value]
    return fn(*args)


def _record_events(
    session: Session,
    model: type[CardOrder] | type[Card] | type[PrintBatch],
    ids: Sequence[int],
    from_state: Any,
    to_state: Any,
    actor: str,
    reason: Reason,
    data: ColumnElement[Any] | None,
    at: dt.datetime,
) -> None:
    """The events of rows that just moved, made by the database from the rows (``event_row``'s
    columns): only the ids travel, which a 100,000-row upload needs."""
    entity, _ = _TABLES[model]
    when = bindparam("at", at, type_=DateTime(timezone=True))
    columns = ["entity_type", "entity_id", "from_state", "to_state", "actor", "reason", "data", "created_at"]
    for chunk in _chunks(ids):
        rows = select(
            literal(entity),
            model.id,
            _sql(str(from_state) if from_state is not None else None),
            literal(str(to_state)),
            literal(actor),
            _sql(reason),
            _sql(data),
            when,
        ).where(_id_in(session, model.id, chunk))
        session.execute(insert(Event).from_select(columns, rows))


def record_outbox_many(
    session: Session, card_ids: Sequence[int], status: OneCStatus, at: dt.datetime
) -> None:
    """The outbox rows of ``status`` for these cards: :func:`outbox_payload` rendered into SQL."""
    when = bindparam("at", at, type_=DateTime(timezone=True))
    virtual = Card.plastic.is_(False)
    payload = outbox_payload(
        Card.number.expression,
        status,
        at,
        lambda col, tail: col.concat(tail),
        form=case((virtual, "virtual"), else_="plastic"),
        virtual_suffix=case((virtual, ":virtual"), else_=""),
    )
    columns = ["card_id", "status", "payload", "state", "attempts", "next_attempt_at", "created_at"]
    for chunk in _chunks(card_ids):
        rows = select(
            Card.id,
            literal(status.value),
            _json_object(session, {k: _sql(v) for k, v in payload.items()}),
            literal(OutboxState.PENDING.value),
            literal(0),
            when,
            when,
        ).where(_id_in(session, Card.id, chunk))
        session.execute(insert(OutboxMessage).from_select(columns, rows))


def transition_many(
    session: Session,
    model: type[CardOrder] | type[Card] | type[PrintBatch],
    ids: Sequence[int],
    source: Any,
    target: Any,
    *,
    actor: str,
    reason: Reason = None,
    data: ColumnElement[Any] | None = None,
    at: dt.datetime | None = None,
    values: dict[str, Any] | None = None,
) -> BulkTransition:
    """Move the rows ``ids`` from ``source`` to ``target``, as :func:`transition` does one by one.

    Raises :class:`IllegalTransition` when the table forbids the move. Only rows still in
    ``source`` change (``UPDATE … WHERE state = source``); the others are reported as refused
    and untouched. ``values``: other columns to set on the moved rows (``batch_id``). Flushes
    nothing of the ORM: call it with the rows' objects flushed; loaded objects of moved rows are
    brought up to date.
    """
    entity, table = _TABLES[model]
    if target not in table.get(source, set()):
        raise IllegalTransition(entity, source.value if source is not None else None, target.value)
    now = at or utcnow()
    sets: dict[str, Any] = {"state": target, **(values or {})}
    if model is Card and target in _CARD_STAMPS:
        sets[_CARD_STAMPS[target]] = now
    if model is CardOrder:
        sets.setdefault("updated_at", now)
    result = BulkTransition()
    for chunk in _chunks(list(ids)):
        moved = session.execute(
            update(model)
            .where(_id_in(session, model.id, chunk), model.state == source)
            .values(**sets)
            .returning(model.id)
            # Objects of these rows already in the session learn their new state, as they do
            # from transition() (callers go on with loaded cards and orders).
            .execution_options(synchronize_session="fetch")
        ).scalars()
        result.moved.extend(moved)
    moved_set = set(result.moved)
    result.refused = [i for i in ids if i not in moved_set]
    result.moved.sort()
    _record_events(session, model, result.moved, source, target, actor, reason, data, now)
    status = ONEC_STATUS_FOR_CARD.get(target) if model is Card else None
    if status is not None:
        record_outbox_many(session, result.moved, status, now)
    if model is Card and target in NOTIFIED_STATES and result.moved:
        cards_changed(session, result.moved, now, reason if isinstance(reason, str) else None)
    return result


def record_creation_many(
    session: Session,
    model: type[CardOrder] | type[Card] | type[PrintBatch],
    ids: Sequence[int],
    state: Any,
    *,
    actor: str,
    from_state: Any = None,
    reason: Reason = None,
    data: ColumnElement[Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Events (and, for new cards, the «Заказан» 1C must receive) of rows just inserted in
    ``state`` — :func:`record_creation` and :func:`record_ordered` in bulk. ``from_state``: the
    state the rows are taken to have passed through (an order accepted at once was submitted)."""
    entity, table = _TABLES[model]
    if state not in table.get(from_state, set()) or (
        from_state is not None and from_state not in table[None]
    ):
        raise IllegalTransition(entity, from_state.value if from_state is not None else None, state.value)
    now = at or utcnow()
    _record_events(session, model, ids, from_state, state, actor, reason, data, now)
    if model is Card:
        record_outbox_many(session, ids, NEW_CARD_STATUS[state], now)


def number_json(session: Session) -> ColumnElement[Any]:
    """A new card's event data (its number), as SQL over the card row."""
    return _json_object(session, {"number": Card.number})  # type: ignore[no-any-return]


def reason_with_source(source: str, column: Any) -> ColumnElement[Any]:
    """``"<source>: <order reason>"`` over the order row (the reason of an accepted order's event)."""
    return literal(f"{source}: ").concat(type_coerce(column, String))  # type: ignore[no-any-return]
