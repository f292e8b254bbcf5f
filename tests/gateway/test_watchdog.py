"""The watchdog beat job: work whose owner is gone is resumed or handed to the operator.

Real PostgreSQL with real commits; the station cases are set up in the database as a dead or a
stalled station leaves them (a station process is not needed to be *absent*); the lock of a live
station is held by the test itself, exactly as ``gateway station`` holds it. Uploads go through the
real Celery worker on RabbitMQ.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select, update

from gateway.db.base import utcnow
from gateway.db.locks import exclusive
from gateway.db.session import unit_of_work
from gateway.lifecycle import transition
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardPrintAttempt,
    CardState,
    PrintBatch,
    PrintStation,
    Role,
    StationState,
    Upload,
    UploadState,
)
from gateway.printing.runner import station_lock_name
from gateway.watchdog import STATION_GONE, run_watchdog
from tests.factories import auth, make_member, make_primary, make_region
from tests.gateway.printing.conftest import _purge_station_queue, cards_of, make_batch, wait_for
from tests.gateway.web.support import login, make_user

pytestmark = pytest.mark.timeout(120)


def _later(minutes: float) -> dt.datetime:
    return utcnow() + dt.timedelta(minutes=minutes)


def _started_batch(app: Any, cards: int = 3) -> Any:
    _purge_station_queue(app)
    demo = make_batch(app, {"77": cards})
    r = app.test_client().post(
        f"/api/v1/batches/{demo.batch_id}/start", json={"station": "main"}, headers=auth(demo.operator)
    )
    assert r.status_code == 200, r.json
    return demo


def _put_card_in_printer(app: Any, batch_id: int) -> Card:
    """What a station's claim commits: the first queued card ``printing`` with an open attempt."""
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        card = s.scalars(
            select(Card).where(Card.batch_id == batch_id, Card.state == CardState.QUEUED).order_by(Card.id)
        ).first()
        assert card is not None
        transition(s, card, CardState.PRINTING, actor="station:main", reason="station main")
        card.station = "main"
        s.add(CardPrintAttempt(card_id=card.id, batch_id=batch_id, station="main", last_step="print"))
        s.execute(update(PrintStation).values(heartbeat_at=utcnow()))
        return card


def _batch(app: Any, batch_id: int) -> PrintBatch:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        batch = s.get(PrintBatch, batch_id)
        assert batch is not None
        return batch


def _station(app: Any) -> PrintStation:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        station = s.scalar(select(PrintStation).where(PrintStation.name == "main"))
        assert station is not None
        return station


def _watchdog(app: Any, minutes_later: float) -> Any:
    return run_watchdog(
        app.extensions["gateway.sessionmaker"], app.extensions["gateway.settings"], now=_later(minutes_later)
    )


def test_card_printing_on_a_station_whose_process_is_gone_goes_to_inspection(committed_app: Any) -> None:
    app = committed_app
    demo = _started_batch(app)
    card = _put_card_in_printer(app, demo.batch_id)

    # Within the heartbeat's grace the station may just be restarting: nothing is touched.
    assert _watchdog(app, minutes_later=0).cards_to_inspect == []
    report = _watchdog(app, minutes_later=5)  # no process holds the station's lock, no heartbeat
    assert report.cards_to_inspect == [card.number]
    assert report.batches_handed_over == [demo.batch_id]
    after = next(c for c in cards_of(app) if c.id == card.id)
    assert after.state is CardState.NEEDS_INSPECTION
    batch = _batch(app, demo.batch_id)
    assert batch.state is BatchState.PAUSED and card.number in (batch.pause_reason or "")
    assert "перестала работать" in (batch.pause_reason or "")
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        attempt = s.scalar(select(CardPrintAttempt).where(CardPrintAttempt.card_id == card.id))
        assert attempt is not None and attempt.outcome is not None and attempt.outcome.value == "interrupted"
    # Handed over: the operator sees the card and the batch on the dashboard's attention list.
    page = _operator_dashboard(app)
    assert card.number in page and "перестала работать" in page
    # A second pass finds nothing more to do.
    assert not any(_watchdog(app, minutes_later=6).as_dict().values())
    _purge_station_queue(app)


def test_batch_with_queued_cards_on_a_dead_station_is_paused_for_the_operator(committed_app: Any) -> None:
    app = committed_app
    demo = _started_batch(app)
    report = _watchdog(app, minutes_later=5)
    assert report.batches_handed_over == [demo.batch_id] and report.cards_to_inspect == []
    batch = _batch(app, demo.batch_id)
    assert batch.state is BatchState.PAUSED
    assert (
        "Станция «main» не работает" in (batch.pause_reason or "")
        and "ждут печати карт: 3" in batch.pause_reason
    )
    station = _station(app)
    assert station.state is StationState.PAUSED and station.pause_code == STATION_GONE
    # Nothing was lost: the three cards still wait in the batch, and resume starts them again.
    assert [c.state for c in cards_of(app, demo.batch_id)] == [CardState.QUEUED] * 3
    _purge_station_queue(app)


def test_stalled_batch_on_a_live_station_is_started_again_with_a_new_token(committed_app: Any) -> None:
    app = committed_app
    engine = app.extensions["gateway.engine"]
    demo = _started_batch(app)
    with exclusive(engine, station_lock_name("main")):  # the live station process
        token = _station(app).run_token
        assert _watchdog(app, minutes_later=1).batches_restarted == []  # recently active: left alone
        report = _watchdog(app, minutes_later=30)  # its chain of messages was lost long ago
        assert report.batches_restarted == [demo.batch_id]
        assert report.batches_handed_over == [] and report.cards_to_inspect == []
        station = _station(app)
        assert station.run_token not in (None, token) and station.state is StationState.PRINTING
        assert _batch(app, demo.batch_id).state is BatchState.PRINTING
        # The step message went to the station's queue, carrying the new token.
        with app.extensions["celery"].connection_for_write() as conn:
            queue = conn.SimpleQueue("station.main")
            tokens = []
            while True:
                try:
                    message = queue.get(timeout=1)
                except queue.Empty:
                    break
                tokens.append(message.payload[0][2])
                message.ack()
            queue.close()
        assert station.run_token in tokens
        # A card in the printer of a live station is the station's business, not the watchdog's.
        card = _put_card_in_printer(app, demo.batch_id)
        assert not any(_watchdog(app, minutes_later=30).as_dict().values())
        assert next(c for c in cards_of(app) if c.id == card.id).state is CardState.PRINTING
    _purge_station_queue(app)


@pytest.fixture()
def members(committed_app: Any) -> dict[str, Any]:
    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        region = make_region(s, "77")
        primary = make_primary(s, region, code="P77-1")
        refs = [
            str(make_member(s, primary, surname=f"Смирнов{'а' * i}", name="Иван").onec_ref) for i in range(30)
        ]
        return {"region_id": region.id, "refs": refs}


def _queued_upload(app: Any, region_id: int, refs: list[str], created_minutes_ago: float) -> int:
    """An upload whose task message was lost (the broker went away right after the commit)."""
    content = ("Код 1С;Причина\r\n" + "\r\n".join(f"{r};первичный" for r in refs)).encode("cp1251")
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        upload = Upload(
            region_id=region_id,
            submitted_by="test",
            filename="заявка.csv",
            content=content,
            all_or_nothing=False,
            state=UploadState.QUEUED,
            file_format="csv",
            created_at=utcnow() - dt.timedelta(minutes=created_minutes_ago),
        )
        s.add(upload)
        s.flush()
        return upload.id


def test_uploads_without_a_live_worker_are_sent_again_and_finish_once(
    worker_app: Any, members: dict[str, Any]
) -> None:
    app = worker_app
    refs = members["refs"]
    young = _queued_upload(app, members["region_id"], refs[:10], created_minutes_ago=1)
    lost = _queued_upload(app, members["region_id"], refs[10:20], created_minutes_ago=30)
    # A worker died half-way: ``processing``, no lock held (the resume point is what was committed).
    dead = _queued_upload(app, members["region_id"], refs[20:], created_minutes_ago=30)
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        s.execute(update(Upload).where(Upload.id == dead).values(state=UploadState.PROCESSING))

    report = run_watchdog(app.extensions["gateway.sessionmaker"], app.extensions["gateway.settings"])
    assert report.uploads_resent == [lost, dead]  # the young one may still be waiting its turn

    def finished() -> bool:
        with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
            states = s.scalars(select(Upload.state).where(Upload.id.in_([lost, dead]))).all()
            return all(st is UploadState.DONE for st in states)

    wait_for(finished, what="the uploads sent again finishing")
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        for upload_id in (lost, dead):
            upload = s.get(Upload, upload_id)
            assert upload is not None and (upload.accepted_rows, upload.rejected_rows) == (10, 0)
        # Every member ordered once: nothing lost, nothing twice.
        per_member = s.execute(select(CardOrder.member_id, func.count()).group_by(CardOrder.member_id)).all()
        assert len(per_member) == 20 and {n for _m, n in per_member} == {1}
        assert s.get(Upload, young).state is UploadState.QUEUED  # type: ignore[union-attr]


def _operator_dashboard(app: Any) -> str:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        make_user(s, "watch-op", Role.OPERATOR)
    client = app.test_client()
    assert login(client, "watch-op").status_code in (302, 303)
    r = client.get("/dashboard")
    assert r.status_code == 200
    return r.get_data(as_text=True)
