"""The watchdog: one beat job that finds work whose owner is gone and resumes it or hands it to the
operators (the dashboard's attention list shows paused batches with their reason).

- An upload ``processing`` whose lock no worker holds (the worker died, or its task failed and was
  acknowledged), or ``queued`` for longer than ``stale_minutes`` without a worker taking it (its
  message was lost): its task is sent again; it resumes after the last committed chunk, and the
  upload's lock keeps a second copy from running beside the first.
- A print station whose process no longer holds the station's lock (and whose heartbeat is stale):
  a card left ``printing`` on it becomes ``needs_inspection`` (it may be in the printer), and its
  batch pauses with a Russian reason for the operator — never printed again automatically.
- A batch ``printing`` on a live station with queued cards, no card in hand and no card started or
  finished for ``stale_minutes`` (its chain of messages was lost): the station gets a new run token
  and its next card is sent again; a left-over message of the old chain finds a stale token.

Every decision about a station is taken holding the station's row lock — the lock the station's own
claim and start-up recovery take — so the watchdog and a station starting up never both act.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from celery import shared_task
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gateway.db.base import utcnow
from gateway.db.locks import is_held
from gateway.db.session import unit_of_work
from gateway.models import (
    BatchState,
    Card,
    CardPrintAttempt,
    CardState,
    PrintBatch,
    PrintStation,
    StationState,
    Upload,
    UploadState,
)
from gateway.printing.runner import station_lock_name
from gateway.printing.station import finish_if_done, load_station, pause, send_step
from gateway.printing.worker import inspect_left_cards
from gateway.settings import Settings

log = logging.getLogger(__name__)

ACTOR = "system:watchdog"
STATION_GONE = "station_gone"


@dataclass
class WatchdogReport:
    uploads_resent: list[int] = field(default_factory=list)
    batches_restarted: list[int] = field(default_factory=list)
    batches_handed_over: list[int] = field(default_factory=list)
    cards_to_inspect: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def run_watchdog(
    factory: sessionmaker[Session], settings: Settings, *, now: dt.datetime | None = None
) -> WatchdogReport:
    now = now or utcnow()
    report = WatchdogReport()
    _uploads(factory, settings, now, report)
    with factory() as session:
        names = set(
            session.scalars(select(PrintStation.name).where(PrintStation.current_batch_id.is_not(None)))
        )
        names.update(
            n
            for n in session.scalars(select(Card.station).where(Card.state == CardState.PRINTING).distinct())
            if n
        )
    for name in sorted(names):
        with unit_of_work(factory) as session:
            _station(session, settings, name, now, report)
    if any(report.as_dict().values()):
        log.warning("watchdog: %s", report.as_dict())
    return report


def _uploads(
    factory: sessionmaker[Session], settings: Settings, now: dt.datetime, report: WatchdogReport
) -> None:
    from gateway.orders.tasks import process_upload_task, upload_lock_name

    waited = now - dt.timedelta(minutes=settings.watchdog.stale_minutes)
    with factory() as session:
        rows = session.execute(
            select(Upload.id, Upload.state, Upload.created_at)
            .where(Upload.state.in_([UploadState.QUEUED, UploadState.PROCESSING]))
            .order_by(Upload.id)
        ).all()
        for upload_id, state, created_at in rows:
            if state is UploadState.QUEUED and (_aware(created_at) or now) > waited:
                continue  # still waiting its turn in the broker
            if is_held(session, upload_lock_name(upload_id)):
                continue  # a live worker is on it
            process_upload_task.apply_async(args=(upload_id,))
            report.uploads_resent.append(upload_id)
            log.warning("watchdog: upload %d (%s) had no live worker: sent again", upload_id, state.value)


def _station(
    session: Session, settings: Settings, name: str, now: dt.datetime, report: WatchdogReport
) -> None:
    # The locks the station's claim and recovery take too, in their order: the batch, the station.
    current = session.scalar(select(PrintStation.current_batch_id).where(PrintStation.name == name))
    batch = session.get(PrintBatch, current, with_for_update=True) if current else None
    station = load_station(session, name)
    if station.current_batch_id != current:
        return  # moved on between the two reads: look again next time
    if not is_held(session, station_lock_name(name)):
        beat = _aware(station.heartbeat_at)
        if beat is not None and beat > now - dt.timedelta(seconds=settings.printing.heartbeat_stale_seconds):
            return  # stopped a moment ago or starting up: look again next time
        _station_gone(session, settings, station, batch, beat, report)
        return
    if batch is None or batch.state is not BatchState.PRINTING or station.state is not StationState.PRINTING:
        return
    in_hand = session.scalar(
        select(func.count()).where(Card.station == name, Card.state == CardState.PRINTING)
    )
    if in_hand:
        return  # the station is on a card (its heartbeat records an outcome the database refused)
    queued = session.scalar(
        select(func.count()).where(Card.batch_id == batch.id, Card.state == CardState.QUEUED)
    )
    if not queued:
        finish_if_done(session, settings, batch, station, actor=ACTOR)
        return
    last = session.scalar(
        select(func.max(func.coalesce(CardPrintAttempt.finished_at, CardPrintAttempt.started_at))).where(
            CardPrintAttempt.batch_id == batch.id
        )
    )
    moments = [m for m in (_aware(last), _aware(batch.updated_at)) if m is not None]
    if moments and max(moments) > now - dt.timedelta(minutes=settings.watchdog.stale_minutes):
        return
    station.run_token = str(uuid.uuid4())  # whatever is left of the old chain stops at its token
    send_step(session, station)
    report.batches_restarted.append(batch.id)
    log.warning("watchdog: batch %d on station %s had stopped moving: next card sent again", batch.id, name)


def _station_gone(
    session: Session,
    settings: Settings,
    station: PrintStation,
    batch: PrintBatch | None,
    beat: dt.datetime | None,
    report: WatchdogReport,
) -> None:
    name = station.name
    numbers = inspect_left_cards(
        session,
        station,
        why="station process gone (watchdog)",
        pause_ru=lambda numbers: (
            f"Станция «{name}» перестала работать во время печати карты {numbers}. Проверьте "
            "принтер и эту карту, отметьте её годной или испорченной, запустите станцию и продолжите партию."
        ),
    )
    report.cards_to_inspect.extend(numbers)
    if batch is None or batch.state is not BatchState.PRINTING:
        if numbers and batch is not None:
            report.batches_handed_over.append(batch.id)
        return
    queued = session.scalar(
        select(func.count()).where(Card.batch_id == batch.id, Card.state == CardState.QUEUED)
    )
    if not queued:
        # The other stations may have printed the rest: the batch closes or waits for inspection.
        finish_if_done(session, settings, batch, station, actor=ACTOR)
        return
    if station.state is not StationState.PRINTING:
        return  # already paused with its reason (and the batch with it when it was the last)
    since = f" с {beat.astimezone(dt.UTC):%d.%m.%Y %H:%M} UTC" if beat is not None else ""
    pause(
        session,
        station,
        batch,
        code=STATION_GONE,
        actor=ACTOR,
        reason_ru=f"Станция «{name}» не работает (нет связи{since}), в партии ждут печати карт: {queued}. "
        "Запустите станцию и продолжите партию.",
    )
    report.batches_handed_over.append(batch.id)
    log.warning("watchdog: station %s is gone: batch %d paused for the operator", name, batch.id)


# The beat job. The registered name predates this module: queued messages still resolve.
@shared_task(name="gateway.tasks.watchdog_task")
def watchdog_task() -> dict[str, Any]:
    # No retry: beat runs it again in a couple of minutes anyway.
    report = run_watchdog(
        current_app.extensions["gateway.sessionmaker"], current_app.extensions["gateway.settings"]
    )
    return report.as_dict()
