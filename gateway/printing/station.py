"""Operator actions on print stations and batches: start, pause, resume, cancel, resolve a card.

Services only flush; the request or the task commits. A batch runs on one or several stations: its
stations are the ones whose ``current_batch_id`` names it, and each claims the next queued card of
the shared pool, so the cards of a station that pauses are printed by the others without an
operator. Lock order, everywhere: the batch row first, then its stations by name (``FOR UPDATE``):
every action and every claim takes the batch's lock, so an operator's pause and the workers never
interleave, and one station's claim may change another station's row (idle it when the batch
closes) without a deadlock. Work for a station is one Celery message per card on queue ``station.<name>``,
carrying the station's *run token*: each claim replaces the token, so a duplicated or left-over
message (a redelivery after a crash, a resume while a card was in flight) finds a stale token and
does nothing — one chain of cards per station, never two.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

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
from gateway.texts import ru

log = logging.getLogger(__name__)

OPERATOR_PAUSE = "operator"
# Cards at an outside bureau sit ``printing`` at the station name ``bureau:<name>``.
BUREAU_PREFIX = "bureau:"
# ``print_batches.station`` holds the names of the batch's stations, comma-joined.
STATION_LIST_MAX = 100
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
    session: Session,
    settings: Settings,
    batch: PrintBatch,
    station_names: str | Sequence[str],
    *,
    actor: str,
) -> list[PrintStation]:
    """Start a formed batch on one or several stations, or add stations to a batch that is printing
    (its queued cards are then shared by all of them)."""
    names = [station_names] if isinstance(station_names, str) else list(dict.fromkeys(station_names))
    if not names:
        raise DomainError("station_required", ru.STATION_REQUIRED, "station", 422)
    for name in names:
        _configured(settings, name)
    session.flush()
    session.refresh(batch, with_for_update=True)  # the batch first, then its stations
    running = batch_stations(session, batch)
    if batch.state is BatchState.PRINTING and running:
        names = [n for n in names if n not in {s.name for s in running}]
        if not names:
            raise DomainError("station_already_assigned", ru.STATION_ALREADY_ASSIGNED, "station", 409)
    elif batch.state is not BatchState.FORMED:
        raise DomainError(
            "batch_not_formed",
            "Запустить можно только сформированную партию; приостановленную — продолжите.",
            status=409,
        )
    joined = ",".join(sorted({*(s.name for s in running), *names}))
    if len(joined) > STATION_LIST_MAX:
        raise DomainError("too_many_stations", ru.TOO_MANY_STATIONS, "station", 422)
    stations = [load_station(session, name) for name in sorted(names)]
    for station in stations:
        if station.current_batch_id not in (None, batch.id):
            busy = session.get(PrintBatch, station.current_batch_id)
            if busy is not None and busy.state in (BatchState.PRINTING, BatchState.PAUSED):
                raise DomainError(
                    "station_busy",
                    f"Станция «{station.name}» занята партией № {busy.id}: завершите или отмените её.",
                    "station",
                    409,
                )
    if batch.state is BatchState.FORMED:
        transition(
            session,
            batch,
            BatchState.PRINTING,
            actor=actor,
            reason=f"started on station {joined}",
            data={"station": joined, "stations": names},
        )
    batch.station, batch.pause_reason = joined, None
    for station in stations:
        station.state, station.current_batch_id = StationState.PRINTING, batch.id
        station.pause_code = station.pause_reason = None
        _new_token(station)
        send_step(session, station)
    log.info("batch %d started on station(s) %s by %s", batch.id, ",".join(names), actor)
    return stations


def batch_stations(session: Session, batch: PrintBatch, *, lock: bool = True) -> list[PrintStation]:
    """The stations assigned to ``batch`` (by name, locked: take the batch's lock first)."""
    stmt = select(PrintStation).where(PrintStation.current_batch_id == batch.id).order_by(PrintStation.name)
    return list(session.scalars(stmt.with_for_update() if lock else stmt))


def pause(
    session: Session,
    station: PrintStation | None,
    batch: PrintBatch,
    *,
    code: str,
    reason_ru: str,
    actor: str,
    whole: bool = False,
) -> None:
    """Pause ``station``, saying why (the operator sees ``reason_ru``). The batch pauses too when
    ``whole`` (the operator's pause, cards waiting for inspection) or when no other station of it
    is still printing; otherwise the others go on with the shared queue. The caller holds the
    batch's lock, which guards the state of every station of the batch."""
    if station is not None and station.current_batch_id == batch.id:
        station.state, station.pause_code, station.pause_reason = StationState.PAUSED, code, reason_ru
    others = [
        s
        for s in batch_stations(session, batch, lock=False)
        if s.state is StationState.PRINTING and s is not station
    ]
    if others and not whole:
        log.warning(
            "batch %d: station %s paused (%s), %d station(s) go on",
            batch.id,
            station and station.name,
            code,
            len(others),
        )
        return
    if batch.state is BatchState.PRINTING:
        transition(session, batch, BatchState.PAUSED, actor=actor, reason=code, data={"message": reason_ru})
    batch.pause_reason = reason_ru
    for other in others:
        other.state, other.pause_code, other.pause_reason = StationState.PAUSED, code, reason_ru


def _lock_batch(session: Session, batch: PrintBatch) -> list[PrintStation]:
    """Lock the batch, then its stations (the order the workers' claims take too)."""
    session.flush()  # refresh() would otherwise throw away changes to the batch not yet flushed
    session.refresh(batch, with_for_update=True)
    return batch_stations(session, batch)


def pause_batch(session: Session, batch: PrintBatch, *, actor: str) -> None:
    stations = _lock_batch(session, batch)
    if batch.state is not BatchState.PRINTING:
        raise DomainError("batch_not_printing", "Приостановить можно только печатающуюся партию.", status=409)
    pause(
        session,
        stations[0] if stations else None,
        batch,
        code=OPERATOR_PAUSE,
        reason_ru="Приостановлено оператором. Карта, которая уже в принтере, будет допечатана.",
        actor=actor,
        whole=True,
    )


def resume_batch(session: Session, settings: Settings, batch: PrintBatch, *, actor: str) -> None:
    """Resume a paused batch on its stations, or, while the batch prints on the others, the
    stations of it that paused (the operator has fixed the printer)."""
    stations = _lock_batch(session, batch)
    paused = [s for s in stations if s.state is StationState.PAUSED]
    if not (batch.state is BatchState.PAUSED or (batch.state is BatchState.PRINTING and paused)):
        raise DomainError("batch_not_paused", "Продолжить можно только приостановленную партию.", status=409)
    if batch.state is BatchState.PAUSED:
        transition(session, batch, BatchState.PRINTING, actor=actor, reason="resumed")
        batch.pause_reason = None
    for station in paused:
        station.state, station.pause_code, station.pause_reason = StationState.PRINTING, None, None
        _new_token(station)
    if not finish_if_done(session, settings, batch, None, actor=actor):
        for station in paused:
            send_step(session, station)


def cancel(session: Session, batch: PrintBatch, *, actor: str) -> None:
    """Cancel a batch. Formed: everything goes back to the pool. Paused: the cards not printed yet
    go back to the pool (their orders wait for the next batch); printed cards stay produced;
    cards sent to a bureau, which may have been made there, wait for the operator's inspection."""
    stations = _lock_batch(session, batch)
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
        elif card.state is CardState.PRINTING and (card.station or "").startswith(BUREAU_PREFIX):
            # No worker will ever record these: the bureau may have made them, so the operator decides.
            transition(
                session,
                card,
                CardState.NEEDS_INSPECTION,
                actor=actor,
                reason=reason,
                data={"station": card.station},
            )
    for station in stations:
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
                whole=True,
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
    for assigned in batch_stations(session, batch, lock=False):
        _idle(assigned)
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
        stations = _lock_batch(session, batch)
        # A batch paused only because cards waited for inspection closes once the last is resolved.
        if batch.state is BatchState.PRINTING or any(s.pause_code == INSPECTION_PAUSE for s in stations):
            finish_if_done(session, settings, batch, None, actor=actor)


def heartbeat(session: Session, name: str, host: str | None = None) -> None:
    station = load_station(session, name, lock=False)
    station.heartbeat_at = utcnow()
    if host:
        station.worker_host = host
