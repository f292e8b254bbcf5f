"""Operator actions on print stations and batches: start, pause, resume, cancel, resolve a card.

Services only flush; the request or the task commits. The station row is locked (``FOR UPDATE``)
by every action and by the worker's claim of the next card, so an operator's pause and the worker
never interleave. Work for a station is one Celery message per card on queue ``station.<name>``,
carrying the station's *run token*: each claim replaces the token, so a duplicated or left-over
message (a redelivery after a crash, a resume while a card was in flight) finds a stale token and
does nothing — one chain of cards per station, never two.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.batching.adjust import cancel_batch, remove_card_from_batch
from gateway.cards.numbering import allocate_numbers
from gateway.celery_app import send_after_commit
from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.lifecycle import record_creation, record_ordered, transition
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardPrintAttempt,
    CardState,
    OrderState,
    Organisation,
    PrintBatch,
    PrintStation,
    StationState,
)
from gateway.settings import Settings

log = logging.getLogger(__name__)

OPERATOR_PAUSE = "operator"
INSPECTION_PAUSE = "needs_inspection"


def queue_name(station: str) -> str:
    return f"station.{station}"


def load_station(session: Session, name: str, *, lock: bool = True) -> PrintStation:
    """The station's row, created on first use; locked for the rest of the transaction."""
    stmt = select(PrintStation).where(PrintStation.name == name)
    station = session.scalar(stmt.with_for_update() if lock else stmt)
    if station is None:
        session.add(PrintStation(name=name, state=StationState.IDLE))
        session.flush()
        station = session.scalar(stmt.with_for_update() if lock else stmt)
        assert station is not None
    return station


def _configured(settings: Settings, name: str) -> None:
    if name not in settings.printing.stations:
        known = ", ".join(sorted(settings.printing.stations))
        raise DomainError(
            "station_not_found", f"Станция печати «{name}» не настроена. Доступные: {known}.", "station", 422
        )


def send_step(session: Session, station: PrintStation) -> None:
    """Queue the station's next card once this transaction commits."""
    from gateway.printing.tasks import station_step

    assert station.current_batch_id is not None and station.run_token is not None
    send_after_commit(
        session,
        station_step,
        station.name,
        station.current_batch_id,
        station.run_token,
        queue=queue_name(station.name),
    )


def _new_token(station: PrintStation) -> None:
    station.run_token = str(uuid.uuid4())


def start_batch(
    session: Session, settings: Settings, batch: PrintBatch, station_name: str, *, actor: str
) -> PrintStation:
    _configured(settings, station_name)
    station = load_station(session, station_name)
    session.refresh(batch, with_for_update=True)  # station first, then batch: the worker's lock order
    if station.current_batch_id not in (None, batch.id):
        busy = session.get(PrintBatch, station.current_batch_id)
        if busy is not None and busy.state in (BatchState.PRINTING, BatchState.PAUSED):
            raise DomainError(
                "station_busy",
                f"Станция «{station_name}» занята партией № {busy.id}: завершите или отмените её.",
                "station",
                409,
            )
    if batch.state is not BatchState.FORMED:
        raise DomainError(
            "batch_not_formed",
            "Запустить можно только сформированную партию; приостановленную — продолжите.",
            status=409,
        )
    transition(
        session,
        batch,
        BatchState.PRINTING,
        actor=actor,
        reason=f"started on station {station_name}",
        data={"station": station_name},
    )
    batch.station, batch.pause_reason = station_name, None
    station.state, station.current_batch_id = StationState.PRINTING, batch.id
    station.pause_code = station.pause_reason = None
    _new_token(station)
    send_step(session, station)
    log.info("batch %d started on station %s by %s", batch.id, station_name, actor)
    return station


def pause(
    session: Session,
    station: PrintStation | None,
    batch: PrintBatch,
    *,
    code: str,
    reason_ru: str,
    actor: str,
) -> None:
    """Pause the batch and its station, saying why (the operator sees ``reason_ru``)."""
    if batch.state is BatchState.PRINTING:
        transition(session, batch, BatchState.PAUSED, actor=actor, reason=code, data={"message": reason_ru})
    batch.pause_reason = reason_ru
    if station is not None and station.current_batch_id == batch.id:
        station.state, station.pause_code, station.pause_reason = StationState.PAUSED, code, reason_ru


def _station_of(session: Session, batch: PrintBatch) -> PrintStation | None:
    """Lock the batch's station, then the batch itself (the same order as the worker's claim)."""
    station = load_station(session, batch.station) if batch.station else None
    session.flush()  # refresh() would otherwise throw away changes to the batch not yet flushed
    session.refresh(batch, with_for_update=True)
    return station


def pause_batch(session: Session, batch: PrintBatch, *, actor: str) -> None:
    station = _station_of(session, batch)
    if batch.state is not BatchState.PRINTING:
        raise DomainError("batch_not_printing", "Приостановить можно только печатающуюся партию.", status=409)
    pause(
        session,
        station,
        batch,
        code=OPERATOR_PAUSE,
        reason_ru="Приостановлено оператором. Карта, которая уже в принтере, будет допечатана.",
        actor=actor,
    )


def resume_batch(session: Session, settings: Settings, batch: PrintBatch, *, actor: str) -> None:
    station = _station_of(session, batch)
    if batch.state is not BatchState.PAUSED or station is None:
        raise DomainError("batch_not_paused", "Продолжить можно только приостановленную партию.", status=409)
    if station.current_batch_id != batch.id:
        raise DomainError("station_busy", f"Станция «{station.name}» занята другой партией.", status=409)
    transition(session, batch, BatchState.PRINTING, actor=actor, reason="resumed")
    batch.pause_reason = None
    station.state, station.pause_code, station.pause_reason = StationState.PRINTING, None, None
    _new_token(station)
    if not finish_if_done(session, settings, batch, station, actor=actor):
        send_step(session, station)


def cancel(session: Session, batch: PrintBatch, *, actor: str) -> None:
    """Cancel a batch. Formed: everything goes back to the pool. Paused: the cards not printed yet
    go back to the pool (their orders wait for the next batch); printed cards stay produced."""
    station = _station_of(session, batch)
    if batch.state is BatchState.FORMED:
        cancel_batch(session, batch, actor=actor, reason="cancelled by operator")
        return
    if batch.state is BatchState.PRINTING:
        raise DomainError(
            "batch_printing", "Партия печатается: сначала приостановите её, затем отмените.", status=409
        )
    transition(session, batch, BatchState.CANCELLED, actor=actor, reason="cancelled by operator")
    reason = f"batch {batch.id} cancelled"
    cards = session.scalars(select(Card).where(Card.batch_id == batch.id).order_by(Card.id)).all()
    orders = {o.id: o for o in session.scalars(select(CardOrder).where(CardOrder.batch_id == batch.id))}
    for card in cards:
        order = orders.get(card.order_id)
        if card.state is CardState.QUEUED:
            transition(session, card, CardState.ALLOCATED, actor=actor, reason=reason)
            if order is not None and order.state is OrderState.BATCHED:
                transition(session, order, OrderState.ACCEPTED, actor=actor, reason=reason)
                order.batch_id = None
                remove_card_from_batch(session, card)
            card.batch_id, card.batched_at = None, None
        elif card.state is CardState.PRODUCED and order is not None and order.state is OrderState.BATCHED:
            transition(session, order, OrderState.PRODUCED, actor=actor, reason=reason)
    if station is not None and station.current_batch_id == batch.id:
        _idle(station)


def _idle(station: PrintStation) -> None:
    station.state, station.current_batch_id, station.run_token = StationState.IDLE, None, None
    station.pause_code = station.pause_reason = None


def finish_if_done(
    session: Session, settings: Settings, batch: PrintBatch, station: PrintStation | None, *, actor: str
) -> bool:
    """Close the batch when no card is left to print; pause it when cards wait for inspection."""
    counts = dict(
        session.execute(
            select(Card.state, func.count()).where(Card.batch_id == batch.id).group_by(Card.state)
        ).all()
    )
    if counts.get(CardState.QUEUED) or counts.get(CardState.PRINTING):
        return False
    waiting = counts.get(CardState.NEEDS_INSPECTION, 0)
    if waiting:
        if batch.state is BatchState.PRINTING:
            pause(
                session,
                station,
                batch,
                code=INSPECTION_PAUSE,
                actor=actor,
                reason_ru=f"Карт, требующих проверки оператором: {waiting}. Отметьте каждую годной или "
                "испорченной — после этого партия завершится.",
            )
        return False
    if batch.state is BatchState.PAUSED:
        transition(session, batch, BatchState.PRINTING, actor=actor, reason="last card resolved")
    transition(session, batch, BatchState.PRODUCED, actor=actor, reason="every card produced")
    batch.pause_reason = None
    produced_orders = select(Card.order_id).where(Card.batch_id == batch.id, Card.state == CardState.PRODUCED)
    for order in session.scalars(
        select(CardOrder).where(
            CardOrder.batch_id == batch.id,
            CardOrder.state == OrderState.BATCHED,
            CardOrder.id.in_(produced_orders),
        )
    ):
        transition(session, order, OrderState.PRODUCED, actor=actor, reason=f"batch {batch.id} produced")
    if station is not None and station.current_batch_id == batch.id:
        _idle(station)
    log.info("batch %d produced", batch.id)
    return True


def spoil_and_replace(
    session: Session, settings: Settings, card: Card, *, actor: str, reason: str, data: dict[str, object]
) -> Card:
    """Spoil ``card`` (its number is burnt) and allocate a replacement with a new number: queued in
    the same batch within the retry limit, otherwise the order goes back to the waiting pool."""
    transition(session, card, CardState.SPOILED, actor=actor, reason=reason, data=data)
    session.flush()
    spoiled = (
        session.scalar(
            select(func.count()).where(Card.order_id == card.order_id, Card.state == CardState.SPOILED)
        )
        or 0
    )
    region_code = session.scalar(select(Organisation.region_code).where(Organisation.id == card.region_id))
    number = allocate_numbers(session, settings.numbers, region_code or "00", 1)[0]
    new = Card(
        number=number,
        order_id=card.order_id,
        member_id=card.member_id,
        region_id=card.region_id,
        state=CardState.ALLOCATED,
        replaces_card_id=card.id,
    )
    session.add(new)
    session.flush()
    record_creation(
        session,
        new,
        actor=actor,
        reason=f"replaces spoiled card {card.number}",
        data={"replaces": card.number},
    )
    record_ordered(session, new)  # 1C: the spoiled card «Аннулирован», this one «Заказан» before «Изготовлен»
    batch = session.get(PrintBatch, card.batch_id) if card.batch_id else None
    if (
        batch is not None
        and batch.state in (BatchState.PRINTING, BatchState.PAUSED)
        and spoiled <= settings.printing.spoil_retry_limit
    ):
        transition(session, new, CardState.QUEUED, actor=actor, reason=f"replacement in batch {batch.id}")
        new.batch_id = batch.id
        return new
    order = session.get(CardOrder, card.order_id)
    if order is not None and order.state is OrderState.BATCHED:
        why = (
            f"spoil limit {settings.printing.spoil_retry_limit} reached"
            if batch is not None and batch.state in (BatchState.PRINTING, BatchState.PAUSED)
            else "batch closed"
        )
        transition(session, order, OrderState.ACCEPTED, actor=actor, reason=why)
        order.batch_id = None
        if batch is not None and batch.state is not BatchState.CANCELLED:
            remove_card_from_batch(session, card)
    log.warning("order %d returned to the pool after %d spoiled card(s)", card.order_id, spoiled)
    return new


def resolve_card(session: Session, settings: Settings, card: Card, *, produced: bool, actor: str) -> None:
    """The operator looked at a card left mid-way by a crashed station: good, or spoiled."""
    if card.state is not CardState.NEEDS_INSPECTION:
        raise DomainError("card_not_in_inspection", "Карта не ожидает проверки оператором.", status=409)
    attempt = session.scalar(
        select(CardPrintAttempt)
        .where(CardPrintAttempt.card_id == card.id)
        .order_by(CardPrintAttempt.id.desc())
        .limit(1)
    )
    uid = attempt.chip_uid if attempt else None
    batch = session.get(PrintBatch, card.batch_id) if card.batch_id else None
    if produced:
        card.chip_uid = uid
        transition(
            session, card, CardState.PRODUCED, actor=actor, reason="inspected: good", data={"chip_uid": uid}
        )
        order = session.get(CardOrder, card.order_id)
        if (
            batch is not None
            and batch.state is BatchState.CANCELLED
            and order is not None
            and order.state is OrderState.BATCHED
        ):
            transition(session, order, OrderState.PRODUCED, actor=actor, reason="inspected card produced")
    else:
        spoil_and_replace(
            session, settings, card, actor=actor, reason="inspected: spoiled", data={"chip_uid": uid}
        )
    if batch is not None and batch.state in (BatchState.PRINTING, BatchState.PAUSED):
        station = _station_of(session, batch)
        # A batch paused only because cards waited for inspection closes once the last is resolved.
        if batch.state is BatchState.PRINTING or (
            station is not None and station.pause_code == INSPECTION_PAUSE
        ):
            finish_if_done(session, settings, batch, station, actor=actor)


def heartbeat(session: Session, name: str, host: str | None = None) -> None:
    station = load_station(session, name, lock=False)
    station.heartbeat_at = utcnow()
    if host:
        station.worker_host = host
