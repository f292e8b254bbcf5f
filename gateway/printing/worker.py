"""What a station worker does with one card, and what it does when it starts.

One card = three kinds of transaction, each committed before the next physical step:

1. *claim*: the next queued card becomes ``printing`` on this station and an attempt row is opened
   — committed BEFORE the printer is touched, so after any crash the database says which card may
   be physically inside the printer;
2. *steps*: every step of the pipeline (feed, encoded with the chip UID, verified, printed,
   ejected…) is an event committed as it happens: the trail an operator reads after a crash;
3. *outcome*: produced | spoiled + replacement | printer fault → pause, in one transaction.

On start-up (:func:`recover_station`) a card still ``printing`` on this station can only be one the
previous worker process was in the middle of: it becomes ``needs_inspection`` and the batch pauses.
It is never printed again automatically and never counted as good.

A dropped database connection must not stop the station with no sign (:func:`_in_transaction`):
each of these transactions is tried again with backoff for a while. A claim whose commit went
through but whose answer was lost is recognised by the token it wrote; an outcome that could not
be recorded stays in this process (:data:`_unrecorded`) and is recorded by the next task or the
heartbeat as soon as the database answers. In a station process every transaction first checks
the station's lock (:meth:`gateway.db.locks.Lease.check`): a process that lost its lock writes nothing
more and stops (:class:`gateway.db.locks.LockLost`).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from card_printing.card_data import CardData
from card_printing.pipeline import CardOutcome, OutcomeKind, personalise_card
from card_printing.render import renderer_for
from gateway.db.base import utcnow
from gateway.db.locks import Lease, LockLost
from gateway.db.session import unit_of_work
from gateway.lifecycle import event_row, transition
from gateway.models import (
    AttemptOutcome,
    BatchState,
    Card,
    CardPrintAttempt,
    CardState,
    Event,
    PrintBatch,
    PrintStation,
    StationState,
)
from gateway.printing.cards import card_data_for
from gateway.printing.devices import StationDevices, build_devices
from gateway.printing.keys import signing_key
from gateway.printing.prerender import Prerenderer
from gateway.printing.station import (
    INSPECTION_PAUSE,
    finish_if_done,
    load_station,
    pause,
    send_step,
    spoil_and_replace,
)
from gateway.settings import Settings
from gateway.texts import ru
from gateway.transient import is_transient

log = logging.getLogger(__name__)

_devices: dict[str, StationDevices] = {}
_renderers: dict[tuple[str, str], Prerenderer] = {}
# The lock of the station this process serves (set by ``gateway station``; absent in tests that
# call the worker directly).
LEASES: dict[str, Lease] = {}
# How long a transaction is tried again while the database is unreachable, before the task gives
# up (an unrecorded outcome is then kept in memory and recorded by the heartbeat later).
RETRY_SECONDS = 60.0
T = TypeVar("T")


@dataclass
class _Unrecorded:
    factory: sessionmaker[Session]
    settings: Settings
    record: Callable[[Session], None]


# Per station: the outcome of the card this process had in hand that the database did not take yet.
_unrecorded: dict[str, _Unrecorded] = {}
_unrecorded_mutex = threading.Lock()


def _in_transaction(
    factory: sessionmaker[Session],
    name: str,
    work: Callable[[Session], T],
    *,
    retry_seconds: float | None = None,
) -> T:
    """Run ``work`` in one transaction under the station's lock, trying again with backoff while the
    database drops connections. :class:`LockLost` and other errors go to the caller at once."""
    deadline = time.monotonic() + (RETRY_SECONDS if retry_seconds is None else retry_seconds)
    delay = 0.25
    while True:
        try:
            with unit_of_work(factory) as session:
                lease = LEASES.get(name)
                if lease is not None:
                    lease.check(session)
                return work(session)
        except Exception as exc:
            if not is_transient(exc) or time.monotonic() + delay > deadline:
                raise
            log.warning(
                "station %s: database error (%s), trying again in %.1f s", name, type(exc).__name__, delay
            )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def stop_serving(name: str) -> None:
    """This process lost the station's lock: stop consuming (warm shutdown of the Celery worker)."""
    if name in LEASES and name not in _stopping:
        _stopping.add(name)
        log.error("station %s: lock lost, stopping this station process", name)
        os.kill(os.getpid(), signal.SIGTERM)


_stopping: set[str] = set()


def record_unrecorded(name: str) -> None:
    """Record the outcome this process could not record earlier (raises while the database is away)."""
    with _unrecorded_mutex:
        pending = _unrecorded.get(name)
        if pending is None:
            return
        _in_transaction(pending.factory, name, pending.record, retry_seconds=0)
        del _unrecorded[name]
        log.info("station %s: an outcome held back by a database error is recorded", name)


def actor_for(station: str) -> str:
    return f"station:{station}"


def devices_for(settings: Settings, station: str) -> StationDevices:
    if station not in _devices:
        _devices[station] = build_devices(settings, station)
    return _devices[station]


def close_devices() -> None:
    for devices in _devices.values():
        devices.close()
    _devices.clear()


def _renderer(settings: Settings, station: str) -> Prerenderer:
    key = (station, settings.printing.template)
    if key not in _renderers:
        _renderers[key] = Prerenderer(renderer_for(settings.printing.template))
    return _renderers[key]


@dataclass(frozen=True)
class Claim:
    card_id: int
    attempt_id: int
    batch_id: int
    number: str
    data: CardData
    # The card likely claimed next (the lowest queued one after this), rendered meanwhile.
    next_data: CardData | None = None


def _current(station: PrintStation, batch_id: int, token: str) -> bool:
    return station.current_batch_id == batch_id and station.run_token == token


def _claim_of(session: Session, settings: Settings, name: str, batch_id: int) -> Claim | None:
    """The card an earlier try of this claim committed, if the printer has not been touched yet."""
    row = session.execute(
        select(Card, CardPrintAttempt)
        .join(CardPrintAttempt, CardPrintAttempt.card_id == Card.id)
        .where(
            Card.batch_id == batch_id,
            Card.state == CardState.PRINTING,
            Card.station == name,
            CardPrintAttempt.finished_at.is_(None),
            CardPrintAttempt.last_step.is_(None),
        )
        .order_by(CardPrintAttempt.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    card, attempt = row
    data = card_data_for(session, [card], signing_key(settings))[0]
    return Claim(card.id, attempt.id, batch_id, card.number, data)


def claim_next(
    session: Session, settings: Settings, name: str, batch_id: int, token: str, new_token: str | None = None
) -> Claim | None:
    """Claim the next queued card. ``new_token`` (the token this claim writes) lets a try repeated
    after a lost commit answer find the card its predecessor claimed instead of stopping the chain."""
    batch = session.get(PrintBatch, batch_id, with_for_update=True)  # the batch first, then the station
    station = load_station(session, name)
    if new_token is not None and station.run_token == new_token and station.current_batch_id == batch_id:
        return _claim_of(session, settings, name, batch_id)
    if not _current(station, batch_id, token):
        log.info("station %s: stale message for batch %d ignored", name, batch_id)
        return None
    station.heartbeat_at = utcnow()
    if batch is None or batch.state is not BatchState.PRINTING or station.state is not StationState.PRINTING:
        return None
    card = session.scalar(
        select(Card)
        .where(Card.batch_id == batch_id, Card.state == CardState.QUEUED)
        .order_by(Card.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if card is None:
        finish_if_done(session, settings, batch, station, actor=actor_for(name))
        return None
    transition(
        session,
        card,
        CardState.PRINTING,
        actor=actor_for(name),
        reason=f"station {name}",
        data={"station": name},
    )
    card.station = name
    attempt = CardPrintAttempt(card_id=card.id, batch_id=batch_id, station=name)
    session.add(attempt)
    session.flush()
    station.run_token = new_token or str(uuid.uuid4())
    after = session.scalar(
        select(Card)
        .where(Card.batch_id == batch_id, Card.state == CardState.QUEUED, Card.id > card.id)
        .order_by(Card.id)
        .limit(1)
    )
    data = card_data_for(session, [card, *([after] if after else [])], signing_key(settings))
    return Claim(card.id, attempt.id, batch_id, card.number, data[0], data[1] if after else None)


def _record_step(
    factory: sessionmaker[Session], name: str, claim: Claim, step: str, detail: dict[str, Any]
) -> None:
    # Only codes, UIDs and timings: never the names printed on the card.
    data = {
        "station": name,
        "attempt": claim.attempt_id,
        **{k: v for k, v in detail.items() if v is not None},
    }

    def write(session: Session) -> None:
        session.add(
            Event(
                **event_row(
                    "card",
                    claim.card_id,
                    CardState.PRINTING,
                    CardState.PRINTING,
                    actor_for(name),
                    step,
                    data,
                    utcnow(),
                )
            )
        )
        attempt = session.get(CardPrintAttempt, claim.attempt_id)
        assert attempt is not None
        attempt.last_step = step
        if detail.get("uid"):
            attempt.chip_uid = detail["uid"]

    try:
        _in_transaction(factory, name, write, retry_seconds=10.0)
    except LockLost:
        # Nothing more is written, but the card in the printer is finished rather than left stuck
        # inside it: the operator inspects it (the outcome is not recorded, see _record).
        stop_serving(name)
    except Exception as exc:
        # The trail of one step is lost; the card in the printer is not abandoned for it (the
        # outcome, which counts, is recorded with retries).
        if not is_transient(exc):
            raise
        log.warning(
            "station %s: step %s of card %s not recorded (%s)", name, step, claim.number, type(exc).__name__
        )


def record_outcome(
    session: Session, settings: Settings, name: str, claim: Claim, outcome: CardOutcome
) -> None:
    actor = actor_for(name)
    batch = session.get(PrintBatch, claim.batch_id, with_for_update=True)
    station = load_station(session, name)
    card = session.get(Card, claim.card_id, with_for_update=True)
    attempt = session.get(CardPrintAttempt, claim.attempt_id)
    assert card is not None and attempt is not None and batch is not None
    station.heartbeat_at = attempt.finished_at = utcnow()
    attempt.chip_uid = outcome.chip_uid or attempt.chip_uid
    attempt.reason_code, attempt.printer_job_id = outcome.reason_code, outcome.printer_job_id
    if card.state is not CardState.PRINTING:
        if attempt.outcome is None:
            log.error(
                "card %s is %s, not printing: outcome %s not recorded", card.number, card.state, outcome.kind
            )
            return
        # An earlier try committed but its answer was lost: carry on with the next card.
        _next_card(session, settings, station, batch, actor)
        return
    data: dict[str, Any] = {
        "station": name,
        "attempt": attempt.id,
        "chip_uid": outcome.chip_uid,
        "reason_code": outcome.reason_code,
        "printer_job": outcome.printer_job_id,
    }
    if outcome.kind is OutcomeKind.PRODUCED:
        card.chip_uid = outcome.chip_uid
        attempt.outcome = AttemptOutcome.PRODUCED
        transition(session, card, CardState.PRODUCED, actor=actor, reason="verified and printed", data=data)
    elif outcome.kind is OutcomeKind.SPOILED or outcome.blank_used:
        attempt.outcome = AttemptOutcome.SPOILED
        spoil_and_replace(
            session, settings, card, actor=actor, reason=outcome.reason_code or "spoiled", data=data
        )
    else:
        # The station stopped before this card left the hopper: it goes back and is printed later.
        attempt.outcome = AttemptOutcome.RETURNED
        transition(session, card, CardState.QUEUED, actor=actor, reason=outcome.reason_code, data=data)
        card.station = None
    if outcome.pauses_station:
        message = outcome.message_ru or "Ошибка оборудования станции."
        if outcome.card_in_printer:
            message += " Карта осталась в принтере: извлеките её."
        pause(session, station, batch, code=outcome.reason_code or "fault", reason_ru=message, actor=actor)
        log.warning("station %s paused: %s", name, outcome.reason_code)
    _next_card(session, settings, station, batch, actor)


def _next_card(
    session: Session, settings: Settings, station: PrintStation, batch: PrintBatch, actor: str
) -> None:
    running = (
        batch.state is BatchState.PRINTING
        and station.current_batch_id == batch.id
        and station.state is StationState.PRINTING
    )
    if running and not finish_if_done(session, settings, batch, station, actor=actor):
        send_step(session, station)


def run_station_step(
    factory: sessionmaker[Session], settings: Settings, name: str, batch_id: int, token: str
) -> str | None:
    """Personalise the next card of the batch; returns its number (None when there was nothing)."""
    try:
        return _station_step(factory, settings, name, batch_id, token)
    except LockLost:
        stop_serving(name)
        return None


def _station_step(
    factory: sessionmaker[Session], settings: Settings, name: str, batch_id: int, token: str
) -> str | None:
    record_unrecorded(name)  # the card before this one, if the database did not take its outcome
    new_token = str(uuid.uuid4())
    claim = _in_transaction(
        factory, name, lambda session: claim_next(session, settings, name, batch_id, token, new_token)
    )
    if claim is None:
        return None
    devices = devices_for(settings, name)
    renderer = _renderer(settings, name)
    renderer.expect(claim.next_data)
    touched: list[str] = []

    def on_step(step: str, detail: dict[str, Any]) -> None:
        touched.append(step)
        _record_step(factory, name, claim, step, detail)

    try:
        outcome = personalise_card(claim.data, devices.printer, devices.encoder, renderer, on_step=on_step)
    except LockLost:  # from the printer's steps: never here, kept for safety
        raise
    except Exception as exc:  # a bug or a broken device driver: stop safely, never guess
        log.exception("station %s: card %s failed unexpectedly", name, claim.number)
        fed, error = bool(touched), exc
        _record(
            factory,
            settings,
            name,
            lambda session: _unexpected(session, settings, name, claim, error, fed=fed),
        )
        return claim.number
    _record(factory, settings, name, lambda session: record_outcome(session, settings, name, claim, outcome))
    return claim.number


def _record(
    factory: sessionmaker[Session], settings: Settings, name: str, record: Callable[[Session], None]
) -> None:
    """Record a card's outcome; if the database stays away, keep it for the heartbeat to record."""
    try:
        _in_transaction(factory, name, record)
    except LockLost:
        raise
    except Exception as exc:
        if not is_transient(exc):
            raise
        with _unrecorded_mutex:
            _unrecorded[name] = _Unrecorded(factory, settings, record)
        log.error(
            "station %s: outcome not recorded yet (%s): kept until the database answers",
            name,
            type(exc).__name__,
        )
        raise


def _unexpected(
    session: Session, settings: Settings, name: str, claim: Claim, exc: Exception, *, fed: bool
) -> None:
    batch = session.get(PrintBatch, claim.batch_id, with_for_update=True)
    station = load_station(session, name)
    card = session.get(Card, claim.card_id, with_for_update=True)
    attempt = session.get(CardPrintAttempt, claim.attempt_id)
    assert card is not None and batch is not None and attempt is not None
    if card.state is not CardState.PRINTING:  # an earlier try committed; its answer was lost
        return
    attempt.finished_at = utcnow()
    data = {"station": name, "error": type(exc).__name__}
    if fed:
        attempt.outcome = AttemptOutcome.INTERRUPTED
        transition(
            session,
            card,
            CardState.NEEDS_INSPECTION,
            actor=actor_for(name),
            reason="station error mid-card",
            data=data,
        )
    else:
        attempt.outcome = AttemptOutcome.RETURNED
        transition(session, card, CardState.QUEUED, actor=actor_for(name), reason="station error", data=data)
        card.station = None
    pause(
        session,
        station,
        batch,
        code="station_error",
        actor=actor_for(name),
        reason_ru=device_fault_ru(exc),
    )


def device_fault_ru(exc: BaseException) -> str:
    """What the operator reads when a card stopped on an error the devices did not classify.

    The adapters turn the faults they know into printer or encoder outcomes; what reaches here is
    mostly a device that does not answer at all (pcscd stopped, the printer's address unreachable).
    Saying so in words beats an exception name.
    """
    module = type(exc).__module__
    if module.startswith(("smartcard", "adapters.pcsc")):
        return ru.DEVICE_FAULTS["card_reader"]
    if isinstance(exc, ConnectionError | TimeoutError) or module.startswith(("requests", "urllib3")):
        return ru.DEVICE_FAULTS["no_connection"]
    return ru.DEVICE_FAULTS["internal"].format(code=type(exc).__name__)


def recover_station(session: Session, settings: Settings, name: str, host: str | None = None) -> list[str]:
    """Run when a station worker starts: cards the previous process left mid-way need inspection."""
    current = session.scalar(select(PrintStation.current_batch_id).where(PrintStation.name == name))
    if current is not None:
        session.get(PrintBatch, current, with_for_update=True)  # the batch first, then the station
    station = load_station(session, name)
    station.heartbeat_at = utcnow()
    station.worker_host = host or station.worker_host
    numbers = inspect_left_cards(
        session,
        station,
        why="station restarted while the card was in progress",
        pause_ru=lambda numbers: (
            f"Станция «{name}» была перезапущена во время печати карты {numbers}. Проверьте "
            "принтер и эту карту, отметьте её годной или испорченной и продолжите партию."
        ),
    )
    batch = session.get(PrintBatch, station.current_batch_id) if station.current_batch_id else None
    if (
        not numbers
        and batch is not None
        and batch.state is BatchState.PRINTING
        and station.state is StationState.PRINTING
    ):
        send_step(session, station)  # the message of the next card may have died with the worker
    return numbers


def inspect_left_cards(
    session: Session, station: PrintStation, *, why: str, pause_ru: Callable[[str], str]
) -> list[str]:
    """Cards still ``printing`` on a station whose process is gone become ``needs_inspection`` and
    the station's batch pauses with ``pause_ru(numbers)``. The caller holds the station row lock."""
    name = station.name
    actor = actor_for(name)
    cards = session.scalars(
        select(Card)
        .where(Card.state == CardState.PRINTING, Card.station == name)
        .order_by(Card.id)
        .with_for_update()
    ).all()
    for card in cards:
        attempt = session.scalar(
            select(CardPrintAttempt)
            .where(CardPrintAttempt.card_id == card.id, CardPrintAttempt.finished_at.is_(None))
            .order_by(CardPrintAttempt.id.desc())
            .limit(1)
        )
        data: dict[str, Any] = {"station": name}
        if attempt is not None:
            attempt.outcome, attempt.finished_at = AttemptOutcome.INTERRUPTED, utcnow()
            data.update(attempt=attempt.id, last_step=attempt.last_step, chip_uid=attempt.chip_uid)
        transition(session, card, CardState.NEEDS_INSPECTION, actor=actor, reason=why, data=data)
        log.warning(
            "station %s: card %s left mid-way (last step %s): needs inspection",
            name,
            card.number,
            data.get("last_step"),
        )
    batch = session.get(PrintBatch, station.current_batch_id) if station.current_batch_id else None
    if cards and batch is not None and batch.state is BatchState.PRINTING:
        pause(
            session,
            station,
            batch,
            code=INSPECTION_PAUSE,
            actor=actor,
            reason_ru=pause_ru(", ".join(c.number for c in cards)),
        )
    return [c.number for c in cards]
