"""Starting a batch on several stations over the API: every bad request gets a Russian error and
changes nothing; a station can join a batch that is printing; the operator's pause stops every
station of the batch, and resume starts them all again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from kombu import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gateway.models import BatchState, PrintBatch, PrintStation, StationState
from tests.conftest import ROLLBACK_QUEUE, make_test_settings
from tests.factories import auth

from .conftest import make_batch


@pytest.fixture()
def sapp(session_factory: sessionmaker[Session]) -> Iterator[Any]:
    from gateway.app import create_app

    application = create_app(
        make_test_settings(printing={"stations": {"main": {}, "spare": {}, "third": {}}})
    )
    application.extensions["gateway.sessionmaker"] = session_factory
    celery = application.extensions["celery"]
    celery.conf.task_default_queue = ROLLBACK_QUEUE
    celery.conf.task_queues = [Queue(ROLLBACK_QUEUE)]
    yield application
    application.extensions["gateway.engine"].dispose()


def _start(client: Any, batch_id: int, token: str, body: Any) -> Any:
    return client.post(f"/api/v1/batches/{batch_id}/start", json=body, headers=auth(token))


def _stations(db: Session) -> dict[str, tuple[StationState, int | None]]:
    db.expire_all()
    return {s.name: (s.state, s.current_batch_id) for s in db.scalars(select(PrintStation))}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_field"),
        ({"stations": []}, "invalid_field"),
        ({"stations": "main"}, "invalid_field"),
        ({"stations": ["main", 5]}, "invalid_field"),
        ({"stations": ["main", ""]}, "invalid_field"),
        ({"station": "main", "stations": ["spare"]}, "invalid_field"),
        ({"stations": ["main", "nowhere"]}, "station_not_found"),
    ],
)
def test_bad_station_lists_are_refused_in_russian_and_change_nothing(
    sapp: Any, db: Session, body: Any, code: str
) -> None:
    demo = make_batch(sapp, {"77": 2})
    r = _start(sapp.test_client(), demo.batch_id, demo.operator, body)
    assert r.status_code == 422, r.json
    message = r.json["error"]["message"]
    assert r.json["error"]["code"] == code and re.search("[а-яё]", message.lower()), r.json
    batch = db.get(PrintBatch, demo.batch_id)
    assert batch is not None and batch.state is BatchState.FORMED and batch.station is None
    assert _stations(db) == {}


def test_batch_on_two_stations_then_a_third_joins_and_pause_resume_covers_all(sapp: Any, db: Session) -> None:
    demo = make_batch(sapp, {"77": 3})
    client = sapp.test_client()
    r = _start(client, demo.batch_id, demo.operator, {"stations": ["spare", "main", "main"]})
    assert r.status_code == 200 and r.json["station"] == "main,spare", r.json
    assert _stations(db) == {
        "main": (StationState.PRINTING, demo.batch_id),
        "spare": (StationState.PRINTING, demo.batch_id),
    }
    # The same stations again: nothing to add.
    r = _start(client, demo.batch_id, demo.operator, {"station": "main"})
    assert r.status_code == 409 and r.json["error"]["code"] == "station_already_assigned", r.json
    r = _start(client, demo.batch_id, demo.operator, {"stations": ["third"]})
    assert r.status_code == 200 and r.json["station"] == "main,spare,third", r.json

    # A busy station cannot take a second batch.
    other = make_batch(sapp, {"50": 1})
    r = _start(client, other.batch_id, other.operator, {"stations": ["third"]})
    assert r.status_code == 409 and r.json["error"]["code"] == "station_busy", r.json
    assert "№" in r.json["error"]["message"]

    r = client.post(f"/api/v1/batches/{demo.batch_id}/pause", headers=auth(demo.operator))
    assert r.status_code == 200 and r.json["state"] == "paused", r.json
    assert {s for s, _ in _stations(db).values()} == {StationState.PAUSED}
    r = client.post(f"/api/v1/batches/{demo.batch_id}/resume", headers=auth(demo.operator))
    assert r.status_code == 200 and r.json["state"] == "printing", r.json
    assert {s for s, _ in _stations(db).values()} == {StationState.PRINTING}
    r = client.post(f"/api/v1/batches/{demo.batch_id}/resume", headers=auth(demo.operator))
    assert r.status_code == 409 and r.json["error"]["code"] == "batch_not_paused", r.json


def test_a_station_fault_pauses_that_station_only_until_the_last_one_stops(sapp: Any, db: Session) -> None:
    from gateway.printing.station import load_station, pause, resume_batch

    demo = make_batch(sapp, {"77": 3})
    client = sapp.test_client()
    assert _start(client, demo.batch_id, demo.operator, {"stations": ["main", "spare"]}).status_code == 200
    batch = db.get(PrintBatch, demo.batch_id, with_for_update=True)
    assert batch is not None
    main = load_station(db, "main")
    pause(
        db, main, batch, code="printer_out_of_cards", reason_ru="Закончились заготовки.", actor="station:main"
    )
    db.commit()
    assert batch.state is BatchState.PRINTING and batch.pause_reason is None
    assert _stations(db) == {
        "main": (StationState.PAUSED, demo.batch_id),
        "spare": (StationState.PRINTING, demo.batch_id),
    }
    # The operator loaded cards: resume restarts the paused station, the batch was never paused.
    resume_batch(db, sapp.extensions["gateway.settings"], batch, actor="operator")
    db.commit()
    assert {s for s, _ in _stations(db).values()} == {StationState.PRINTING}
    # The last printing station to stop pauses the batch with its reason.
    batch = db.get(PrintBatch, demo.batch_id, with_for_update=True)
    assert batch is not None
    for name in ("main", "spare"):
        pause(
            db,
            load_station(db, name),
            batch,
            code="printer_jam",
            reason_ru="Замятие.",
            actor=f"station:{name}",
        )
    db.commit()
    assert batch.state is BatchState.PAUSED and batch.pause_reason == "Замятие."
